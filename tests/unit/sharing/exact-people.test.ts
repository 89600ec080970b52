import { describe, expect, it } from "vitest";
import { viewTotalsOf } from "../../../lib/holders/protected-totals";
import type { WeeklyRecord } from "../../../lib/report/aggregate-format";
import { importSharesFile } from "../../../lib/sharing/custodian";
import { buildSharesFile } from "../../../lib/sharing/employee";
import { encodeWeeklyRecord, plainWeekTotals } from "../../../lib/sharing/measurement";
import { earlierTeamIdOf, type TeamConfig, teamIdOf } from "../../../lib/sharing/team-config";
import { flagsLengthOf, sharingVdaf } from "../../../lib/sharing/vdaf";
import { buildTeamView } from "../../../lib/team/metrics";
import { buildTeamViewFromTotals } from "../../../lib/team/view";
import { makeTeam, VERSION, viaFile } from "./fixtures";
import { collect, ok, runBatch } from "./flow";
import { createCustodianState } from "../../../lib/sharing/custodian";
import { createLeadState } from "../../../lib/sharing/lead";

// Issue 13: the people behind every figure, counted exactly in the measurement, so the lead's
// dashboard suppresses protected figures exactly as it does direct files' figures.

const WEEK = "2026-W48";
const OPTIONS = {
  k: 5,
  teamSize: null,
  hourlyCost: null,
  targets: { weeklyActiveRate: null, minutesSavedPerPersonWeek: null },
};

/**
 * Five people used Claude; four of them only opened it (a visit, 0 rounded minutes), one spent
 * 95 minutes: the Claude minutes figure is that one person's value. One person tagged a task.
 */
function recordOf(n: number): WeeklyRecord {
  return {
    id: n.toString(16).padStart(64, "0"),
    week: WEEK,
    weeksSinceTraining: null,
    activeDays: 2,
    tools: [
      { toolId: "chatgpt", visits: 3, activeMinutes: 30 + 5 * n },
      { toolId: "claude", visits: 1, activeMinutes: n === 1 ? 95 : 0 },
    ],
    tasks: n === 2 ? [{ category: "writing", tags: 1, minutesSaved: 20 }] : [],
    features: { active: true, activeInWeeks1to4: null },
  };
}
const records = [1, 2, 3, 4, 5, 6].map(recordOf);

async function exactTeam() {
  const team = await makeTeam();
  return { ...team, config: { ...team.config, layout: { ...team.config.layout, people: "exact" as const } } };
}

describe("exact people counts", () => {
  it("add the exact flags after the earlier ones, which keep their places", async () => {
    const { config } = await exactTeam();
    const earlier = { ...config.layout, people: undefined };
    const tools = config.layout.toolIds.length;
    const categories = config.layout.categoryIds.length;
    expect(flagsLengthOf(config.layout) - flagsLengthOf(earlier)).toBe(4 + 2 * tools + 2 * categories);
    const exact = encodeWeeklyRecord(recordOf(1), config.layout);
    const before = encodeWeeklyRecord(recordOf(1), earlier);
    expect(exact.flags.slice(0, before.flags.length)).toEqual(before.flags);
    expect(exact.flags).toHaveLength(sharingVdaf(config.layout).flagsLength);
    expect(exact.counts).toEqual(before.counts);
  });

  it("count the people behind each figure: a visit is not a minute", async () => {
    const { config } = await exactTeam();
    const totals = plainWeekTotals(records, config.layout, WEEK);
    const claude = totals.people?.tools.find((tool) => tool.toolId === "claude");
    expect(claude).toEqual({ toolId: "claude", visits: 6, minutes: 1 });
    expect(totals.tools.find((tool) => tool.toolId === "claude")?.people).toBe(6);
    expect(totals.people).toMatchObject({ visits: 6, toolMinutes: 6, tags: 1, minutesSaved: 1 });
    expect(totals.people?.tasks.find((task) => task.category === "writing")).toEqual({
      category: "writing",
      tags: 1,
      minutesSaved: 1,
    });
  });

  it("give the dashboard the suppression of direct files, where the earlier layout's bounds show one person's minutes", async () => {
    const { config } = await exactTeam();
    const direct = buildTeamView(records, OPTIONS);
    const claudeRow = (view: typeof direct) => view.tools.find((row) => row.toolId === "claude");
    const exact = buildTeamViewFromTotals(
      viewTotalsOf([plainWeekTotals(records, config.layout, WEEK)], () => null),
      OPTIONS,
    );
    expect(exact).toEqual(direct);
    // Direct files hide it: one person's 95 minutes.
    expect(claudeRow(direct)?.activeMinutes).toMatchObject({ suppressed: true });
    const earlierLayout = { ...config.layout, people: undefined };
    const bounded = buildTeamViewFromTotals(
      viewTotalsOf([plainWeekTotals(records, earlierLayout, WEEK)], () => null),
      OPTIONS,
    );
    // The "used" flag alone counts six people behind it and shows it.
    expect(claudeRow(bounded)?.activeMinutes).toMatchObject({ value: 95 });
  });

  it("come through Prio3 and both holders exactly", async () => {
    const team = await exactTeam();
    let custodian = await createCustodianState(team.config);
    const lead = await createLeadState(team.config);
    const files = await Promise.all(
      records.map((record, i) =>
        buildSharesFile({
          team: team.config,
          records: [record],
          sender: `Employee ${i + 1}`,
          generatorVersion: VERSION,
        }),
      ),
    );
    custodian = await collect(team, custodian, files);
    const batch = await runBatch(team, custodian, lead, WEEK);
    expect(batch.totals).toEqual(plainWeekTotals(records, team.config.layout, WEEK));
  });

  it("refuse a file of the same team made before, with its own verdict", async () => {
    const team = await makeTeam();
    const exact: TeamConfig = { ...team.config, layout: { ...team.config.layout, people: "exact" } };
    expect(await teamIdOf(team.config)).not.toBe(await teamIdOf(exact));
    expect(await earlierTeamIdOf(exact)).toBe(await teamIdOf(team.config));
    expect(await earlierTeamIdOf(team.config)).toBeNull();
    const old = await buildSharesFile({
      team: team.config,
      records: [recordOf(1)],
      sender: "Employee 1",
      generatorVersion: VERSION,
    });
    const state = await createCustodianState(exact);
    const refused = await importSharesFile(state, exact, team.custodian, viaFile(old));
    expect(refused).toMatchObject({
      ok: false,
      kind: "wrongTeam",
      message: expect.stringMatching(/earlier version of the extension/),
    });
    expect(refused.state.waiting).toEqual([]);
    // The team setting made before still reads its own files.
    const before = ok(
      await importSharesFile(await createCustodianState(team.config), team.config, team.custodian, viaFile(old)),
    );
    expect(before.accepted).toBe(1);
  });
});
