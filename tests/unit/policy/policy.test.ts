import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyPolicy,
  lockedFields,
  lockedSettings,
  MAX_POLICY_ISSUES,
  POLICY_DEFAULTS,
  type Policy,
  type PolicyIssue,
  parsePolicy,
  policySchema,
  policyValues,
} from "../../../lib/policy/policy";
import { DEFAULT_SETTINGS, settingsSchema } from "../../../lib/settings/settings";
import { DEFAULT_TASK_CATEGORIES } from "../../../lib/tagging/categories";

const WIKI = { id: "custom-wiki", name: "Wiki AI", hosts: ["ai.intranet.example"], pathPrefix: "/chat" };
const categories = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ id: `task-${i}`, label: `Task ${i}` }));

/** A policy that sets every field, each to a valid value. */
const FULL: Policy = {
  approvedToolIds: ["chatgpt", "claude", "m365-copilot"],
  customTools: [WIKI],
  allowUserTools: false,
  teamLabel: "Marketing",
  trainingDate: "2026-09-14",
  taskCategories: [
    { id: "campaign-copy", label: "Campaign copy" },
    { id: "other", label: "Other" },
  ],
  tagging: { enabled: false, minMinutes: 5, dailyLimit: 2, notifications: true },
  idleThresholdSec: 300,
  sessionGapMin: 15,
  retentionDays: 90,
  export: { roundingMinutes: 15, noiseEpsilon: 1.5, minGroupSize: 8 },
  targets: { weeklyActiveRate: 0.6, minutesSavedPerPersonWeek: 60 },
  hourlyCost: 55,
  teamSize: 25,
};

/** Every path a policy can set: top-level fields, and sub-fields of the nested objects. */
const PATHS = Object.entries(FULL).flatMap(([key, value]) =>
  key === "tagging" || key === "export" || key === "targets" ? Object.keys(value).map((sub) => `${key}.${sub}`) : [key],
);

/** A raw policy with one value at a path (`export.minGroupSize` becomes `{ export: { minGroupSize } }`). */
function at(path: string, value: unknown): Record<string, unknown> {
  const [head, sub] = path.split(".") as [string, string | undefined];
  return sub === undefined ? { [head]: value } : { [head]: { [sub]: value } };
}

function withoutPath(policy: Record<string, unknown>, path: string): Record<string, unknown> {
  const [head, sub] = path.split(".") as [string, string | undefined];
  const copy = structuredClone(policy);
  if (sub === undefined) delete copy[head];
  else delete (copy[head] as Record<string, unknown>)[sub];
  return copy;
}

const issue = (field: string, message: string): PolicyIssue => ({ field, message });

describe("parsePolicy: one field at a time", () => {
  // [path, raw value, value kept (undefined: ignored), issues]
  it.each<[string, unknown, unknown, PolicyIssue[]]>([
    // approvedToolIds
    ["approvedToolIds", ["chatgpt", "claude"], ["chatgpt", "claude"], []],
    ["approvedToolIds", [], [], []],
    [
      "approvedToolIds",
      ["chatgpt", "no-such-tool"],
      ["chatgpt"],
      [issue("approvedToolIds[1]", 'unknown tool id "no-such-tool", entry ignored')],
    ],
    [
      "approvedToolIds",
      ["claude", "claude"],
      ["claude"],
      [issue("approvedToolIds[1]", 'repeats "claude", entry ignored')],
    ],
    ["approvedToolIds", "chatgpt", undefined, [issue("approvedToolIds", "must be a list, ignored")]],
    [
      "approvedToolIds",
      [7],
      undefined,
      [
        issue("approvedToolIds[0]", "must be text, entry ignored"),
        issue("approvedToolIds", "has no valid entry, ignored"),
      ],
    ],
    [
      "approvedToolIds",
      Array(101).fill("chatgpt"),
      undefined,
      [issue("approvedToolIds", "must have at most 100 entries, ignored")],
    ],
    // customTools
    ["customTools", [WIKI], [WIKI], []],
    [
      "customTools",
      [WIKI, { id: "custom-x", name: "X", hosts: ["https://x.example/"] }],
      [WIKI],
      [issue("customTools[1].hosts[0]", "not a hostname, entry ignored")],
    ],
    [
      "customTools",
      [{ ...WIKI, colour: "red" }],
      undefined,
      [
        issue("customTools[0]", 'unknown field "colour", entry ignored'),
        issue("customTools", "has no valid entry, ignored"),
      ],
    ],
    [
      "customTools",
      [WIKI, { ...WIKI, name: "Other" }],
      [WIKI],
      [issue("customTools[1]", 'repeats "custom-wiki", entry ignored')],
    ],
    ["customTools", { 0: WIKI }, undefined, [issue("customTools", "must be a list, ignored")]],
    // allowUserTools
    ["allowUserTools", false, false, []],
    ["allowUserTools", true, true, []],
    ["allowUserTools", "no", undefined, [issue("allowUserTools", "must be true or false, ignored")]],
    ["allowUserTools", 0, undefined, [issue("allowUserTools", "must be true or false, ignored")]],
    // teamLabel
    ["teamLabel", "Marketing", "Marketing", []],
    ["teamLabel", "  Sales  ", "Sales", []],
    ["teamLabel", "x".repeat(80), "x".repeat(80), []],
    ["teamLabel", "   ", undefined, [issue("teamLabel", "must not be empty, ignored")]],
    ["teamLabel", "x".repeat(81), undefined, [issue("teamLabel", "must be at most 80 characters, ignored")]],
    ["teamLabel", 42, undefined, [issue("teamLabel", "must be text, ignored")]],
    // trainingDate
    ["trainingDate", "2026-09-14", "2026-09-14", []],
    ["trainingDate", "2028-02-29", "2028-02-29", []],
    ["trainingDate", "2026-02-29", undefined, [issue("trainingDate", "not a date, ignored")]],
    ["trainingDate", "2026-04-31", undefined, [issue("trainingDate", "not a date, ignored")]],
    ["trainingDate", "2026-9-14", undefined, [issue("trainingDate", "not a date, ignored")]],
    ["trainingDate", "2026-09-14T09:00:00Z", undefined, [issue("trainingDate", "not a date, ignored")]],
    ["trainingDate", 20260914, undefined, [issue("trainingDate", "not a date, ignored")]],
    // taskCategories
    ["taskCategories", categories(1), categories(1), []],
    ["taskCategories", categories(40), categories(40), []],
    ["taskCategories", [{ id: "writing", label: "  Writing  " }], [{ id: "writing", label: "Writing" }], []],
    ["taskCategories", [], undefined, [issue("taskCategories", "must have at least 1 entry, ignored")]],
    ["taskCategories", categories(41), undefined, [issue("taskCategories", "must have at most 40 entries, ignored")]],
    [
      "taskCategories",
      [{ id: "Bad Id", label: "Bad" }, ...categories(1)],
      categories(1),
      [
        issue(
          "taskCategories[0].id",
          "an id is lowercase letters, digits and dashes, up to 48 characters, entry ignored",
        ),
      ],
    ],
    [
      "taskCategories",
      [...categories(1), { id: "long", label: "x".repeat(61) }],
      categories(1),
      [issue("taskCategories[1].label", "must be at most 60 characters, entry ignored")],
    ],
    [
      "taskCategories",
      [...categories(1), { id: "task-0", label: "Again" }],
      categories(1),
      [issue("taskCategories[1]", 'repeats "task-0", entry ignored')],
    ],
    ["taskCategories", "writing", undefined, [issue("taskCategories", "must be a list, ignored")]],
    // tagging
    ["tagging.enabled", false, false, []],
    ["tagging.enabled", "false", undefined, [issue("tagging.enabled", "must be true or false, ignored")]],
    ["tagging.minMinutes", 0, 0, []],
    ["tagging.minMinutes", 120, 120, []],
    ["tagging.minMinutes", 121, undefined, [issue("tagging.minMinutes", "must be at most 120, ignored")]],
    ["tagging.minMinutes", -1, undefined, [issue("tagging.minMinutes", "must be at least 0, ignored")]],
    ["tagging.minMinutes", 2.5, undefined, [issue("tagging.minMinutes", "must be a whole number, ignored")]],
    ["tagging.dailyLimit", 20, 20, []],
    ["tagging.dailyLimit", 21, undefined, [issue("tagging.dailyLimit", "must be at most 20, ignored")]],
    ["tagging.dailyLimit", "3", undefined, [issue("tagging.dailyLimit", "must be a number, ignored")]],
    ["tagging.notifications", true, true, []],
    ["tagging.notifications", null, undefined, [issue("tagging.notifications", "must be true or false, ignored")]],
    // idleThresholdSec
    ["idleThresholdSec", 15, 15, []],
    ["idleThresholdSec", 3600, 3600, []],
    ["idleThresholdSec", 14, undefined, [issue("idleThresholdSec", "must be at least 15, ignored")]],
    ["idleThresholdSec", 3601, undefined, [issue("idleThresholdSec", "must be at most 3600, ignored")]],
    ["idleThresholdSec", 30.5, undefined, [issue("idleThresholdSec", "must be a whole number, ignored")]],
    ["idleThresholdSec", "60", undefined, [issue("idleThresholdSec", "must be a number, ignored")]],
    ["idleThresholdSec", Number.NaN, undefined, [issue("idleThresholdSec", "must be a number, ignored")]],
    // sessionGapMin
    ["sessionGapMin", 1, 1, []],
    ["sessionGapMin", 240, 240, []],
    ["sessionGapMin", 0, undefined, [issue("sessionGapMin", "must be at least 1, ignored")]],
    ["sessionGapMin", 241, undefined, [issue("sessionGapMin", "must be at most 240, ignored")]],
    ["sessionGapMin", true, undefined, [issue("sessionGapMin", "must be a number, ignored")]],
    // retentionDays
    ["retentionDays", 7, 7, []],
    ["retentionDays", 3650, 3650, []],
    ["retentionDays", 6, undefined, [issue("retentionDays", "must be at least 7, ignored")]],
    ["retentionDays", 3651, undefined, [issue("retentionDays", "must be at most 3650, ignored")]],
    ["retentionDays", Number.POSITIVE_INFINITY, undefined, [issue("retentionDays", "must be a number, ignored")]],
    // export
    ["export.roundingMinutes", 1, 1, []],
    ["export.roundingMinutes", 60, 60, []],
    ["export.roundingMinutes", 0, undefined, [issue("export.roundingMinutes", "must be at least 1, ignored")]],
    ["export.roundingMinutes", 61, undefined, [issue("export.roundingMinutes", "must be at most 60, ignored")]],
    ["export.noiseEpsilon", 0, 0, []],
    ["export.noiseEpsilon", 0.5, 0.5, []],
    ["export.noiseEpsilon", 10, 10, []],
    ["export.noiseEpsilon", -0.1, undefined, [issue("export.noiseEpsilon", "must be at least 0, ignored")]],
    ["export.noiseEpsilon", 10.1, undefined, [issue("export.noiseEpsilon", "must be at most 10, ignored")]],
    ["export.noiseEpsilon", "1", undefined, [issue("export.noiseEpsilon", "must be a number, ignored")]],
    ["export.minGroupSize", 5, 5, []],
    ["export.minGroupSize", 1000, 1000, []],
    ["export.minGroupSize", 4, undefined, [issue("export.minGroupSize", "must be at least 5, ignored")]],
    ["export.minGroupSize", 0, undefined, [issue("export.minGroupSize", "must be at least 5, ignored")]],
    ["export.minGroupSize", 1001, undefined, [issue("export.minGroupSize", "must be at most 1000, ignored")]],
    ["export.minGroupSize", 5.5, undefined, [issue("export.minGroupSize", "must be a whole number, ignored")]],
    // targets
    ["targets.weeklyActiveRate", 0, 0, []],
    ["targets.weeklyActiveRate", 1, 1, []],
    ["targets.weeklyActiveRate", 0.6, 0.6, []],
    ["targets.weeklyActiveRate", 60, undefined, [issue("targets.weeklyActiveRate", "must be at most 1, ignored")]],
    ["targets.weeklyActiveRate", -0.1, undefined, [issue("targets.weeklyActiveRate", "must be at least 0, ignored")]],
    ["targets.minutesSavedPerPersonWeek", 2400, 2400, []],
    [
      "targets.minutesSavedPerPersonWeek",
      2401,
      undefined,
      [issue("targets.minutesSavedPerPersonWeek", "must be at most 2400, ignored")],
    ],
    [
      "targets.minutesSavedPerPersonWeek",
      [60],
      undefined,
      [issue("targets.minutesSavedPerPersonWeek", "must be a number, ignored")],
    ],
    // hourlyCost
    ["hourlyCost", 0, 0, []],
    ["hourlyCost", 55.5, 55.5, []],
    ["hourlyCost", 10000, 10000, []],
    ["hourlyCost", -1, undefined, [issue("hourlyCost", "must be at least 0, ignored")]],
    ["hourlyCost", 10001, undefined, [issue("hourlyCost", "must be at most 10000, ignored")]],
    ["hourlyCost", "55", undefined, [issue("hourlyCost", "must be a number, ignored")]],
    // teamSize
    ["teamSize", 1, 1, []],
    ["teamSize", 100000, 100000, []],
    ["teamSize", 0, undefined, [issue("teamSize", "must be at least 1, ignored")]],
    ["teamSize", 100001, undefined, [issue("teamSize", "must be at most 100000, ignored")]],
    ["teamSize", 2.5, undefined, [issue("teamSize", "must be a whole number, ignored")]],
  ])("%s = %j", (path, value, kept, issues) => {
    const result = parsePolicy(at(path, value));
    expect(result.issues).toEqual(issues);
    expect(result.policy).toEqual(kept === undefined ? {} : at(path, kept));
  });

  it.each(PATHS)("%s missing: nothing set, no issue, the default applies", (path) => {
    const result = parsePolicy(withoutPath(FULL, path));
    expect(result.issues).toEqual([]);
    expect(result.policy).toEqual(withoutPath(FULL, path));
    const [head, sub] = path.split(".") as [keyof Policy, string | undefined];
    if (sub === undefined) expect(result.policy[head]).toBeUndefined();
    else expect((result.policy[head] as Record<string, unknown>)[sub]).toBeUndefined();
  });

  it.each(["tagging", "export", "targets"])("%s that is not an object is ignored as a whole", (group) => {
    for (const value of ["on", 1, null, [true]]) {
      expect(parsePolicy({ [group]: value })).toEqual({
        policy: {},
        issues: [issue(group, "must be an object, ignored")],
      });
    }
  });

  it("an empty nested object sets nothing", () => {
    expect(parsePolicy({ tagging: {}, export: {}, targets: {} })).toEqual({ policy: {}, issues: [] });
  });
});

describe("parsePolicy: each field on its own", () => {
  it("a full valid policy comes through unchanged", () => {
    expect(parsePolicy(FULL)).toEqual({ policy: FULL, issues: [] });
    expect(policySchema.safeParse(FULL).success).toBe(true);
  });

  const BAD = Symbol("bad");
  it.each(PATHS)("a bad %s drops only itself", (path) => {
    const raw = structuredClone(FULL) as Record<string, unknown>;
    const [head, sub] = path.split(".") as [string, string | undefined];
    if (sub === undefined) raw[head] = BAD;
    else (raw[head] as Record<string, unknown>)[sub] = BAD;
    const result = parsePolicy(raw);
    expect(result.policy).toEqual(withoutPath(FULL, path));
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]?.field).toBe(path);
    expect(result.issues[0]?.message).toMatch(/, ignored$/);
  });

  it("one bad sub-field keeps its siblings", () => {
    const result = parsePolicy({ export: { roundingMinutes: 10, noiseEpsilon: 1, minGroupSize: 2 } });
    expect(result.policy).toEqual({ export: { roundingMinutes: 10, noiseEpsilon: 1 } });
    expect(result.issues).toEqual([issue("export.minGroupSize", "must be at least 5, ignored")]);
  });

  it("reports unknown fields, top-level and nested, and keeps the rest", () => {
    const result = parsePolicy({ teamLabel: "Sales", colour: "red", tagging: { enabled: true, sound: "loud" } });
    expect(result.policy).toEqual({ teamLabel: "Sales", tagging: { enabled: true } });
    expect(result.issues).toEqual([
      issue("colour", "unknown field, ignored"),
      issue("tagging.sound", "unknown field, ignored"),
    ]);
  });

  it("the ranges it shares with user settings are the same", () => {
    const shared = {
      idleThresholdSec: [14, 15, 3600, 3601],
      sessionGapMin: [0, 1, 240, 241],
      retentionDays: [6, 7, 3650, 3651],
    };
    for (const [field, values] of Object.entries(shared)) {
      for (const value of [...values, (values[1] ?? 0) + 0.5]) {
        const inSettings = settingsSchema.shape[field as keyof typeof shared].safeParse(value).success;
        expect(parsePolicy({ [field]: value }).issues.length === 0, `${field} = ${value}`).toBe(inSettings);
      }
    }
  });
});

describe("parsePolicy: broken and hostile input", () => {
  it("no policy at all is an empty policy without an issue", () => {
    expect(parsePolicy(undefined)).toEqual({ policy: {}, issues: [] });
    expect(parsePolicy({})).toEqual({ policy: {}, issues: [] });
  });

  it.each<[string, unknown, string]>([
    ["null", null, "must be an object, not null; ignored"],
    ["a string", '{"teamLabel":"Sales"}', "must be an object, not string; ignored"],
    ["a number", 42, "must be an object, not number; ignored"],
    ["a boolean", true, "must be an object, not boolean; ignored"],
    ["a list", [{ teamLabel: "Sales" }], "must be an object, not a list; ignored"],
  ])("%s yields an empty policy and one issue", (_name, raw, message) => {
    expect(parsePolicy(raw)).toEqual({ policy: {}, issues: [issue("policy", message)] });
  });

  it("a __proto__ key from JSON neither pollutes nor applies", () => {
    const raw = JSON.parse('{"__proto__": {"polluted": true, "teamLabel": "Evil"}, "teamSize": 9}');
    const result = parsePolicy(raw);
    expect(result.policy).toEqual({ teamSize: 9 });
    expect(result.issues).toEqual([issue("__proto__", "unknown field, ignored")]);
    expect(Object.getPrototypeOf(result.policy)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("a nested __proto__ or constructor neither pollutes nor applies", () => {
    const raw = JSON.parse(
      '{"tagging": {"__proto__": {"enabled": false}}, "constructor": {"prototype": {"polluted": true}}, "export": {"constructor": 1}}',
    );
    const result = parsePolicy(raw);
    expect(result.policy).toEqual({});
    expect(result.issues).toEqual([
      issue("constructor", "unknown field, ignored"),
      issue("tagging.__proto__", "unknown field, ignored"),
      issue("export.constructor", "unknown field, ignored"),
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("inherited values are not read, only own ones", () => {
    const tagging = Object.create({ enabled: false, minMinutes: 9 });
    const raw = Object.create({ teamLabel: "Inherited" });
    raw.tagging = tagging;
    expect(parsePolicy(raw)).toEqual({ policy: {}, issues: [] });
  });

  it("a huge list is refused without reading its entries", () => {
    // Reading any entry throws, which parsePolicy would report as "could not be read".
    const huge = new Proxy(new Array(1_000_000), {
      get(target, key) {
        if (typeof key === "string" && /^\d+$/.test(key)) throw new Error(`read entry ${key}`);
        return Reflect.get(target, key);
      },
    });
    const result = parsePolicy({ approvedToolIds: huge, customTools: huge, taskCategories: huge });
    expect(result.policy).toEqual({});
    expect(result.issues).toEqual([
      issue("approvedToolIds", "must have at most 100 entries, ignored"),
      issue("customTools", "must have at most 50 entries, ignored"),
      issue("taskCategories", "must have at most 40 entries, ignored"),
    ]);
  });

  it("caps the issue list for a flood of bad input", () => {
    const raw = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`junk${i}`, i]));
    const result = parsePolicy(raw);
    expect(result.issues).toHaveLength(MAX_POLICY_ISSUES + 1);
    expect(result.issues.at(-1)).toEqual(issue("policy", `${10_000 - MAX_POLICY_ISSUES} more problems not listed`));
  });

  it("shortens long field names and values in messages", () => {
    const name = "k".repeat(500);
    const result = parsePolicy({ [name]: 1, approvedToolIds: ["x".repeat(48), "chatgpt"] });
    expect(result.issues[0]?.field).toBe(`${"k".repeat(40)}…`);
    expect(result.issues[1]?.message).toBe(`unknown tool id "${"x".repeat(40)}…", entry ignored`);
  });

  it("deeply nested junk does not throw", () => {
    let deep: unknown = "bottom";
    for (let i = 0; i < 100_000; i++) deep = { a: deep, b: [deep] };
    const result = parsePolicy({
      teamLabel: deep,
      tagging: { enabled: deep, deep },
      customTools: [deep, { ...WIKI, extra: deep }],
      [String(deep).slice(0, 10)]: deep,
    });
    expect(result.policy).toEqual({});
    expect(result.issues.length).toBeGreaterThan(0);
  });

  it("a cyclic object does not throw", () => {
    const raw: Record<string, unknown> = { teamLabel: "Sales" };
    raw.self = raw;
    raw.tagging = raw;
    raw.customTools = [raw];
    const result = parsePolicy(raw);
    expect(result.policy).toEqual({ teamLabel: "Sales" });
  });

  it("objects that are not plain data are read safely", () => {
    const throwing = Object.defineProperty({}, "teamLabel", {
      enumerable: true,
      get() {
        throw new Error("boom");
      },
    });
    expect(parsePolicy(throwing)).toEqual({ policy: {}, issues: [issue("policy", "could not be read, ignored")] });
    const hostileProxy = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error("boom");
        },
      },
    );
    expect(parsePolicy(hostileProxy).issues).toEqual([issue("policy", "could not be read, ignored")]);
    expect(parsePolicy(new Map([["teamLabel", "Sales"]]))).toEqual({ policy: {}, issues: [] });
  });

  it("never throws, and what it keeps always satisfies the policy schema", () => {
    const fieldValue = fc.oneof(
      fc.anything(),
      fc.integer({ min: -10, max: 5000 }),
      fc.double({ min: -1, max: 20000, noNaN: false }),
      fc.constantFrom("chatgpt", "2026-02-29", "2026-09-14", "", " x "),
      fc.array(fc.oneof(fc.constantFrom("chatgpt", "claude", "nope"), fc.anything()), { maxLength: 5 }),
      fc.array(fc.record({ id: fc.string(), label: fc.string() }, { requiredKeys: [] }), { maxLength: 5 }),
      fc.dictionary(
        fc.constantFrom("enabled", "minMinutes", "roundingMinutes", "minGroupSize", "weeklyActiveRate", "x"),
        fc.oneof(fc.boolean(), fc.integer({ min: -10, max: 2000 }), fc.double(), fc.string()),
      ),
    );
    const policyLike = fc.dictionary(fc.oneof(fc.constantFrom(...Object.keys(FULL)), fc.string()), fieldValue);
    fc.assert(
      fc.property(fc.oneof(fc.anything(), policyLike), (raw) => {
        const { policy, issues } = parsePolicy(raw);
        expect(policySchema.safeParse(policy).success).toBe(true);
        expect(issues.length).toBeLessThanOrEqual(MAX_POLICY_ISSUES + 1);
        for (const found of issues) {
          expect(typeof found.field).toBe("string");
          expect(found.message).toMatch(/ignored$|not listed$/);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe("lockedFields", () => {
  it.each<[string, Policy, string[]]>([
    ["no policy", {}, []],
    ["a team label", { teamLabel: "Sales" }, ["teamLabel"]],
    ["part of tagging", { tagging: { enabled: false } }, ["tagging.enabled"]],
    [
      "part of export",
      { export: { minGroupSize: 10, noiseEpsilon: 0 } },
      ["export.noiseEpsilon", "export.minGroupSize"],
    ],
    ["custom tools while people may add their own", { customTools: [WIKI] }, []],
    [
      "custom tools while people may not add their own",
      { customTools: [WIKI], allowUserTools: false },
      ["customTools"],
    ],
    ["no user tools without organization tools", { allowUserTools: false }, ["customTools"]],
    ["user tools explicitly allowed", { allowUserTools: true }, []],
    [
      "every field",
      FULL,
      [
        "approvedToolIds",
        "customTools",
        "teamLabel",
        "trainingDate",
        "taskCategories",
        "tagging.enabled",
        "tagging.minMinutes",
        "tagging.dailyLimit",
        "tagging.notifications",
        "idleThresholdSec",
        "sessionGapMin",
        "retentionDays",
        "export.roundingMinutes",
        "export.noiseEpsilon",
        "export.minGroupSize",
        "targets.weeklyActiveRate",
        "targets.minutesSavedPerPersonWeek",
        "hourlyCost",
        "teamSize",
      ],
    ],
  ])("%s", (_name, policy, expected) => {
    expect(lockedFields(policy)).toEqual(expected);
  });

  it("locks a field even when the policy sets it to its default value", () => {
    expect(lockedFields(parsePolicy({ idleThresholdSec: 120, tagging: { notifications: false } }).policy)).toEqual([
      "tagging.notifications",
      "idleThresholdSec",
    ]);
  });

  it("never locks a field whose value was ignored", () => {
    const { policy } = parsePolicy({ idleThresholdSec: 5, teamLabel: "Sales", export: { minGroupSize: 3 } });
    expect(lockedFields(policy)).toEqual(["teamLabel"]);
  });
});

describe("lockedSettings", () => {
  it("names the user settings the policy overrides", () => {
    expect(lockedSettings(FULL)).toEqual([
      "approvedToolIds",
      "customTools",
      "promptEnabled",
      "promptMinMinutes",
      "promptDailyLimit",
      "promptNotifications",
      "idleThresholdSec",
      "sessionGapMin",
      "retentionDays",
    ]);
  });

  it("every name is a real setting", () => {
    for (const setting of lockedSettings(FULL)) expect(Object.keys(settingsSchema.shape)).toContain(setting);
  });

  it("fields that are not user settings lock none", () => {
    expect(lockedSettings({ teamLabel: "Sales", export: { minGroupSize: 10 }, hourlyCost: 50 })).toEqual([]);
  });
});

describe("applyPolicy", () => {
  const USER_TOOL = { id: "custom-mine", name: "Mine", hosts: ["mine.example"] };
  const user = {
    ...DEFAULT_SETTINGS,
    idleThresholdSec: 60,
    approvedToolIds: ["gemini"],
    customTools: [USER_TOOL],
    promptEnabled: true,
  };

  it("without a policy the user's settings stand", () => {
    expect(applyPolicy(user, {})).toEqual(user);
  });

  it("each field the policy sets wins", () => {
    const settings = applyPolicy(user, {
      idleThresholdSec: 300,
      approvedToolIds: ["claude"],
      tagging: { enabled: false },
    });
    expect(settings).toEqual({ ...user, idleThresholdSec: 300, approvedToolIds: ["claude"], promptEnabled: false });
  });

  it("adds the organization's tools in front of the user's", () => {
    expect(applyPolicy(user, { customTools: [WIKI] }).customTools).toEqual([WIKI, USER_TOOL]);
  });

  it("an organization tool replaces a user tool with the same id", () => {
    const mine = { ...WIKI, name: "My copy" };
    expect(applyPolicy({ ...user, customTools: [mine] }, { customTools: [WIKI] }).customTools).toEqual([WIKI]);
  });

  it("drops the user's tools when people may not add their own", () => {
    expect(applyPolicy(user, { allowUserTools: false }).customTools).toEqual([]);
    expect(applyPolicy(user, { allowUserTools: false, customTools: [WIKI] }).customTools).toEqual([WIKI]);
  });

  it("the result is valid settings", () => {
    expect(settingsSchema.safeParse(applyPolicy(user, FULL)).success).toBe(true);
  });
});

describe("policyValues", () => {
  it("is the defaults without a policy", () => {
    expect(policyValues({})).toEqual(POLICY_DEFAULTS);
  });

  it("has the documented defaults", () => {
    expect(POLICY_DEFAULTS).toEqual({
      allowUserTools: true,
      teamLabel: null,
      trainingDate: null,
      taskCategories: DEFAULT_TASK_CATEGORIES,
      tagging: { enabled: true, minMinutes: 2, dailyLimit: 3, notifications: false },
      export: { roundingMinutes: 5, noiseEpsilon: 0, minGroupSize: 5 },
      targets: { weeklyActiveRate: null, minutesSavedPerPersonWeek: null },
      hourlyCost: null,
      teamSize: null,
    });
  });

  it("the tagging defaults agree with the user settings' defaults", () => {
    expect(POLICY_DEFAULTS.tagging).toEqual({
      enabled: DEFAULT_SETTINGS.promptEnabled,
      minMinutes: DEFAULT_SETTINGS.promptMinMinutes,
      dailyLimit: DEFAULT_SETTINGS.promptDailyLimit,
      notifications: DEFAULT_SETTINGS.promptNotifications,
    });
  });

  it("fills each sub-field the policy leaves out with its default", () => {
    const values = policyValues({
      export: { minGroupSize: 10 },
      targets: { weeklyActiveRate: 0.5 },
      teamLabel: "Sales",
    });
    expect(values.export).toEqual({ roundingMinutes: 5, noiseEpsilon: 0, minGroupSize: 10 });
    expect(values.targets).toEqual({ weeklyActiveRate: 0.5, minutesSavedPerPersonWeek: null });
    expect(values.teamLabel).toBe("Sales");
    expect(values.taskCategories).toBe(DEFAULT_TASK_CATEGORIES);
  });

  it("the minimum group size in effect is never below 5", () => {
    fc.assert(
      fc.property(fc.anything(), (raw) => {
        expect(
          policyValues(parsePolicy({ export: { minGroupSize: raw } }).policy).export.minGroupSize,
        ).toBeGreaterThanOrEqual(5);
      }),
    );
  });
});
