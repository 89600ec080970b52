import { describe, expect, it } from "vitest";
import { DEFAULT_TASK_CATEGORIES } from "../../../lib/tagging/categories";
import { validateTagAnswer } from "../../../lib/tagging/tag-input";

describe("validateTagAnswer", () => {
  it.each<[string, { category: string; minutesSaved: unknown; note?: string }, string[]]>([
    ["a valid answer", { category: "coding", minutesSaved: 15 }, []],
    ["zero minutes", { category: "coding", minutesSaved: 0 }, []],
    ["the maximum", { category: "coding", minutesSaved: 480 }, []],
    ["over the maximum", { category: "coding", minutesSaved: 481 }, ["minutesSaved"]],
    ["negative minutes", { category: "coding", minutesSaved: -1 }, ["minutesSaved"]],
    ["fractional minutes", { category: "coding", minutesSaved: 2.5 }, ["minutesSaved"]],
    ["minutes as text", { category: "coding", minutesSaved: "15" }, ["minutesSaved"]],
    ["no minutes", { category: "coding", minutesSaved: null }, ["minutesSaved"]],
    ["NaN", { category: "coding", minutesSaved: Number.NaN }, ["minutesSaved"]],
    ["Infinity", { category: "coding", minutesSaved: Number.POSITIVE_INFINITY }, ["minutesSaved"]],
    ["a category not on the list", { category: "gaming", minutesSaved: 5 }, ["category"]],
    ["no category", { category: "", minutesSaved: 5 }, ["category"]],
    ["a prototype key as category", { category: "__proto__", minutesSaved: 5 }, ["category"]],
    ["both wrong", { category: "x", minutesSaved: 999 }, ["category", "minutesSaved"]],
    ["a note that is too long", { category: "coding", minutesSaved: 5, note: "x".repeat(501) }, ["note"]],
  ])("%s", (_name, request, wrong) => {
    const result = validateTagAnswer(request, DEFAULT_TASK_CATEGORIES);
    expect(result.ok ? [] : Object.keys(result.errors).sort()).toEqual(wrong);
  });

  it("keeps a trimmed note and drops an empty one", () => {
    const withNote = validateTagAnswer(
      { category: "other", minutesSaved: 5, note: "  draft  " },
      DEFAULT_TASK_CATEGORIES,
    );
    expect(withNote).toEqual({ ok: true, answer: { category: "other", minutesSaved: 5, note: "draft" } });
    const blank = validateTagAnswer({ category: "other", minutesSaved: 5, note: "   " }, DEFAULT_TASK_CATEGORIES);
    expect(blank).toEqual({ ok: true, answer: { category: "other", minutesSaved: 5 } });
  });

  it("checks against the list in force, e.g. a role-specific one", () => {
    const marketing = [{ id: "campaign-copy", label: "Draft campaign copy" }];
    expect(validateTagAnswer({ category: "campaign-copy", minutesSaved: 5 }, marketing).ok).toBe(true);
    expect(validateTagAnswer({ category: "coding", minutesSaved: 5 }, marketing).ok).toBe(false);
  });
});
