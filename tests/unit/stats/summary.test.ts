import { describe, expect, it } from "vitest";
import type { DayRow, TagRow } from "../../../lib/db/database";
import { formatDuration, periodSavings, summarizeUsage, summaryStartDate } from "../../../lib/stats/summary";

const day = (date: string, toolId: string, minutes: number, visits: number): DayRow => ({
  date,
  toolId,
  activeMs: minutes * 60_000,
  visits,
});
const tag = (date: string, category: string, minutesSaved: number): TagRow => ({
  visitId: Math.random(),
  toolId: "chatgpt",
  visitStart: 0,
  date,
  category,
  minutesSaved,
  taggedAt: 0,
});

describe("summarizeUsage", () => {
  // 2026-11-25 is a Wednesday in ISO week 2026-W48 (Monday 23 November).
  const days = [
    day("2026-11-25", "chatgpt", 30, 2),
    day("2026-11-25", "claude", 10, 1),
    day("2026-11-23", "chatgpt", 20, 1),
    day("2026-11-22", "chatgpt", 60, 3), // Sunday of the week before
    day("2026-09-01", "chatgpt", 99, 9), // outside the 8-week trend
  ];
  const tags = [
    tag("2026-11-25", "coding", 15),
    tag("2026-11-24", "coding", 5),
    tag("2026-11-23", "writing", 30),
    tag("2026-11-20", "other", 60),
  ];
  const summary = summarizeUsage(days, tags, "2026-11-25");

  it("sums today and this ISO week, per tool, largest first", () => {
    expect(summary.today).toEqual({
      activeSeconds: 2400,
      visits: 3,
      perTool: [
        { toolId: "chatgpt", activeSeconds: 1800, visits: 2 },
        { toolId: "claude", activeSeconds: 600, visits: 1 },
      ],
    });
    expect(summary.week.activeSeconds).toBe(3600);
    expect(summary.week.visits).toBe(4);
  });

  it("gives an 8-week trend, oldest first, ending with this week", () => {
    expect(summary.trend.map((p) => p.week)).toEqual([
      "2026-W41",
      "2026-W42",
      "2026-W43",
      "2026-W44",
      "2026-W45",
      "2026-W46",
      "2026-W47",
      "2026-W48",
    ]);
    expect(summary.trend.at(-1)).toEqual({ week: "2026-W48", activeSeconds: 3600, visits: 4 });
    expect(summary.trend.at(-2)).toEqual({ week: "2026-W47", activeSeconds: 3600, visits: 3 });
    expect(summary.trend.reduce((sum, p) => sum + p.visits, 0)).toBe(7);
  });

  it("sums minutes saved this week per task category", () => {
    expect(summary.savedThisWeek).toEqual({
      minutes: 50,
      tags: 3,
      perCategory: [
        { category: "writing", minutes: 30, tags: 1 },
        { category: "coding", minutes: 20, tags: 2 },
      ],
    });
    expect(periodSavings(tags.filter((row) => row.date === "2026-11-25")).minutes).toBe(15);
  });

  it("is empty, not broken, without data", () => {
    const empty = summarizeUsage([], [], "2026-11-25");
    expect(empty.today).toEqual({ activeSeconds: 0, visits: 0, perTool: [] });
    expect(empty.trend).toHaveLength(8);
    expect(empty.savedThisWeek.tags).toBe(0);
  });

  it("reads from the Monday seven weeks back", () => {
    expect(summaryStartDate("2026-11-25")).toBe("2026-10-05");
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "0 s"],
    [59.4, "59 s"],
    [60, "1 min"],
    [3599, "59 min"],
    [3600, "1 h 00 min"],
    [5 * 3600 + 7 * 60, "5 h 07 min"],
  ])("%s s → %s", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
