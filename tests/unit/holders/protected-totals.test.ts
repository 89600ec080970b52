import { describe, expect, it } from "vitest";
import { viewTotalsOf, weeksSinceTrainingFor } from "../../../lib/holders/protected-totals";
import { plainWeekTotals } from "../../../lib/sharing/measurement";
import { buildTeamView } from "../../../lib/team/metrics";
import { buildTeamViewFromTotals } from "../../../lib/team/view";
import { makeTeam, recordsOf } from "../sharing/fixtures";

const OPTIONS = {
  k: 5,
  teamSize: null,
  hourlyCost: null,
  targets: { weeklyActiveRate: null, minutesSavedPerPersonWeek: null },
};

describe("protected totals in the team view", () => {
  it("give the weekly figures direct files give, through the same view", async () => {
    const team = await makeTeam();
    const records = (await Promise.all([1, 2, 3, 4, 5, 6, 7].map((n) => recordsOf(team.config, n)))).flat();
    const weeks = [...new Set(records.map((r) => r.week))].sort();
    const totals = weeks.map((week) =>
      plainWeekTotals(
        records.filter((r) => r.week === week),
        team.config.layout,
        week,
      ),
    );
    const fromShares = buildTeamViewFromTotals(viewTotalsOf(totals, weeksSinceTrainingFor("2026-09-01")), OPTIONS);
    const direct = buildTeamView(records, OPTIONS);
    const rows = (view: typeof direct) =>
      view.weeks.map((w) => ({
        week: w.week,
        reporting: w.reporting,
        active: w.active,
        rate: w.activeRate,
        saved: w.minutesSaved,
      }));
    expect(rows(fromShares)).toEqual(rows(direct));
    expect(fromShares.weeks.length).toBe(4);
  });

  it.each([
    [null, null],
    ["2026-09-01", 12],
  ])("counts weeks since a training date of %s", (date, expected) => {
    expect(weeksSinceTrainingFor(date)("2026-W48")).toBe(expected);
  });
});
