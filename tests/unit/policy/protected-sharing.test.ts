import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../../lib/policy/policy";
import {
  parseTeamKeyFile,
  protectedSharingInForce,
  TEAM_KEY_FORMAT,
  teamKeyFile,
} from "../../../lib/policy/protected-sharing";

const LEAD_KEY = "A".repeat(42) + "Q";
const CUSTODIAN_KEY = "b_-".repeat(14) + "x";
const SHARING = {
  mode: "protected",
  team: "Marketing",
  lead: { name: "Dana Kim", publicKey: LEAD_KEY },
  custodian: { name: "Sam Ortiz", publicKey: CUSTODIAN_KEY },
} as const;

describe("protectedSharing in the policy", () => {
  it("is kept whole when valid, with noise off by default", () => {
    const { policy, issues } = parsePolicy({ protectedSharing: SHARING });
    expect(issues).toEqual([]);
    expect(policy.protectedSharing).toEqual(SHARING);
    expect(protectedSharingInForce(policy.protectedSharing, null)).toMatchObject({ noiseEpsilon: 0, source: "policy" });
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
    ["not an object", "protected", "protectedSharing"],
  ])("%s: ignored with its reason, the rest kept", (_name, value, field) => {
    const { policy, issues } = parsePolicy({ teamLabel: "Marketing", protectedSharing: value });
    expect(policy).toEqual({ teamLabel: "Marketing" });
    expect(issues).toHaveLength(1);
    expect(issues[0]?.field).toBe(field);
    expect(issues[0]?.message).toMatch(/, ignored$/);
  });
});

describe("protectedSharingInForce", () => {
  const imported = { ...SHARING, team: "From the file" };
  it.each<[string, Parameters<typeof protectedSharingInForce>, string | null]>([
    ["nothing set: direct files", [undefined, null], null],
    ["only a team key: the team key", [undefined, imported], "From the file"],
    ["policy and team key: the policy", [SHARING, imported], "Marketing"],
    ["policy says direct: off, whatever was imported", [{ ...SHARING, mode: "direct" }, imported], null],
  ])("%s", (_name, args, team) => {
    expect(protectedSharingInForce(...args)?.team ?? null).toBe(team);
  });
});

describe("parseTeamKeyFile", () => {
  const file = teamKeyFile({ team: "Marketing", lead: SHARING.lead, custodian: SHARING.custodian });
  const text = (value: unknown) => JSON.stringify(value);

  it("reads what teamKeyFile writes", () => {
    expect(parseTeamKeyFile(text(file))).toEqual({ ok: true, value: { ...SHARING } });
    expect(file.format).toBe(TEAM_KEY_FORMAT);
  });

  it.each<[string, string, RegExp]>([
    ["not JSON", "{", /not JSON/],
    ["another format", text({ format: "ai-adoption-meter/aggregate@1" }), /not a team key/],
    ["a newer version", text({ ...file, format: "ai-adoption-meter/team-key@2" }), /team-key@2; this version reads/],
    ["a bad key", text({ ...file, lead: { ...file.lead, publicKey: "x" } }), /lead\.publicKey/],
    ["mode direct", text({ ...file, mode: "direct" }), /mode/],
    ["an extra field", text({ ...file, privateKey: "secret" }), /not valid/],
    ["too large", " ".repeat(20_000), /too large/],
  ])("refuses %s with a clear verdict", (_name, input, error) => {
    const verdict = parseTeamKeyFile(input);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.error).toMatch(error);
  });
});
