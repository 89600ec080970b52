import { describe, expect, it } from "vitest";
import { describePolicyValue } from "../../../lib/policy/describe-value";
import { applyPolicy, lockedSettings, parsePolicy } from "../../../lib/policy/policy";
import { settingsView } from "../../../lib/policy/settings-view";
import { DEFAULT_SETTINGS } from "../../../lib/settings/settings";

describe("describePolicyValue", () => {
  const { policy } = parsePolicy({
    tagging: { minMinutes: 5 },
    teamLabel: "Sales",
    approvedToolIds: ["chatgpt", "claude"],
    taskCategories: [
      { id: "email", label: "Email" },
      { id: "code", label: "Code" },
    ],
  });
  it.each([
    ["tagging.minMinutes", "5"],
    ["teamLabel", "Sales"],
    ["approvedToolIds", "chatgpt, claude"],
    ["taskCategories", "Email, Code"],
  ])("%s reads %j", (path, text) => {
    expect(describePolicyValue(policy, path)).toBe(text);
  });
});

describe("settingsView", () => {
  it("without a policy: the settings as they are, nothing locked, the default task list", () => {
    const { policy } = parsePolicy(undefined);
    const view = settingsView({ settings: DEFAULT_SETTINGS, locked: [], policy }, []);
    expect(view.settings).toEqual(DEFAULT_SETTINGS);
    expect(view.organization.fields).toEqual([]);
    expect(view.organization.customToolIds).toEqual([]);
    expect(view.organization.teamLabel).toBeNull();
    expect(view.categories.length).toBeGreaterThan(0);
  });

  it("with a policy: its fields described, its tools, its dashboard values and its issues", () => {
    const { policy, issues } = parsePolicy({
      teamLabel: "Sales",
      idleThresholdSec: 300,
      customTools: [{ id: "custom-helper", name: "Helper", hosts: ["helper.example.com"] }],
      export: { minGroupSize: 8 },
      idleThreshold: "nope",
    });
    expect(issues.length).toBeGreaterThan(0);
    const settings = applyPolicy(DEFAULT_SETTINGS, policy);
    const view = settingsView({ settings, locked: lockedSettings(policy), policy }, issues);
    expect(view.locked).toContain("idleThresholdSec");
    expect(view.organization.fields).toContainEqual({ field: "teamLabel", value: "Sales" });
    expect(view.organization.fields).toContainEqual({ field: "idleThresholdSec", value: "300" });
    expect(view.organization.customToolIds).toEqual(["custom-helper"]);
    expect(view.organization.teamLabel).toBe("Sales");
    expect(view.organization.dashboard.minGroupSize).toBe(8);
    expect(view.organization.issues).toEqual([...issues]);
  });
});
