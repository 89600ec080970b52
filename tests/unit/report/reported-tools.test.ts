import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../../lib/policy/policy";
import { teamReportFileName } from "../../../lib/report/file-name";
import { reportedToolIds } from "../../../lib/report/reported-tools";
import { DEFAULT_SETTINGS, type Settings } from "../../../lib/settings/settings";

describe("reportedToolIds", () => {
  const org = { id: "custom-internal", name: "Internal", hosts: ["ai.corp.example"] };
  const own = { id: "custom-mine-example-com", name: "Mine", hosts: ["mine.example.com"] };
  const settings: Settings = { ...DEFAULT_SETTINGS, customTools: [org, own] };

  it("keeps catalog tools and the organization's tools, and leaves out the person's own", () => {
    const { policy } = parsePolicy({ customTools: [org] });
    const ids = reportedToolIds(settings, policy);
    expect(ids).toContain("custom-internal");
    expect(ids).not.toContain("custom-mine-example-com");
    expect(ids).toContain("chatgpt");
  });

  it("without a policy, no custom tool is reported", () => {
    const ids = reportedToolIds(settings, parsePolicy(undefined).policy);
    expect(ids.some((id) => id.startsWith("custom-"))).toBe(false);
  });
});

describe("teamReportFileName", () => {
  it.each([
    [null, "2026-W47", "ai-adoption-team-2026-W47.json"],
    ["Sales EMEA", "2026-W47", "ai-adoption-sales-emea-2026-W47.json"],
    ["R&D / Ops", "2026-W01", "ai-adoption-r-d-ops-2026-W01.json"],
    ["!!!", "2026-W02", "ai-adoption-team-2026-W02.json"],
  ])("%j, %s → %s", (team, week, name) => {
    expect(teamReportFileName(team, week)).toBe(name);
  });
});
