import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import {
  isRe2Compatible,
  MANAGED_SCHEMA_KEYWORDS,
  type ManagedSchemaNode,
  managedSchema,
  managedSchemaText,
} from "../../../lib/policy/managed-schema";
import { type Policy, parsePolicy } from "../../../lib/policy/policy";

const committed = resolve(import.meta.dirname, "../../../public/managed_schema.json");
const example = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "../../../docs/deploy/example-policy.json"), "utf8"),
) as Policy;

/** Every node of a schema with its path. */
function nodes(node: ManagedSchemaNode, path = "policy"): [string, ManagedSchemaNode][] {
  return [
    [path, node],
    ...Object.entries(node.properties ?? {}).flatMap(([key, child]) => nodes(child, `${path}.${key}`)),
    ...(node.items ? nodes(node.items, `${path}[]`) : []),
    ...(node.additionalProperties ? nodes(node.additionalProperties, `${path}.*`) : []),
  ];
}

/** What Chrome would refuse in one node of a managed schema, as readable problems. */
function chromeRefusals(node: ManagedSchemaNode): string[] {
  const problems: string[] = [];
  const allowed = MANAGED_SCHEMA_KEYWORDS[node.type];
  if (!allowed) return [`type ${node.type}`];
  for (const keyword of Object.keys(node)) if (!allowed.includes(keyword)) problems.push(`keyword ${keyword}`);
  if (node.type === "array" && !node.items) problems.push("array without items");
  const additional: unknown = node.additionalProperties;
  if (additional !== undefined && (typeof additional !== "object" || additional === null)) {
    problems.push("additionalProperties is not a schema");
  }
  if (node.pattern !== undefined && !isRe2Compatible(node.pattern)) problems.push("pattern is not RE2");
  for (const bound of [node.minimum, node.maximum]) {
    if (bound !== undefined && !Number.isInteger(bound)) problems.push("bound is not an integer");
  }
  if (node.minimum !== undefined && node.maximum !== undefined && node.minimum > node.maximum) {
    problems.push("minimum above maximum");
  }
  return problems;
}

describe("managed_schema.json", () => {
  // Run `npx vitest run -u tests/unit/policy` after changing the policy schema.
  it("the committed file is generated from the policy schema", async () => {
    await expect(managedSchemaText()).toMatchFileSnapshot(committed);
  });

  it("is 2-space JSON with a trailing newline", () => {
    const text = readFileSync(committed, "utf8");
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
  });

  it("has the top level Chrome requires: an object with properties, nothing else structural", () => {
    const schema = managedSchema();
    expect(schema.type).toBe("object");
    expect(Object.keys(schema.properties ?? {}).length).toBeGreaterThan(10);
    expect(schema).not.toHaveProperty("additionalProperties");
    expect(schema).not.toHaveProperty("$schema");
  });

  it.each(nodes(managedSchema()))("%s uses only what Chrome accepts for its type", (_path, node) => {
    expect(chromeRefusals(node)).toEqual([]);
  });

  it("the check catches what Chrome would refuse", () => {
    const refused: ManagedSchemaNode[] = [
      { type: "number", minimum: 0 },
      { type: "string", minLength: 1 } as ManagedSchemaNode,
      { type: "object", additionalProperties: false } as unknown as ManagedSchemaNode,
      { type: "array" },
      { type: "string", pattern: "(?=lookahead)" },
      { type: "integer", minimum: 5, maximum: 1 },
      { type: "integer", minimum: 0.5 },
    ];
    for (const node of refused) expect(chromeRefusals(node), JSON.stringify(node)).not.toEqual([]);
    expect(chromeRefusals({ type: "integer", minimum: 0, maximum: 480 })).toEqual([]);
  });

  it("describes every top-level field", () => {
    for (const [key, node] of Object.entries(managedSchema().properties ?? {})) {
      expect(node.description, key).toBeTruthy();
    }
  });

  it("bounds integers as the run-time check does", () => {
    const properties = managedSchema().properties ?? {};
    expect(properties.idleThresholdSec).toMatchObject({ type: "integer", minimum: 15, maximum: 3600 });
    expect(properties.export?.properties?.minGroupSize).toMatchObject({ type: "integer", minimum: 5, maximum: 1000 });
    expect(properties.hourlyCost).toEqual({ type: "number", description: expect.any(String) });
  });

  // The browser must never drop what the extension accepts: the schema may be looser, never stricter.
  it.each<[string, unknown]>([
    ["the deployment example", example],
    [
      "a policy at every lower bound",
      {
        approvedToolIds: [],
        customTools: [],
        allowUserTools: false,
        teamLabel: "A",
        trainingDate: "2000-01-01",
        taskCategories: [{ id: "a", label: "A" }],
        tagging: { enabled: false, minMinutes: 0, dailyLimit: 0, notifications: false },
        idleThresholdSec: 15,
        sessionGapMin: 1,
        retentionDays: 7,
        export: { roundingMinutes: 1, noiseEpsilon: 0, minGroupSize: 5 },
        targets: { weeklyActiveRate: 0, minutesSavedPerPersonWeek: 0 },
        hourlyCost: 0,
        teamSize: 1,
      },
    ],
    [
      "a policy at every upper bound",
      {
        approvedToolIds: ["openai-playground"],
        customTools: [{ id: "custom-wiki", name: "Wiki", hosts: ["ai.intranet.example"], pathPrefix: "/chat/x" }],
        allowUserTools: true,
        teamLabel: "x".repeat(80),
        trainingDate: "2028-02-29",
        taskCategories: [{ id: `z${"-".repeat(47)}`, label: "x".repeat(60) }],
        tagging: { enabled: true, minMinutes: 120, dailyLimit: 20, notifications: true },
        idleThresholdSec: 3600,
        sessionGapMin: 240,
        retentionDays: 3650,
        export: { roundingMinutes: 60, noiseEpsilon: 10, minGroupSize: 1000 },
        targets: { weeklyActiveRate: 1, minutesSavedPerPersonWeek: 2400 },
        hourlyCost: 10000,
        teamSize: 100000,
      },
    ],
  ])("accepts %s, as the extension does", (_name, policy) => {
    expect(parsePolicy(policy).issues).toEqual([]);
    const ajv = new Ajv({ strict: false });
    expect(ajv.validate(managedSchema(), policy), JSON.stringify(ajv.errors)).toBe(true);
  });

  it.each<[string, unknown]>([
    ["a date that does not exist", { trainingDate: "2026-02-30" }],
    ["a group size under 5", { export: { minGroupSize: 4 } }],
    ["an idle threshold as text", { idleThresholdSec: "120" }],
    ["a task id with capitals", { taskCategories: [{ id: "Copy", label: "Copy" }] }],
  ])("refuses %s, as the extension does", (_name, policy) => {
    expect(parsePolicy(policy).issues).not.toEqual([]);
    expect(new Ajv({ strict: false }).validate(managedSchema(), policy)).toBe(false);
  });
});

describe("isRe2Compatible", () => {
  it.each([
    ["^[a-z0-9][a-z0-9-]{0,47}$", true],
    ["^\\/[^?#\\s]*$", true],
    ["^(?:a|b)$", true],
    ["^(?!-)[a-z]+$", false],
    ["^(?=a)a$", false],
    ["(?<=a)b", false],
    ["(?<!a)b", false],
    ["(a)\\1", false],
    ["(?<x>a)\\k<x>", false],
  ])("%s → %s", (pattern, expected) => {
    expect(isRe2Compatible(pattern)).toBe(expected);
  });
});
