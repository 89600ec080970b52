import { z } from "zod";

/**
 * A format's zod schema compiled once into a plain predicate (issue 16). Under the extension's CSP
 * (`script-src 'self'`, no `unsafe-eval`) zod cannot build its own fast path, and its generic path
 * cost most of the dashboard's import time for thousands of team report files. The predicate is
 * read from the schema's definition, so the format is still written once, in zod; nothing is
 * evaluated from text.
 *
 * The contract: the predicate returns true only when `schema.safeParse(value)` succeeds and its
 * data deep-equals `value`, so a value that passes can be used as it is. It may refuse a few odd
 * values zod would take (objects or arrays with another prototype; hidden, inherited or symbol
 * keys; array holes or extra array keys); a caller sends whatever is refused to zod, for zod's own
 * answer and issue. Anything of a schema it cannot model exactly makes compilation throw instead
 * of being guessed at.
 */

/** True only when the schema's `safeParse` would succeed with data deep-equal to the value. */
export type ExactCheck = (value: unknown) => boolean;

/** Thrown by `compileExactCheck` for a part of a schema it does not model; the message names it and where it is. */
export class UnsupportedSchemaError extends Error {
  override readonly name = "UnsupportedSchemaError";
}

type Schema = z.core.$ZodType;
type Check = z.core.$ZodCheck<never>;
type Test = (value: unknown) => boolean;

/**
 * Compiles `schema` into an `ExactCheck`. Supported: strict objects, strings (regex, min/max/exact
 * length in code points), numbers (safe integers, inclusive and exclusive bounds), booleans,
 * literals of text, numbers, booleans or null, arrays (min/max/exact length), `.nullable()`,
 * `.optional()` and `.meta()`. Throws `UnsupportedSchemaError` for anything else.
 */
export function compileExactCheck(schema: Schema, options: ExactCheckOptions = {}): ExactCheck {
  return compileNode(schema, "", { open: new Set(), fromJson: options.fromJson === true });
}

/** How the values to check are made. */
export interface ExactCheckOptions {
  /**
   * Every value checked is what `JSON.parse` returned: its keys are all its own, listed and not
   * symbols, and its arrays have no holes and no keys beyond the indexes, so these are not looked
   * for (they cost the most to look for). It also takes `Object.prototype` to have no enumerable keys.
   */
  readonly fromJson?: boolean;
}

interface Context {
  /** Schemas being compiled on the way down, to refuse a recursive schema instead of looping. */
  readonly open: Set<Schema>;
  readonly fromJson: boolean;
}

// zod gives every length check the same default condition (run on values with a length); any
// other condition is the schema's own and is refused.
const defaultLengthConditions: ReadonlySet<unknown> = new Set(
  [z.string().max(1), z.string().min(1), z.string().length(1)].map(
    (probe) => probe._zod.def.checks?.[0]?._zod.def.when,
  ),
);

function unsupported(where: string, what: string): UnsupportedSchemaError {
  return new UnsupportedSchemaError(`${where || "schema"}: ${what} is not supported by the exact check`);
}

function compileNode(schema: Schema, where: string, context: Context): Test {
  if (context.open.has(schema)) throw unsupported(where, "a recursive schema");
  context.open.add(schema);
  try {
    return compileType(schema, where, context);
  } finally {
    context.open.delete(schema);
  }
}

function compileType(schema: Schema, where: string, context: Context): Test {
  const { def, traits } = schema._zod;
  // A schema can itself be a check (z.int(), z.email()): zod runs its own check before the others.
  const checks: Check[] = traits.has("$ZodCheck")
    ? [schema as unknown as Check, ...(def.checks ?? [])]
    : [...(def.checks ?? [])];
  const expect = (trait: string) => {
    if (!traits.has(trait)) throw unsupported(where, `a ${def.type} schema that is not a plain ${trait}`);
  };
  const noChecks = () => {
    const first = checks[0];
    if (first) throw unsupported(where, `check "${first._zod.def.check}" on a ${def.type} schema`);
  };
  const noCoercion = () => {
    if ((def as { coerce?: boolean }).coerce) throw unsupported(where, `a coerced ${def.type}`);
  };

  switch (def.type) {
    case "string": {
      expect("$ZodString");
      noCoercion();
      return stringTest(checks.map((check) => readCheck(check, "string", where)));
    }
    case "number": {
      expect("$ZodNumber");
      noCoercion();
      return numberTest(checks.map((check) => readCheck(check, "number", where)));
    }
    case "boolean": {
      expect("$ZodBoolean");
      noCoercion();
      noChecks();
      return (value) => typeof value === "boolean";
    }
    case "literal": {
      expect("$ZodLiteral");
      noChecks();
      const values = (def as z.core.$ZodLiteralDef<z.core.util.Literal>).values;
      for (const value of values) {
        if (value !== null && !["string", "number", "boolean"].includes(typeof value)) {
          throw unsupported(where, `a literal ${typeof value}`);
        }
      }
      // The same Set lookup as zod's (SameValueZero: 0 matches -0, NaN matches NaN), and the value is kept as it is.
      const allowed = new Set<unknown>(values);
      return (value) => allowed.has(value);
    }
    case "nullable": {
      expect("$ZodNullable");
      noChecks();
      const inner = compileNode((def as z.core.$ZodNullableDef).innerType, where, context);
      return (value) => value === null || inner(value);
    }
    case "optional": {
      expect("$ZodOptional");
      if (traits.has("$ZodExactOptional")) throw unsupported(where, "an exact optional");
      noChecks();
      const innerType = (def as z.core.$ZodOptionalDef).innerType;
      if (innerType._zod.optin === "defaulted") throw unsupported(where, "an optional around a default");
      const inner = compileNode(innerType, where, context);
      return (value) => value === undefined || inner(value);
    }
    case "array": {
      expect("$ZodArray");
      const { min, max } = lengthBounds(checks.map((check) => readCheck(check, "array", where)));
      const element = compileNode((def as z.core.$ZodArrayDef).element, `${where}[]`, context);
      const plain = context.fromJson ? isArray : isPlainArray;
      return (value) => {
        if (!plain(value) || value.length < min || value.length > max) return false;
        for (let i = 0; i < value.length; i++) if (!element(value[i])) return false;
        return true;
      };
    }
    case "object":
      expect("$ZodObject");
      noChecks();
      return compileObject(def as z.core.$ZodObjectDef, where, context);
    default:
      throw unsupported(where, `z.${def.type}()`);
  }
}

/** One check of a schema, as read from its definition. */
type Rule =
  | { readonly kind: "bound"; readonly side: "low" | "high"; readonly value: number; readonly inclusive: boolean }
  | { readonly kind: "safe integer" }
  | { readonly kind: "length"; readonly min: number; readonly max: number }
  | { readonly kind: "pattern"; readonly pattern: RegExp };

// The checks of one schema are folded into one closure with its bounds as constants, rather than
// a closure per check (issue 16: thousands of files hold tens of thousands of numbers).

function numberTest(rules: readonly Rule[]): Test {
  let low = Number.NEGATIVE_INFINITY;
  let lowInclusive = true;
  let high = Number.POSITIVE_INFINITY;
  let highInclusive = true;
  let integer = false;
  for (const rule of rules) {
    if (rule.kind === "safe integer") integer = true;
    else if (rule.kind === "bound" && rule.side === "low") {
      // The tighter bound wins; at the same value an exclusive bound is the tighter.
      if (rule.value > low || (rule.value === low && !rule.inclusive)) {
        low = rule.value;
        lowInclusive = rule.inclusive;
      }
    } else if (rule.kind === "bound") {
      if (rule.value < high || (rule.value === high && !rule.inclusive)) {
        high = rule.value;
        highInclusive = rule.inclusive;
      }
    }
  }
  // zod refuses NaN and ±Infinity before any check; `.int()` asks for a whole number within ±(2^53 − 1).
  // Both tests are false for anything that is not a number.
  const numeric = integer ? Number.isSafeInteger : Number.isFinite;
  return (value) =>
    numeric(value) &&
    (lowInclusive ? (value as number) >= low : (value as number) > low) &&
    (highInclusive ? (value as number) <= high : (value as number) < high);
}

function lengthBounds(rules: readonly Rule[]): { min: number; max: number } {
  let min = 0;
  let max = Number.POSITIVE_INFINITY;
  for (const rule of rules) {
    if (rule.kind !== "length") continue;
    min = Math.max(min, rule.min);
    max = Math.min(max, rule.max);
  }
  return { min, max };
}

function stringTest(rules: readonly Rule[]): Test {
  const { min, max } = lengthBounds(rules);
  const patterns = rules.flatMap((rule) => (rule.kind === "pattern" ? [rule.pattern] : []));
  // zod measures text in code points. A code point is one or two UTF-16 units, so they are counted
  // only when the number of units leaves the answer open, as in zod.
  const fits = (text: string) =>
    (text.length <= max || codePointLength(text) <= max) &&
    text.length >= min &&
    (text.length >= 2 * min || codePointLength(text) >= min);
  const matches = (text: string) => {
    for (const pattern of patterns) {
      // As zod does: a global or sticky pattern would otherwise start where its last match ended.
      pattern.lastIndex = 0;
      if (!pattern.test(text)) return false;
    }
    return true;
  };
  const only = patterns.length === 1 ? patterns[0] : undefined;
  if (only && min === 0 && max === Number.POSITIVE_INFINITY) {
    // The usual case, an id or a week: one pattern and no length.
    return (value) => {
      if (typeof value !== "string") return false;
      only.lastIndex = 0;
      return only.test(value);
    };
  }
  return (value) => typeof value === "string" && fits(value) && matches(value);
}

/** An array with the usual prototype (zod's copy would have it). */
function isArray(value: unknown): value is unknown[] {
  return Array.isArray(value) && Object.getPrototypeOf(value) === Array.prototype;
}

/** An array as JSON.parse makes it: no holes, no extra or symbol keys, the usual prototype (zod's copy would drop the rest). */
function isPlainArray(value: unknown): value is unknown[] {
  return (
    isArray(value) && Object.keys(value).length === value.length && Object.getOwnPropertySymbols(value).length === 0
  );
}

function compileObject(def: z.core.$ZodObjectDef, where: string, context: Context): Test {
  const catchall = def.catchall;
  if (catchall === undefined) throw unsupported(where, "a non-strict object (it drops unknown keys)");
  if (catchall._zod.def.type !== "never" || catchall._zod.def.checks?.length) {
    throw unsupported(where, `an object with a catchall (${catchall._zod.def.type})`);
  }
  const shape = def.shape;
  if (Object.getOwnPropertySymbols(shape).length > 0) throw unsupported(where, "an object with symbol keys");
  const keys = Object.keys(shape);
  if (keys.includes("__proto__")) throw unsupported(where, 'an object with a "__proto__" key');
  const fields = keys.map((key) => {
    const field = shape[key] as Schema;
    const test = compileNode(field, joinWhere(where, key), context);
    const { optin, optout } = field._zod;
    // zod lets a key be absent only when its schema is optional both ways; nothing else of that kind is supported.
    if ((optin === undefined) !== (optout === undefined) || (optin !== undefined && optin !== "optional")) {
      throw unsupported(joinWhere(where, key), `a field that is optional only one way (${optin}/${optout})`);
    }
    return { key, optional: optin === "optional", test };
  });
  const known = new Set(keys);
  const fromJson = context.fromJson;
  const count = fields.length;
  const names = fields.map((field) => field.key);
  const optional = fields.map((field) => field.optional);
  const tests = fields.map((field) => field.test);
  return (value) => {
    if (typeof value !== "object" || value === null || Object.getPrototypeOf(value) !== Object.prototype) return false;
    const record = value as Record<string, unknown>;
    let present = 0;
    for (let i = 0; i < count; i++) {
      const key = names[i] as string;
      const item = record[key];
      // zod reads presence with `in`, as here; an absent optional key is simply left out.
      if (item === undefined && !(key in record)) {
        if (optional[i]) continue;
        return false;
      }
      if (!(tests[i] as Test)(item)) return false;
      present++;
    }
    // A strict object refuses every key of `for…in` that is not in its shape, as zod does. Every
    // field read above must be listed too: a hidden one, own or inherited, would be an own listed
    // key of zod's copy; and a symbol key would be lost from the copy.
    let listed = 0;
    if (fromJson) {
      // Every key of a parsed object is its own and listed, so one more listed key than fields read is an unknown one.
      for (const _ in record) listed++;
      return listed === present;
    }
    for (const key in record) {
      if (!known.has(key)) return false;
      listed++;
    }
    return listed === present && Object.getOwnPropertySymbols(record).length === 0;
  };
}

function joinWhere(where: string, key: string): string {
  return where ? `${where}.${key}` : key;
}

function readCheck(check: Check, owner: "string" | "number" | "array", where: string): Rule {
  const def = check._zod.def as z.core.$ZodCheckDef & Record<string, unknown>;
  const kind = def.check;
  // Every zod instance records the constructors it was built by.
  const traits = (check._zod as { traits?: Set<string> }).traits ?? new Set<string>();
  const lengthCheck = kind === "min_length" || kind === "max_length" || kind === "length_equals";
  if (def.when !== undefined && !(lengthCheck && defaultLengthConditions.has(def.when))) {
    throw unsupported(where, `check "${kind}" with a condition of its own`);
  }
  const refuse = () => unsupported(where, `check "${kind}"${def.format ? ` (${def.format})` : ""} on a ${owner}`);
  const limit = (field: string): number => {
    const value = def[field];
    if (typeof value !== "number" || Number.isNaN(value)) throw refuse();
    return value;
  };

  switch (kind) {
    case "less_than":
    case "greater_than": {
      if (owner !== "number" || !traits.has(kind === "less_than" ? "$ZodCheckLessThan" : "$ZodCheckGreaterThan")) {
        throw refuse();
      }
      const side = kind === "less_than" ? "high" : "low";
      return { kind: "bound", side, value: limit("value"), inclusive: def.inclusive === true };
    }
    case "number_format":
      if (owner !== "number" || !traits.has("$ZodCheckNumberFormat") || def.format !== "safeint") throw refuse();
      return { kind: "safe integer" };
    case "min_length":
    case "max_length":
    case "length_equals": {
      const trait = {
        min_length: "$ZodCheckMinLength",
        max_length: "$ZodCheckMaxLength",
        length_equals: "$ZodCheckLengthEquals",
      }[kind];
      if (owner === "number" || !traits.has(trait)) throw refuse();
      if (kind === "min_length") return { kind: "length", min: limit("minimum"), max: Number.POSITIVE_INFINITY };
      if (kind === "max_length") return { kind: "length", min: 0, max: limit("maximum") };
      return { kind: "length", min: limit("length"), max: limit("length") };
    }
    case "string_format": {
      if (owner !== "string" || def.format !== "regex" || !traits.has("$ZodCheckRegex")) throw refuse();
      const pattern = def.pattern;
      if (!(pattern instanceof RegExp)) throw refuse();
      return { kind: "pattern", pattern };
    }
    default:
      throw refuse();
  }
}

/** Length of `text` in code points: a surrogate pair counts once, a lone surrogate once. */
function codePointLength(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count--;
        i++;
      }
    }
  }
  return count;
}
