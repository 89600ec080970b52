import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { compileExactCheck, type ExactCheck, UnsupportedSchemaError } from "../../../lib/formats/exact-check";
import {
  AGGREGATE_FORMAT,
  AGGREGATE_LIMITS,
  aggregateFileSchema,
  weeklyRecordSchema,
} from "../../../lib/report/aggregate-format";
import { generateSampleTeam } from "../../../lib/team/sample-data";
import { aggregateFile, NOW, record } from "../team/fixtures";

// The compiled check stands in for zod on the dashboard's import (issue 16): it must never say yes
// where zod says no, nor where zod's data would differ from the value, and it should say no only
// where zod does.

const checks = {
  any: compileExactCheck(aggregateFileSchema),
  fromJson: compileExactCheck(aggregateFileSchema, { fromJson: true }),
};

const golden = ["golden.aggregate.json", "golden.noise.aggregate.json"].map(
  (name) => JSON.parse(readFileSync(join(import.meta.dirname, "../report", name), "utf8")) as unknown,
);

/** Files as the app writes them: the sample teams of many seeds, the report goldens and the import fixtures. */
function validFiles(): unknown[] {
  const files: unknown[] = [...golden];
  for (let seed = 1; seed <= 25; seed++) {
    for (const { file } of generateSampleTeam(seed, NOW).files) files.push(file);
  }
  files.push(
    aggregateFile([record(1)]),
    aggregateFile([record(1), record(2, { week: "2026-W48", revision: 3 })], { team: null }),
    aggregateFile([record(1, { weeksSinceTraining: null, features: { active: true, activeInWeeks1to4: null } })], {
      noiseEpsilon: 0.5,
    }),
    aggregateFile(
      [
        record(1, {
          tasks: [
            { category: "writing", tags: 2, minutesSaved: 20 },
            { category: "coding", tags: 1, minutesSaved: 5 },
          ],
        }),
      ],
      { rounding: { activeMinutes: 1, minutesSaved: 60 } },
    ),
  );
  // Through JSON, as the dashboard reads them.
  return files.map((file) => JSON.parse(JSON.stringify(file)));
}

/** What zod makes of a value: whether it passes with data that deep-equals the value itself. */
function zodTakesAsIs(value: unknown): { success: boolean; asIs: boolean } {
  const parsed = aggregateFileSchema.safeParse(value);
  if (!parsed.success) return { success: false, asIs: false };
  try {
    expect(parsed.data).toStrictEqual(value);
    return { success: true, asIs: true };
  } catch {
    return { success: true, asIs: false };
  }
}

/** `schema` with its first check given a condition of its own, as zod's `when` parameter would. */
function withCondition(schema: z.ZodString): z.ZodString {
  const check = schema._zod.def.checks?.[0];
  if (check) (check._zod.def as { when?: () => boolean }).when = () => true;
  return schema;
}

describe("compiling", () => {
  it("compiles the team report file and the weekly record", () => {
    expect(() => compileExactCheck(aggregateFileSchema)).not.toThrow();
    expect(() => compileExactCheck(weeklyRecordSchema)).not.toThrow();
  });

  it.each<[string, z.ZodType, RegExp]>([
    ["a refinement", z.strictObject({ a: z.string().refine((text) => text.length > 0) }), /a: check "custom"/],
    ["a union", z.strictObject({ a: z.strictObject({ b: z.union([z.string(), z.number()]) }) }), /a\.b: z\.union/],
    ["a non-strict object", z.object({ a: z.string() }), /non-strict object/],
    ["a loose object", z.looseObject({ a: z.string() }), /catchall \(unknown\)/],
    ["a catchall", z.strictObject({ a: z.string() }).catchall(z.number()), /catchall \(number\)/],
    ["a transform", z.string().transform((text) => text.length), /z\.pipe/],
    ["a default", z.strictObject({ a: z.number().default(1) }), /a: z\.default/],
    ["a catch", z.number().catch(0), /z\.catch/],
    ["a readonly", z.strictObject({ a: z.string() }).readonly(), /z\.readonly/],
    ["a refined object", z.strictObject({ a: z.string() }).refine(() => true), /check "custom" on a object/],
    ["an array of a refinement", z.array(z.number().refine(() => true)), /\[\]: check "custom"/],
    ["a string format", z.email(), /string_format" \(email\)/],
    ["lowercase", z.string().lowercase(), /string_format" \(lowercase\)/],
    ["a trim", z.string().trim(), /check "overwrite"/],
    ["multipleOf", z.number().multipleOf(5), /check "multiple_of"/],
    ["an int32", z.int32(), /number_format" \(int32\)/],
    ["a check with its own condition", withCondition(z.string().max(3)), /condition of its own/],
    ["a coerced number", z.coerce.number(), /coerced number/],
    ["an enum", z.enum(["a", "b"]), /z\.enum/],
    ["a record", z.record(z.string(), z.number()), /z\.record/],
    ["a tuple", z.tuple([z.string()]), /z\.tuple/],
    ["a date", z.date(), /z\.date/],
    ["a bigint literal", z.literal(1n), /literal bigint/],
    ["an undefined literal", z.literal(undefined), /literal undefined/],
    ["a lazy schema", z.lazy(() => z.string()), /z\.lazy/],
    ["an unknown", z.strictObject({ a: z.unknown() }), /a: z\.unknown/],
  ])("throws for %s, naming it", (_name, schema, message) => {
    expect(() => compileExactCheck(schema)).toThrow(UnsupportedSchemaError);
    expect(() => compileExactCheck(schema)).toThrow(message);
  });

  it("throws for a recursive schema instead of looping", () => {
    const node = z.strictObject({
      name: z.string(),
      get child() {
        return node.optional();
      },
    });
    expect(() => compileExactCheck(node)).toThrow(/child: a recursive schema/);
  });
});

describe("agreement on valid files", () => {
  const files = validFiles();

  it("has many files to check", () => {
    expect(files.length).toBeGreaterThan(300);
  });

  it("takes every file the app writes, which zod takes as it is", () => {
    for (const file of files) {
      expect(zodTakesAsIs(file)).toEqual({ success: true, asIs: true });
      expect(checks.any(file)).toBe(true);
      expect(checks.fromJson(file)).toBe(true);
    }
  });

  it("takes a file at every limit of the format", () => {
    const tools = Array.from({ length: AGGREGATE_LIMITS.tools }, (_, i) => ({
      toolId: `t${i}`,
      visits: AGGREGATE_LIMITS.visitsCap,
      activeMinutes: AGGREGATE_LIMITS.activeMinutesCap,
    }));
    const tasks = Array.from({ length: AGGREGATE_LIMITS.tasks }, (_, i) => ({
      category: `c${i}`,
      tags: AGGREGATE_LIMITS.tagsCap,
      minutesSaved: AGGREGATE_LIMITS.minutesSavedCap,
    }));
    const records = Array.from({ length: AGGREGATE_LIMITS.records }, (_, i) =>
      record(i, { revision: AGGREGATE_LIMITS.revision, weeksSinceTraining: -1040, activeDays: 7, tools, tasks }),
    );
    // 80 code points, 160 UTF-16 units.
    const file = aggregateFile(records, { team: "😀".repeat(80), noiseEpsilon: 10 });
    expect(zodTakesAsIs(file)).toEqual({ success: true, asIs: true });
    expect(checks.any(file)).toBe(true);
    expect(checks.fromJson(file)).toBe(true);
  });
});

// ---- The mutation test --------------------------------------------------------------------------

type Path = readonly (string | number)[];
const REMOVE = Symbol("remove the key");

/** Every path in a JSON value, the root included. */
function pathsOf(value: unknown, at: Path = []): Path[] {
  const below =
    Array.isArray(value) || (value !== null && typeof value === "object")
      ? Object.entries(value as object).flatMap(([key, item]) =>
          pathsOf(item, [...at, Array.isArray(value) ? Number(key) : key]),
        )
      : [];
  return [at, ...below];
}

function valueAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((value, step) => (value as Record<string | number, unknown>)[step], root);
}

/** A copy of `root` with the value at `path` replaced (or its key removed). */
function replaced(root: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(root);
  const parent = valueAt(copy, path.slice(0, -1)) as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (replacement === REMOVE) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else parent[last] = replacement;
  return copy;
}

const EDGE_NUMBERS = [
  0,
  -0,
  1,
  -1,
  0.5,
  -0.5,
  1.5,
  4.999,
  5.000001,
  7,
  8,
  10,
  10.000001,
  11,
  59,
  60,
  61,
  499,
  500,
  501,
  1999,
  2000,
  2001,
  6719,
  6720,
  6721,
  1039,
  1040,
  1041,
  -1039,
  -1040,
  -1041,
  999_999,
  1_000_000,
  1_000_001,
  1e-9,
  Number.MIN_VALUE,
  2 ** 53 - 1,
  2 ** 53,
  -(2 ** 53 - 1),
  -(2 ** 53),
  Number.MAX_VALUE,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
];

const EDGE_STRINGS = [
  "",
  " ",
  "a",
  "A",
  "0",
  "-a",
  "a_b",
  "a".repeat(48),
  "a".repeat(49),
  "x".repeat(80),
  "x".repeat(81),
  "😀".repeat(80),
  "😀".repeat(81),
  "😀".repeat(40),
  "\ud83d",
  "\ud83d".repeat(81),
  "chatgpt",
  "custom-tool",
  "writing",
  "0".repeat(64),
  "f".repeat(64),
  "0".repeat(63),
  "0".repeat(65),
  "A".repeat(64),
  `g${"0".repeat(63)}`,
  `${"0".repeat(64)}\n`,
  "2026-W07",
  "2026-W7",
  "2026-W00",
  "2026-W53",
  "2026-W54",
  "2026-w07",
  " 2026-W07",
  "2026-W07\n",
  "02026-W07",
  "ai-adoption-meter 1.2.3",
  "ai-adoption-meter 0.1.0",
  "ai-adoption-meter 1.2",
  "ai-adoption-meter 1.2.3 ",
  "ai-adoption-meter 1.2.3\n",
  "ai-adoption-meter 1.2.x",
  "ai-adoption-meter ١.٢.٣",
  "AI-adoption-meter 1.2.3",
  AGGREGATE_FORMAT,
  "ai-adoption-meter/aggregate@2",
  `${AGGREGATE_FORMAT} `,
  "null",
  "true",
  "5",
];

const EDGE_OTHERS: unknown[] = [
  REMOVE,
  undefined,
  null,
  true,
  false,
  [],
  {},
  [1],
  [null],
  { a: 1 },
  { 0: "x", length: 1 },
  new Date(0),
  5n,
];

/** The most items the array at `path` may hold. */
function arrayLimit(path: Path): number {
  const last = path[path.length - 1];
  if (last === "tools") return AGGREGATE_LIMITS.tools;
  if (last === "tasks") return AGGREGATE_LIMITS.tasks;
  return AGGREGATE_LIMITS.records;
}

/** Variants of a container: at and over its length limit, empty, the wrong kind of container, an unknown key. */
function containerVariants(value: unknown, path: Path): unknown[] {
  if (Array.isArray(value)) {
    const first = value[0] ?? {};
    const limit = arrayLimit(path);
    return [
      [],
      [...value, ...value],
      Array.from({ length: limit }, () => first),
      Array.from({ length: limit + 1 }, () => first),
      { ...value },
    ];
  }
  if (value !== null && typeof value === "object") {
    return [
      { ...value, extra: 1 },
      { ...value, extra: undefined },
      JSON.parse(`{"__proto__": 1, ${JSON.stringify(value).slice(1)}`),
      { ...value, constructor: 1 },
      { ...value, toString: "x" },
      Object.values(value),
    ];
  }
  return [];
}

function shown(value: unknown): string {
  if (value === REMOVE) return "(removed)";
  if (typeof value === "bigint" || typeof value === "number" || value === undefined) return String(value);
  return JSON.stringify(value).slice(0, 40);
}

interface Outcome {
  readonly path: string;
  readonly replacement: string;
  readonly zod: boolean;
  readonly check: boolean;
}

function mutate(base: unknown): { variants: number; refused: number; disagreements: Outcome[]; unsound: Outcome[] } {
  let variants = 0;
  let refused = 0;
  const disagreements: Outcome[] = [];
  const unsound: Outcome[] = [];
  const try1 = (path: Path, replacement: unknown, check: ExactCheck) => {
    const variant = replaced(base, path, replacement);
    const says = check(variant);
    // Whether zod's data is the value itself matters only where the check says yes.
    const zod = says ? zodTakesAsIs(variant) : { success: aggregateFileSchema.safeParse(variant).success, asIs: false };
    variants++;
    if (!zod.success) refused++;
    const outcome = { path: path.join("."), replacement: shown(replacement), zod: zod.success, check: says };
    // The contract: a yes means zod takes the value, as it is.
    if (says && !zod.asIs) unsound.push(outcome);
    if (says !== zod.success) disagreements.push(outcome);
  };
  for (const path of pathsOf(base)) {
    const here = valueAt(base, path);
    const replacements = [...EDGE_NUMBERS, ...EDGE_STRINGS, ...EDGE_OTHERS, ...containerVariants(here, path)];
    for (const replacement of replacements) {
      if (replacement === REMOVE && path.length === 0) continue;
      try1(path, replacement, checks.any);
      try1(path, replacement, checks.fromJson);
    }
  }
  return { variants, refused, disagreements, unsound };
}

describe("the mutation test", () => {
  const bases = [
    JSON.parse(
      JSON.stringify(
        aggregateFile(
          [
            record(1, {
              revision: 2,
              tools: [
                { toolId: "chatgpt", visits: 3, activeMinutes: 30 },
                { toolId: "claude", visits: 1, activeMinutes: 5 },
              ],
              tasks: [
                { category: "writing", tags: 2, minutesSaved: 20 },
                { category: "coding", tags: 1, minutesSaved: 5 },
              ],
            }),
            record(2, { weeksSinceTraining: null, features: { active: true, activeInWeeks1to4: null } }),
          ],
          { noiseEpsilon: 1 },
        ),
      ),
    ),
    // The noise golden, cut to three records: its other records repeat the same fields.
    { ...(golden[1] as object), records: (golden[1] as { records: unknown[] }).records.slice(0, 3) },
  ];

  it.each(bases.map((base, i) => [i, base]))(
    "base %i: the check answers as zod does, on every variant",
    (_i, base) => {
      const { variants, refused, disagreements, unsound } = mutate(base);
      expect(variants).toBeGreaterThan(5000);
      // Most variants are broken files: the test is about refusals as much as acceptances.
      expect(refused).toBeGreaterThan(variants * 0.6);
      expect(variants - refused).toBeGreaterThan(100);
      expect(unsound).toEqual([]);
      expect(disagreements).toEqual([]);
    },
    60_000,
  );
});

// ---- Values JSON cannot make ---------------------------------------------------------------------

describe("values JSON cannot make", () => {
  const base = (): Record<string, unknown> => JSON.parse(JSON.stringify(aggregateFile([record(1), record(2)])));
  const records = (file: Record<string, unknown>) => file.records as Record<string, unknown>[];

  it.each<[string, (file: Record<string, unknown>) => unknown]>([
    ["a symbol key on the file", (file) => Object.assign(file, { [Symbol("s")]: 1 })],
    ["a symbol key on a record", (file) => Object.assign(records(file)[0] as object, { [Symbol("s")]: 1 }) && file],
    ["a symbol key on the records", (file) => Object.assign(records(file), { [Symbol("s")]: 1 }) && file],
    ["an extra key on the records", (file) => Object.assign(records(file), { extra: 1 }) && file],
    [
      "a hole in the tools",
      (file) => {
        const first = records(file)[0] as Record<string, unknown>;
        // Only index 1 is set: index 0 is a hole.
        first.tools = Object.assign([], { 1: (first.tools as unknown[])[0] });
        return file;
      },
    ],
    ["a file without a prototype", (file) => Object.assign(Object.create(null), file)],
    ["a file of a class", (file) => Object.assign(new (class Report {})(), file)],
    [
      "records of an array class",
      (file) => ({ ...file, records: Object.assign(new (class extends Array {})(), records(file)) }),
    ],
    [
      "a hidden field",
      (file) => Object.defineProperty(file, "team", { value: "Finance", enumerable: false, configurable: true }),
    ],
    ["an inherited field", (file) => Object.setPrototypeOf({ ...file, team: undefined }, { team: "Finance" })],
    [
      // Counting keys alone would miss this one: as many listed keys as fields read.
      "a hidden field and an unknown key",
      (file) =>
        Object.defineProperty({ ...file, extra: 1 }, "team", {
          value: "Finance",
          enumerable: false,
          configurable: true,
        }),
    ],
  ])("refuses %s", (_name, make) => {
    const value = make(base());
    expect(checks.any(value)).toBe(false);
    // Zod may take some of these; then its data is a plain copy that differs from the value.
    expect(zodTakesAsIs(value).asIs).toBe(false);
  });
});

describe("a field inherited from Object.prototype", () => {
  it("is refused, though zod reads it (and copies it as its own): stricter than zod, on purpose", () => {
    const { team: _, ...file } = JSON.parse(JSON.stringify(aggregateFile([record(1)]))) as Record<string, unknown>;
    Object.defineProperty(Object.prototype, "team", { value: "Finance", configurable: true });
    try {
      expect(aggregateFileSchema.safeParse(file).success).toBe(true);
      expect(checks.any(file)).toBe(false);
    } finally {
      delete (Object.prototype as { team?: unknown }).team;
    }
    expect("team" in file).toBe(false);
  });
});

// ---- The parts on their own, on schemas other than the file's ------------------------------------

describe("each supported part answers as zod does", () => {
  const pool: unknown[] = [
    undefined,
    null,
    true,
    false,
    0,
    -0,
    1,
    2,
    2.5,
    3,
    5,
    6,
    -1,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    2 ** 53,
    "",
    "a",
    "ab",
    "abc",
    "abcd",
    "😀",
    "😀😀",
    "😀😀😀",
    "a😀",
    "\ud83d\ud83d",
    "A1",
    [],
    [true],
    [true, false],
    [true, false, true],
    [1],
    {},
    { a: 1 },
    { a: "x" },
    { a: undefined },
    { b: 1 },
    { a: 1, b: 1 },
    { a: null },
  ];

  it.each<[string, z.ZodType]>([
    ["gt/lt", z.number().gt(1).lt(5)],
    ["gte/lte", z.number().gte(1).lte(5)],
    ["positive/negative bounds", z.number().positive().max(3)],
    ["an exclusive and an inclusive bound at one value", z.number().min(1).gt(1).lte(3)],
    ["int", z.number().int()],
    ["z.int()", z.int().min(-1)],
    ["min/max length in code points", z.string().min(2).max(3)],
    ["length", z.string().length(2)],
    ["a global regex", z.string().regex(/^[a-z]+\d?$/gi)],
    ["two regexes and a length", z.string().regex(/a/).regex(/b|😀/).max(2)],
    ["array length", z.array(z.boolean()).min(1).max(2)],
    ["array exact length", z.array(z.boolean()).length(2)],
    ["literals", z.literal(["ab", 1, null, true])],
    ["nullable optional", z.string().nullable().optional()],
    ["optional nullable", z.number().optional().nullable()],
    ["a strict object with an optional key", z.strictObject({ a: z.number().optional() })],
    ["a strict object with a nullable key", z.strictObject({ a: z.number().nullable() })],
    ["an empty strict object", z.strictObject({})],
    ["meta", z.boolean().meta({ title: "flag" })],
  ])("%s", (_name, schema) => {
    const check = compileExactCheck(schema);
    for (const value of pool) {
      const parsed = schema.safeParse(value);
      expect(check(value), JSON.stringify(value) ?? String(value)).toBe(parsed.success);
      if (parsed.success) expect(parsed.data).toStrictEqual(value);
    }
  });

  it("resets a global pattern's position on every value, as zod does", () => {
    const check = compileExactCheck(z.string().regex(/a/g));
    expect([check("a"), check("a"), check("ba")]).toEqual([true, true, true]);
  });
});
