import { describe, expect, it } from "vitest";
import { personalTagSchema } from "../../../lib/stats/personal-data";
import { MAX_MINUTES_SAVED, MAX_NOTE_LENGTH, tagAnswerSchema, tagRequestSchema } from "../../../lib/tagging/tag-input";

// One answer, one schema: the stored answer, the personal download and the request share its limits.
describe("the tag answer's limits are written once", () => {
  it.each([
    [MAX_MINUTES_SAVED, true],
    [MAX_MINUTES_SAVED + 1, false],
    [-1, false],
    [1.5, false],
  ])("minutes saved %d: valid %s, in the answer and in the personal download", (minutesSaved, ok) => {
    expect(tagAnswerSchema.safeParse({ category: "writing", minutesSaved }).success).toBe(ok);
    const tag = { toolId: "chatgpt", visitStart: "2026-11-25T10:00:00.000+01:00", category: "writing", minutesSaved };
    expect(personalTagSchema.safeParse(tag).success).toBe(ok);
  });

  it.each([
    [MAX_NOTE_LENGTH, true],
    [MAX_NOTE_LENGTH + 1, false],
  ])("a note of %d characters: valid %s", (length, ok) => {
    expect(tagAnswerSchema.safeParse({ category: "writing", minutesSaved: 5, note: "n".repeat(length) }).success).toBe(
      ok,
    );
  });

  it("the request takes minutes as entered, for a message per field, and bounds a flood of note", () => {
    expect(tagRequestSchema.safeParse({ visitId: 1, category: "writing", minutesSaved: "12" }).success).toBe(true);
    const flood = { visitId: 1, category: "writing", minutesSaved: 5, note: "n".repeat(MAX_NOTE_LENGTH * 4 + 1) };
    expect(tagRequestSchema.safeParse(flood).success).toBe(false);
  });
});
