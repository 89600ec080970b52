import { describe, expect, it } from "vitest";
import type { WeeklyRecord } from "../../../lib/report/aggregate-format";
import { waitingByWeek } from "../../../lib/sharing/custodian";
import { plainWeekTotals, type WeekTotals } from "../../../lib/sharing/measurement";
import { buildTeamView, type Figure, isSuppressed, type Shown } from "../../../lib/team/metrics";
import { makeTeam, recordsOf, sharesOf, states } from "./fixtures";
import { collect, runBatch } from "./flow";

const numerator = (figure: Shown<Figure> | undefined) => (figure && !isSuppressed(figure) ? figure.numerator : null);

/** The direct-sharing team view of the same records, read as week totals where it shows them. */
function directFigures(records: readonly WeeklyRecord[], week: string) {
  const view = buildTeamView(records, {
    teamSize: null,
    targets: { weeklyActiveRate: null, minutesSavedPerPersonWeek: null },
    hourlyCost: null,
    k: 5,
  });
  const row = view.weeks.find((w) => w.week === week);
  return {
    reporting: numerator(row?.reporting),
    active: numerator(row?.active),
    minutesSaved: numerator(row?.minutesSaved),
    bands: view.activeMinutesBands.map((b) => numerator(b.personWeeks)),
  };
}

describe("protected sharing, full round trip", () => {
  it("six employees, four weeks, four batches: exactly the plain sums, and what direct sharing's team view shows", async () => {
    const team = await makeTeam();
    let { custodian, lead } = await states(team);
    const people = [1, 2, 3, 4, 5, 6];
    custodian = await collect(team, custodian, await Promise.all(people.map((n) => sharesOf(team, n))));
    const weeks = ["2026-W45", "2026-W46", "2026-W47", "2026-W48"];
    expect(waitingByWeek(custodian)).toEqual(weeks.map((week) => ({ week, reports: 6 })));
    const all = (await Promise.all(people.map((n) => recordsOf(team.config, n)))).flat();
    const released: WeekTotals[] = [];
    let compared = 0;
    for (const week of weeks) {
      const batch = await runBatch(team, custodian, lead, week);
      custodian = batch.custodian;
      lead = batch.lead;
      expect(batch.request.verifyKey === null).toBe(week !== "2026-W45");
      // The lead learns how many reports still wait, per week, and nothing about whose.
      expect(batch.request.waiting).toEqual(weeks.filter((w) => w > week).map((w) => ({ week: w, reports: 6 })));
      expect(batch.lead.waiting).toEqual(batch.request.waiting);
      expect(batch.totals).not.toBeNull();
      released.push(batch.totals as WeekTotals);
    }
    for (const [i, week] of weeks.entries()) {
      const records = all.filter((r) => r.week === week);
      const totals = released[i] as WeekTotals;
      expect(totals).toEqual(plainWeekTotals(records, team.config.layout, week));
      const direct = directFigures(records, week);
      expect(direct.reporting).toBe(6);
      expect(totals.reporting).toBe(direct.reporting);
      // Direct sharing hides what fewer than k people make up; every figure it shows must match.
      for (const [mine, theirs] of [
        [totals.active, direct.active],
        [totals.minutesSaved, direct.minutesSaved],
        ...direct.bands.map((count, band) => [totals.bands[band]?.personWeeks, count]),
      ]) {
        if (theirs === null) continue;
        expect(mine).toBe(theirs);
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(8);
    // The data has use and tags, so the comparison is not between zeros.
    expect(released.reduce((s, t) => s + t.minutesSaved, 0)).toBeGreaterThan(0);
    expect(released.reduce((s, t) => s + t.active, 0)).toBeGreaterThan(0);
    expect(custodian.waiting).toHaveLength(0);
    expect(custodian.ledger).toHaveLength(24);
    expect(lead.seenReportIds).toHaveLength(24);
  }, 120_000);
});
