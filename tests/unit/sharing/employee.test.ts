import { describe, expect, it } from "vitest";
import { importSharesFile } from "../../../lib/sharing/custodian";
import { buildProtectedShares, buildSharesFile } from "../../../lib/sharing/employee";
import { sharesFileName } from "../../../lib/sharing/file-names";
import { SharingError } from "../../../lib/sharing/sharing-error";
import { measurementLayoutOf } from "../../../lib/sharing/team-config";
import { DEFAULT_TASK_CATEGORIES } from "../../../lib/tagging/categories";
import { makeTeam, NOW, recordsOf, secretFor, states, usageOf, VERSION, viaFile } from "./fixtures";
import { ok } from "./flow";

describe("the employee's shares file", () => {
  it("holds the records direct sharing builds, with local noise off, and the custodian takes every week", async () => {
    const team = await makeTeam();
    const { days, tags } = usageOf(3);
    const { records, file } = await buildProtectedShares({
      days,
      tags,
      options: {
        approvedToolIds: ["gemini", "chatgpt"],
        taskCategories: DEFAULT_TASK_CATEGORIES,
        teamLabel: "Finance",
        trainingDate: "2026-09-01",
        noiseEpsilon: 2, // policy's local noise: off in protected sharing, the custodian adds central noise
        trackingSince: "2026-10-01",
        generatorVersion: VERSION,
      },
      period: { from: "2026-W45", to: "2026-W48" },
      now: NOW,
      secret: secretFor(3),
      team: team.config,
      sender: "Employee 3",
    });
    expect(records).toEqual(await recordsOf(team.config, 3));
    expect(file.reports.map((r) => [r.week, r.reportId])).toEqual(records.map((r) => [r.week, r.id]));
    expect(JSON.stringify(file)).not.toContain("Employee 3");
    expect(
      sharesFileName(
        file.reports.map((r) => r.week),
        team.config.custodian.name,
      ),
    ).toBe("protected-shares-2026-W45-to-2026-W48-for-chris-custodian.json");
    const { custodian } = await states(team);
    const imported = ok(await importSharesFile(custodian, team.config, team.custodian, viaFile(file)));
    expect(imported.accepted).toBe(4);
    expect(imported.state.waiting.map((r) => r.sender)).toEqual(Array(4).fill("Employee 3"));
  });

  it.each([
    ["an empty sender", { sender: "  " }],
    ["no weeks", { records: [] }],
  ])("refuses %s", async (_name, change) => {
    const team = await makeTeam();
    const records = await recordsOf(team.config, 1);
    await expect(
      buildSharesFile({ team: team.config, records, sender: "Employee 1", generatorVersion: VERSION, ...change }),
    ).rejects.toThrow(SharingError);
  });

  it("the layout of a policy is the builder's order: well-formed, unique, sorted", () => {
    expect(
      measurementLayoutOf({
        approvedToolIds: ["claude", "chatgpt", "claude", "Bad Id"],
        taskCategoryIds: ["writing", "email"],
        roundingMinutes: 5,
      }),
    ).toEqual({ toolIds: ["chatgpt", "claude"], categoryIds: ["email", "writing"], roundingMinutes: 5 });
  });
});
