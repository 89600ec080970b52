import { describe, expect, it } from "vitest";
import { viewTotalsOf, weeksSinceTrainingFor } from "../../../lib/holders/protected-totals";
import { plainWeekTotals } from "../../../lib/sharing/measurement";
import { buildTeamView } from "../../../lib/team/metrics";
import { combineWithProtected } from "../../../lib/team/protected-weeks";
import { buildTeamReportExport } from "../../../lib/team/team-report-format";
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

  it("give the whole view and leadership's export that direct files give, through the dashboard worker's seam", async () => {
    const team = await makeTeam();
    const records = (await Promise.all([1, 2, 3, 4, 5, 6, 7].map((n) => recordsOf(team.config, n)))).flat();
    const weeks = [...new Set(records.map((r) => r.week))].sort();
    const batches = weeks.map((week) =>
      plainWeekTotals(
        records.filter((r) => r.week === week),
        team.config.layout,
        week,
      ),
    );
    const options = { ...OPTIONS, hourlyCost: 60, teamSize: 8 };
    const combined = combineWithProtected([], viewTotalsOf(batches, weeksSinceTrainingFor("2026-09-01")));
    expect(combined.protectedWeeks).toEqual(weeks);
    const fromShares = buildTeamViewFromTotals(combined.totals, options);
    const direct = buildTeamView(records, options);
    // Charts, retention, bands, time saved by task, tools, ROI: all of it.
    expect(fromShares).toEqual(direct);
    expect(direct.useCases.length).toBeGreaterThan(0);
    const exportOf = (view: typeof direct) =>
      buildTeamReportExport(view, {
        team: "Finance",
        waitingReports: 0,
        generatorVersion: "0.1.0",
        now: 0,
        categoryLabels: {},
        toolNames: {},
      });
    expect(exportOf(fromShares)).toEqual(exportOf(direct));
  });

  it("never shows more people than reported when noise pushes a count of people up", async () => {
    const team = await makeTeam();
    const records = (await Promise.all([1, 2, 3, 4, 5].map((n) => recordsOf(team.config, n)))).flat();
    const week = records[0]?.week as string;
    const exact = plainWeekTotals(
      records.filter((r) => r.week === week),
      team.config.layout,
      week,
    );
    const noisy = {
      ...exact,
      active: exact.reporting + 3,
      tools: exact.tools.map((tool) => ({ ...tool, people: tool.people + 9 })),
      noiseEpsilon: 1,
    };
    const [totals] = viewTotalsOf([noisy], () => null);
    expect(totals?.active).toBe(exact.reporting);
    for (const tool of totals?.tools ?? []) expect(tool.minutes.people).toBeLessThanOrEqual(exact.reporting);
  });

  it.each([
    [null, null],
    ["2026-09-01", 12],
  ])("counts weeks since a training date of %s", (date, expected) => {
    expect(weeksSinceTrainingFor(date)("2026-W48")).toBe(expected);
  });
});
