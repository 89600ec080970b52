/**
 * Reads a managed policy field by field.
 *
 * Chrome and Edge check a policy against managed_schema.json and silently drop what does
 * not match; Firefox checks nothing. So this module is the real guard: it validates each
 * field on its own, keeps every valid one, and reports the rest so the options page can
 * show what was ignored.
 */
import type { z } from "zod";
import { GROUPS, LISTS, type ListSpec, POLICY_FIELDS, type Policy, quote } from "./policy-schema";

/** A policy field that could not be used: its path (e.g. `export.minGroupSize`) and why, in plain English. */
export interface PolicyIssue {
  readonly field: string;
  readonly message: string;
}

/** Result of reading a policy: the usable part and what was ignored. */
export interface ParsedPolicy {
  readonly policy: Policy;
  readonly issues: readonly PolicyIssue[];
}

/** Most issues listed for one policy; a broken or hostile policy could otherwise produce millions. */
export const MAX_POLICY_ISSUES = 50;

const TYPE_NAMES: Record<string, string> = {
  number: "a number",
  int: "a whole number",
  string: "text",
  boolean: "true or false",
  array: "a list",
  object: "an object",
};

function characters(count: number): string {
  return count === 1 ? "1 character" : `${count} characters`;
}

function entries(count: number): string {
  return count === 1 ? "1 entry" : `${count} entries`;
}

/** Plain-English wording for zod's generic issues; a schema's own message (e.g. "not a date") wins. */
const plainEnglish: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case "too_small": {
      const min = Number(issue.minimum);
      if (issue.origin === "string") return min <= 1 ? "must not be empty" : `must be at least ${characters(min)}`;
      if (issue.origin === "array") return `must have at least ${entries(min)}`;
      return issue.inclusive === false ? `must be more than ${min}` : `must be at least ${min}`;
    }
    case "too_big": {
      const max = Number(issue.maximum);
      if (issue.origin === "string") return `must be at most ${characters(max)}`;
      if (issue.origin === "array") return `must have at most ${entries(max)}`;
      return issue.inclusive === false ? `must be less than ${max}` : `must be at most ${max}`;
    }
    case "unrecognized_keys":
      return `unknown field ${issue.keys.slice(0, 3).map(quote).join(", ")}`;
    case "invalid_format":
      return "has the wrong format";
    default:
      return "is not valid";
  }
};

/** Collects issues up to a cap, then counts the rest. */
class IssueLog {
  readonly issues: PolicyIssue[] = [];
  private dropped = 0;

  add(field: string, message: string): void {
    if (this.issues.length < MAX_POLICY_ISSUES) this.issues.push({ field, message });
    else this.dropped += 1;
  }

  result(): PolicyIssue[] {
    if (this.dropped === 0) return this.issues;
    return [...this.issues, { field: "policy", message: `${this.dropped} more problems not listed` }];
  }
}

/** A field name from the policy, cut short so a hostile name cannot flood the page. */
function keyName(key: string): string {
  return key.length > 40 ? `${key.slice(0, 40)}…` : key;
}

function fieldPath(base: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, part) => (typeof part === "number" ? `${text}[${part}]` : `${text}.${keyName(String(part))}`),
    base,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

type Checked = { ok: true; data: unknown } | { ok: false };

/** Validates one value; on failure logs the first problem with what happens to it ("ignored"). */
function check(schema: z.ZodType, value: unknown, field: string, log: IssueLog, consequence: string): Checked {
  const parsed = schema.safeParse(value, { error: plainEnglish });
  if (parsed.success) return { ok: true, data: parsed.data };
  const first = parsed.error.issues[0];
  log.add(fieldPath(field, first?.path ?? []), `${first?.message ?? "is not valid"}, ${consequence}`);
  return { ok: false };
}

function parseGroup(name: string, fields: Record<string, z.ZodType>, value: unknown, log: IssueLog) {
  if (!isRecord(value)) {
    log.add(name, "must be an object, ignored");
    return undefined;
  }
  const group: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(fields, key)) log.add(`${name}.${keyName(key)}`, "unknown field, ignored");
  }
  for (const [key, schema] of Object.entries(fields)) {
    if (!Object.hasOwn(value, key)) continue;
    const checked = check(schema, value[key], `${name}.${key}`, log, "ignored");
    if (checked.ok) group[key] = checked.data;
  }
  return Object.keys(group).length > 0 ? group : undefined;
}

function parseList(name: string, spec: ListSpec, value: unknown, log: IssueLog) {
  if (!Array.isArray(value)) {
    log.add(name, "must be a list, ignored");
    return undefined;
  }
  // Checked before looking at any entry, so a huge list costs nothing.
  if (value.length > spec.max) {
    log.add(name, `must have at most ${entries(spec.max)}, ignored`);
    return undefined;
  }
  if (value.length < spec.min) {
    log.add(name, `must have at least ${entries(spec.min)}, ignored`);
    return undefined;
  }
  const list: unknown[] = [];
  const seen = new Set<string>();
  for (let index = 0; index < value.length; index++) {
    const checked = check(spec.item, value[index], `${name}[${index}]`, log, "entry ignored");
    if (!checked.ok) continue;
    const key = spec.key(checked.data as never);
    if (seen.has(key)) {
      log.add(`${name}[${index}]`, `repeats ${quote(key)}, entry ignored`);
      continue;
    }
    seen.add(key);
    list.push(checked.data);
  }
  // A list whose every entry was bad falls back to the default rather than meaning "none".
  if (value.length > 0 && list.length === 0) {
    log.add(name, "has no valid entry, ignored");
    return undefined;
  }
  return list;
}

function parseRecord(input: Record<string, unknown>): ParsedPolicy {
  const log = new IssueLog();
  // Only own, known keys are read and only known keys are written, so `__proto__`,
  // `constructor` and friends can neither reach the prototype nor appear in the result.
  for (const key of Object.keys(input)) {
    if (!Object.hasOwn(POLICY_FIELDS, key)) log.add(keyName(key), "unknown field, ignored");
  }
  const policy: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(POLICY_FIELDS)) {
    if (!Object.hasOwn(input, key)) continue;
    const value = input[key];
    let parsed: unknown;
    if (Object.hasOwn(GROUPS, key)) parsed = parseGroup(key, GROUPS[key as keyof typeof GROUPS], value, log);
    else if (Object.hasOwn(LISTS, key)) parsed = parseList(key, LISTS[key as keyof typeof LISTS], value, log);
    else {
      const checked = check(schema, value, key, log, "ignored");
      parsed = checked.ok ? checked.data : undefined;
    }
    if (parsed !== undefined) policy[key] = parsed;
  }
  return { policy: policy as Policy, issues: log.result() };
}

/**
 * Reads a managed policy as the browser delivered it. Each field is checked on its own
 * (each sub-field of `tagging`, `export` and `targets`, each entry of a list): what is
 * valid applies, what is not is left out, falls back to its default and is reported.
 * `undefined` means no policy; any other non-object yields an empty policy and one issue.
 * Never throws.
 */
export function parsePolicy(raw: unknown): ParsedPolicy {
  if (raw === undefined) return { policy: {}, issues: [] };
  if (!isRecord(raw)) {
    const what = raw === null ? "null" : Array.isArray(raw) ? "a list" : typeof raw;
    return { policy: {}, issues: [{ field: "policy", message: `must be an object, not ${what}; ignored` }] };
  }
  try {
    return parseRecord(raw);
  } catch {
    // Only reachable with objects that are not plain data (throwing getters, revoked proxies).
    return { policy: {}, issues: [{ field: "policy", message: "could not be read, ignored" }] };
  }
}
