import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { WeeklyRecord } from "../../../lib/report/aggregate-format";
import { buildTeamViewFromTotals, isSuppressed, weekTotalsOf } from "../../../lib/team/metrics";
import { PLAIN, record } from "./fixtures";

describe("weekTotalsOf", () => {
  it("sums a week's records and counts the people adding to each sum", () => {
    const records: WeeklyRecord[] = [
      record(1, {
        tools: [
          { toolId: "chatgpt", visits: 3, activeMinutes: 30 },
          { toolId: "claude", visits: 1, activeMinutes: 0 },
        ],
        tasks: [{ category: "writing", tags: 2, minutesSaved: 20 }],
      }),
      record(2, { tools: [], features: { active: false, activeInWeeks1to4: true } }),
      record(3, { tools: [{ toolId: "chatgpt", visits: 10, activeMinutes: 200 }] }),
      record(4, { week: "2026-W48", weeksSinceTraining: 11 }),
    ];
    const [w47, w48] = weekTotalsOf(records);
    expect(w47).toEqual({
      week: "2026-W47",
      weeksSinceTraining: 10,
      reporting: 3,
      active: 2,
      activeInWeeks1to4: 3,
      activeInWeeks1to4Active: 2,
      bands: [1, 0, 1, 0, 1],
      minutesSaved: { value: 20, people: 1 },
      tags: { value: 2, people: 1 },
      toolMinutes: { value: 230, people: 2 },
      toolVisits: { value: 14, people: 2 },
      tools: [
        { toolId: "chatgpt", minutes: { value: 230, people: 2 }, visits: { value: 13, people: 2 } },
        { toolId: "claude", minutes: { value: 0, people: 0 }, visits: { value: 1, people: 1 } },
      ],
      tasks: [{ category: "writing", minutesSaved: { value: 20, people: 1 }, tags: { value: 2, people: 1 } }],
    });
    expect(w48).toMatchObject({ week: "2026-W48", weeksSinceTraining: 11, reporting: 1 });
  });

  it("keeps one group per week and weeks since training", () => {
    const totals = weekTotalsOf([record(1), record(2, { weeksSinceTraining: null }), record(3)]);
    expect(totals.map((t) => [t.week, t.weeksSinceTraining, t.reporting])).toEqual([
      ["2026-W47", 10, 2],
      ["2026-W47", null, 1],
    ]);
  });
});

describe("buildTeamViewFromTotals", () => {
  const arbitraryRecord = (n: number) =>
    fc
      .record({
        week: fc.constantFrom("2026-W45", "2026-W46", "2026-W47"),
        weeksSinceTraining: fc.constantFrom(8, 9, 10, null),
        minutes: fc.constantFrom(0, 5, 30, 200),
        saved: fc.constantFrom(0, 15, 60),
        tool: fc.constantFrom("chatgpt", "claude", "gemini"),
        active: fc.boolean(),
        kept: fc.boolean(),
      })
      .map(
        (r): WeeklyRecord =>
          record(n, {
            week: r.week,
            weeksSinceTraining: r.weeksSinceTraining,
            tools: r.active ? [{ toolId: r.tool, visits: 2, activeMinutes: r.minutes }] : [],
            tasks: r.saved > 0 ? [{ category: "writing", tags: 1, minutesSaved: r.saved }] : [],
            features: { active: r.active, activeInWeeks1to4: r.kept },
          }),
      );
  const team = fc
    .integer({ min: 0, max: 40 })
    .chain((size) => fc.tuple(...Array.from({ length: size }, (_, i) => arbitraryRecord(i + 1))));

  it("gives the same view whatever the order of the records", () => {
    fc.assert(
      fc.property(team, (records) => {
        const reversed = [...records].reverse();
        expect(buildTeamViewFromTotals(weekTotalsOf(reversed), PLAIN)).toEqual(
          buildTeamViewFromTotals(weekTotalsOf(records), PLAIN),
        );
      }),
      { numRuns: 60 },
    );
  });

  it("hides a week of fewer than k people given as totals", () => {
    const view = buildTeamViewFromTotals(weekTotalsOf([record(1), record(2), record(3)]), PLAIN);
    expect(isSuppressed(view.summary.reportingPersonWeeks)).toBe(true);
    expect(view.weeks.every((week) => isSuppressed(week.reporting))).toBe(true);
  });
});
