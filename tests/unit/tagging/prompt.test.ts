import { describe, expect, it } from "vitest";
import {
  countPrompt,
  declineToday,
  type PromptDay,
  type PromptRules,
  promptDayFor,
  shouldPrompt,
} from "../../../lib/tagging/prompt";

const rules: PromptRules = { enabled: true, minMinutes: 2, dailyLimit: 3 };
const day: PromptDay = { date: "2026-11-25", shown: 0, notToday: false };
const min = (m: number) => m * 60_000;

describe("shouldPrompt", () => {
  it.each<[string, { activeMs: number; prompt?: "pending" | "skipped" | "answered" }, PromptRules, PromptDay, string]>([
    ["a long enough visit is asked about", { activeMs: min(5) }, rules, day, "ask"],
    ["exactly the minimum is enough", { activeMs: min(2) }, rules, day, "ask"],
    ["shorter than the minimum", { activeMs: min(2) - 1 }, rules, day, "too-short"],
    ["prompting switched off", { activeMs: min(30) }, { ...rules, enabled: false }, day, "disabled"],
    ["already asked (a merged visit)", { activeMs: min(30), prompt: "pending" }, rules, day, "already-asked"],
    ["already skipped", { activeMs: min(30), prompt: "skipped" }, rules, day, "already-asked"],
    ["already answered", { activeMs: min(30), prompt: "answered" }, rules, day, "already-asked"],
    ["the user chose not today", { activeMs: min(30) }, rules, { ...day, notToday: true }, "not-today"],
    ["the daily limit is reached", { activeMs: min(30) }, rules, { ...day, shown: 3 }, "daily-limit"],
    ["one below the daily limit", { activeMs: min(30) }, rules, { ...day, shown: 2 }, "ask"],
    ["a limit of zero never asks", { activeMs: min(30) }, { ...rules, dailyLimit: 0 }, day, "daily-limit"],
    ["a minimum of zero asks after any visit", { activeMs: 1 }, { ...rules, minMinutes: 0 }, day, "ask"],
  ])("%s", (_name, visit, r, d, expected) => {
    const decision = shouldPrompt(visit, r, d);
    expect(decision.ask ? "ask" : decision.reason).toBe(expected);
  });
});

describe("the prompt day", () => {
  it.each([
    ["nothing stored yet", null, { date: "2026-11-25", shown: 0, notToday: false }],
    [
      "today's record is kept",
      { date: "2026-11-25", shown: 2, notToday: true },
      { date: "2026-11-25", shown: 2, notToday: true },
    ],
    [
      "yesterday's record starts afresh",
      { date: "2026-11-24", shown: 3, notToday: true },
      { date: "2026-11-25", shown: 0, notToday: false },
    ],
  ])("%s", (_name, stored, expected) => {
    expect(promptDayFor(stored, "2026-11-25")).toEqual(expected);
  });

  it("counts prompts and remembers 'not today'", () => {
    expect(countPrompt(countPrompt(day)).shown).toBe(2);
    expect(declineToday(day).notToday).toBe(true);
  });
});
