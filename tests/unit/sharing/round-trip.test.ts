import { describe, expect, it } from "vitest";
import { buildRequest, importAnswer, importSharesFile } from "../../../lib/sharing/custodian";
import { answerRequest, combineAggregateShare } from "../../../lib/sharing/lead";
import { plainWeekTotals } from "../../../lib/sharing/measurement";
import { makeTeam, recordsOf, sharesOf, states, VERSION, viaFile } from "./fixtures";

describe("protected sharing, full round trip", () => {
  it("six employees through custodian and lead give exactly the plain sums of their records", async () => {
    const team = await makeTeam();
    let { custodian, lead } = await states(team);
    const people = [1, 2, 3, 4, 5, 6];
    for (const n of people) {
      const imported = await importSharesFile(custodian, team.config, team.custodian, viaFile(await sharesOf(team, n)));
      expect(imported.ok).toBe(true);
      if (!imported.ok) return;
      expect(imported.accepted).toBe(4);
      custodian = imported.state;
    }
    const week = "2026-W47";
    const built = await buildRequest(custodian, team.config, team.custodian, week, VERSION);
    expect(built.ok, built.ok ? "" : built.message).toBe(true);
    if (!built.ok) return;
    custodian = built.state;
    const answered = await answerRequest(lead, team.config, team.lead, viaFile(built.request), VERSION);
    expect(answered.ok, answered.ok ? "" : answered.message).toBe(true);
    if (!answered.ok) return;
    expect(answered.valid).toBe(6);
    lead = answered.state;
    const released = await importAnswer(custodian, team.config, viaFile(answered.answer), VERSION);
    expect(released.ok && released.outcome).toBe("released");
    if (!released.ok || released.outcome !== "released") return;
    const combined = await combineAggregateShare(lead, team.config, team.lead, viaFile(released.aggregateShare));
    expect(combined.ok, combined.ok ? "" : combined.message).toBe(true);
    if (!combined.ok) return;
    const records = (await Promise.all(people.map((n) => recordsOf(team.config, n))))
      .flat()
      .filter((r) => r.week === week);
    expect(combined.totals).toEqual(plainWeekTotals(records, team.config.layout, week));
    expect(combined.totals.reporting).toBe(6);
    expect(combined.totals.active).toBeGreaterThan(0);
  }, 60_000);
});
