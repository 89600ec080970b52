import { describe, expect, it } from "vitest";
import { teamConfigFromPolicy } from "../../../lib/holders/team-setup";
import { parsePolicy } from "../../../lib/policy/policy";
import { teamConfigSchema } from "../../../lib/sharing/team-config";

const LEAD_KEY = `${"A".repeat(42)}Q`;
const CUSTODIAN_KEY = `${"b_-".repeat(14)}x`;
const SHARING = {
  mode: "protected",
  team: "Marketing",
  lead: { name: "Dana Kim", publicKey: LEAD_KEY },
  custodian: { name: "Sam Ortiz", publicKey: CUSTODIAN_KEY },
} as const;

describe("protectedSharing in the policy", () => {
  it("is kept whole when valid, and makes a team configuration with noise off and k from the policy", () => {
    const { policy, issues } = parsePolicy({ protectedSharing: SHARING, export: { minGroupSize: 7 } });
    expect(issues).toEqual([]);
    expect(policy.protectedSharing).toEqual(SHARING);
    const team = teamConfigFromPolicy(policy);
    expect(teamConfigSchema.parse(team)).toMatchObject({ teamLabel: "Marketing", k: 7, noiseEpsilon: null });
    // The whole catalog, in id order, whatever each person measures: a record never names a tool outside it.
    expect(team?.layout.toolIds).toEqual([...(team?.layout.toolIds ?? [])].sort());
    expect(team?.layout.toolIds).toContain("chatgpt");
  });

  it.each([
    ["no protectedSharing", {}],
    ["mode direct", { protectedSharing: { ...SHARING, mode: "direct" } }],
  ])("%s: no team configuration", (_name, raw) => {
    expect(teamConfigFromPolicy(parsePolicy(raw).policy)).toBeNull();
  });

  it("carries ε when set", () => {
    const { policy } = parsePolicy({ protectedSharing: { ...SHARING, noiseEpsilon: 1 } });
    expect(teamConfigFromPolicy(policy)?.noiseEpsilon).toBe(1);
  });

  // A bad part leaves the whole object out (half a configuration would send reports nobody can finish),
  // says where, and keeps every other field of the policy.
  it.each<[string, unknown, string]>([
    [
      "a key that is not a key",
      { ...SHARING, lead: { ...SHARING.lead, publicKey: "not-a-key" } },
      "protectedSharing.lead.publicKey",
    ],
    ["a missing custodian", { ...SHARING, custodian: undefined }, "protectedSharing.custodian"],
    ["an unknown mode", { ...SHARING, mode: "shared" }, "protectedSharing.mode"],
    ["ε out of range", { ...SHARING, noiseEpsilon: 11 }, "protectedSharing.noiseEpsilon"],
    [
      "the same key for both holders",
      { ...SHARING, custodian: { ...SHARING.custodian, publicKey: LEAD_KEY } },
      "protectedSharing.custodian.publicKey",
    ],
    ["an empty holder name", { ...SHARING, lead: { ...SHARING.lead, name: " " } }, "protectedSharing.lead.name"],
    ["an unknown field", { ...SHARING, privateKey: "x" }, "protectedSharing"],
    ["not an object", "protected", "protectedSharing"],
  ])("%s: ignored with its reason, the rest kept", (_name, value, field) => {
    const { policy, issues } = parsePolicy({ teamLabel: "Marketing", protectedSharing: value });
    expect(policy).toEqual({ teamLabel: "Marketing" });
    expect(issues).toHaveLength(1);
    expect(issues[0]?.field).toBe(field);
    expect(issues[0]?.message).toMatch(/, ignored$/);
    expect(teamConfigFromPolicy(policy)).toBeNull();
  });
});
