/**
 * The managed policy IT sets for the extension (Chrome/Edge `3rdparty` extension policy,
 * Firefox `3rdparty.Extensions`), read through `storage.managed`.
 *
 * Chrome and Edge check a policy against managed_schema.json and silently drop what does
 * not match; Firefox checks nothing. So this module is the real guard: it validates each
 * field on its own, keeps every valid one, and reports the rest so the options page can
 * show what was ignored.
 */
import { z } from "zod";
import { catalogTool } from "../catalog/catalog";
import { customToolSchema, MIN_IDLE_THRESHOLD_SEC, type Settings } from "../settings/settings";
import { CATEGORY_ID_PATTERN, DEFAULT_TASK_CATEGORIES, type TaskCategory } from "../tagging/categories";
import { protectedSharingPolicySchema } from "./protected-sharing";

const wholeNumber = (min: number, max: number) => z.number().int().min(min).max(max);

/** Quotes a value from the policy for a message, cut short so hostile input cannot flood the page. */
function quote(value: unknown): string {
  const text = typeof value === "string" ? value : String(typeof value);
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/** A catalog tool id approved by policy; an id the catalog does not know is refused. */
export const approvedToolIdSchema = z
  .string()
  .max(48)
  .refine((id) => catalogTool(id) !== undefined, { error: (issue) => `unknown tool id ${quote(issue.input)}` })
  .meta({ description: "A tool id from the built-in catalog, e.g. chatgpt." });

/** One task category of a role-specific list: a stable id (kept in tags and reports) and its label. */
export const taskCategorySchema = z
  .strictObject({
    id: z
      .string()
      .regex(CATEGORY_ID_PATTERN, "an id is lowercase letters, digits and dashes, up to 48 characters")
      .meta({ description: "Stable id, kept in tags and team reports: lowercase letters, digits and dashes." }),
    label: z.string().trim().min(1).max(60).meta({ description: "Label people see, up to 60 characters." }),
  })
  .meta({ description: "A task category." });

/** The tagging prompt: whether, when and how often people are asked what a visit was for. */
const TAGGING_FIELDS = {
  enabled: z.boolean().meta({ description: "Ask after a real session what it was for and how many minutes it saved." }),
  minMinutes: wholeNumber(0, 120).meta({
    description: "Ask only about visits with at least this many active minutes.",
  }),
  dailyLimit: wholeNumber(0, 20).meta({ description: "Ask at most this many times per day." }),
  notifications: z.boolean().meta({ description: "Also ask through a system notification." }),
};

/** What the team report file holds and how coarse it is. */
const EXPORT_FIELDS = {
  roundingMinutes: wholeNumber(1, 60).meta({ description: "Minutes in the team report are multiples of this." }),
  noiseEpsilon: z
    .number()
    .min(0)
    .max(10)
    .meta({ description: "Local noise parameter ε for the team report, 0 to 10; 0 adds no noise." }),
  minGroupSize: wholeNumber(5, 1000).meta({
    description: "The team view hides any figure built from fewer reports than this; never below 5.",
  }),
};

/** KPI targets the dashboard compares against. */
const TARGET_FIELDS = {
  weeklyActiveRate: z
    .number()
    .min(0)
    .max(1)
    .meta({ description: "Target share of the team active in a week, 0 to 1 (0.6 = 60%)." }),
  minutesSavedPerPersonWeek: z
    .number()
    .min(0)
    .max(2400)
    .meta({ description: "Target minutes saved per reporting person and week, 0 to 2400." }),
};

/** The nested policy objects; each sub-field is checked on its own. */
const GROUPS = { tagging: TAGGING_FIELDS, export: EXPORT_FIELDS, targets: TARGET_FIELDS } as const;

type ListSpec = { item: z.ZodType; min: number; max: number; key: (item: never) => string };

/** The list fields: a bad entry is dropped on its own; an entry whose key repeats an earlier one too. */
const LISTS = {
  approvedToolIds: { item: approvedToolIdSchema, min: 0, max: 100, key: (id: string) => id },
  customTools: {
    item: customToolSchema.meta({
      description: "A tool beyond the catalog: id custom-…, name, up to 10 exact hosts, optional path prefix.",
    }),
    min: 0,
    max: 50,
    key: (tool: { id: string }) => tool.id,
  },
  taskCategories: { item: taskCategorySchema, min: 1, max: 40, key: (category: TaskCategory) => category.id },
} as const satisfies Record<string, ListSpec>;

function uniqueIds(items: readonly { id: string }[], context: z.RefinementCtx) {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.id)) context.addIssue({ code: "custom", path: [index, "id"], message: "duplicate id" });
    seen.add(item.id);
  });
}

/** Every policy field with its schema (the fields are optional in `policySchema`). */
const POLICY_FIELDS = {
  approvedToolIds: z
    .array(LISTS.approvedToolIds.item)
    .max(LISTS.approvedToolIds.max)
    .meta({ description: "Catalog tools to measure. Absent: the whole catalog. Unknown ids are ignored." }),
  customTools: z
    .array(LISTS.customTools.item)
    .max(LISTS.customTools.max)
    .superRefine(uniqueIds)
    .meta({ description: "AI tools beyond the catalog, e.g. an internal assistant." }),
  allowUserTools: z.boolean().meta({ description: "Whether people may add tools of their own. Default: true." }),
  teamLabel: z
    .string()
    .trim()
    .min(1)
    .max(80)
    .meta({ description: "Team name written into team reports, up to 80 characters." }),
  trainingDate: z.iso
    .date({ error: "not a date" })
    .meta({ description: "Day of the AI training, YYYY-MM-DD; weeks since training count from it." }),
  taskCategories: z
    .array(LISTS.taskCategories.item)
    .min(LISTS.taskCategories.min)
    .max(LISTS.taskCategories.max)
    .superRefine(uniqueIds)
    .meta({ description: "Role-specific task list people tag their visits with (1 to 40 entries)." }),
  tagging: z.strictObject(TAGGING_FIELDS).partial().meta({ description: "The optional question after a session." }),
  // Same ranges as the user's settings (a test holds them together), with the policy's own wording.
  idleThresholdSec: wholeNumber(MIN_IDLE_THRESHOLD_SEC, 3600).meta({
    description: "Seconds without input after which a person counts as idle, 15 to 3600.",
  }),
  sessionGapMin: wholeNumber(1, 240).meta({
    description: "Minutes: runs on one tool closer than this count as one visit, 1 to 240.",
  }),
  retentionDays: wholeNumber(7, 3650).meta({
    description: "Days that raw visits are kept on the device, 7 to 3650; daily totals are kept regardless.",
  }),
  export: z.strictObject(EXPORT_FIELDS).partial().meta({ description: "Team report settings." }),
  targets: z.strictObject(TARGET_FIELDS).partial().meta({ description: "KPI targets for the team dashboard." }),
  hourlyCost: z
    .number()
    .min(0)
    .max(10000)
    .meta({ description: "Cost of one working hour for the ROI figure, in your currency, 0 to 10000." }),
  teamSize: wholeNumber(1, 100000).meta({
    description: "People in the team: the denominator of the weekly active rate.",
  }),
  // Issue 13: checked as a whole, so half a configuration never switches it on.
  protectedSharing: protectedSharingPolicySchema,
};

/** The policy schema: every field optional, nested objects partial. The one source of truth for the policy. */
export const policySchema = z.strictObject(POLICY_FIELDS).partial().meta({
  title: "AI Adoption Meter",
  description: "Organization policy for AI Adoption Meter. Every field is optional.",
});

/** A validated policy: only the fields IT set, each one valid. */
export type Policy = z.infer<typeof policySchema>;

/** Name of a top-level policy field. */
export type PolicyField = keyof typeof POLICY_FIELDS;

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

/** The policy values that are not user settings, with every default filled in. */
export interface PolicyValues {
  /** Whether people may add tools of their own. */
  allowUserTools: boolean;
  /** Team name for team reports, or null. */
  teamLabel: string | null;
  /** Day of the training, YYYY-MM-DD, or null. */
  trainingDate: string | null;
  /** The task list people tag visits with. */
  taskCategories: readonly TaskCategory[];
  tagging: {
    enabled: boolean;
    /** Active minutes a visit needs before it is asked about. */
    minMinutes: number;
    /** Most prompts per local day. */
    dailyLimit: number;
    notifications: boolean;
  };
  export: {
    /** Minutes in the team report are multiples of this. */
    roundingMinutes: number;
    /** Local noise ε; 0 means no noise. */
    noiseEpsilon: number;
    /** k: figures from fewer reports are suppressed; never below 5. */
    minGroupSize: number;
  };
  targets: {
    /** Target weekly active rate, 0–1, or null. */
    weeklyActiveRate: number | null;
    /** Target minutes saved per person-week, or null. */
    minutesSavedPerPersonWeek: number | null;
  };
  /** Cost of one working hour for ROI, or null. */
  hourlyCost: number | null;
  /** People in the team, or null. */
  teamSize: number | null;
}

/** Defaults used where no policy (or no valid value) sets a field; user settings keep their own defaults. */
export const POLICY_DEFAULTS: PolicyValues = {
  allowUserTools: true,
  teamLabel: null,
  trainingDate: null,
  taskCategories: DEFAULT_TASK_CATEGORIES,
  tagging: { enabled: true, minMinutes: 2, dailyLimit: 3, notifications: false },
  export: { roundingMinutes: 5, noiseEpsilon: 0, minGroupSize: 5 },
  targets: { weeklyActiveRate: null, minutesSavedPerPersonWeek: null },
  hourlyCost: null,
  teamSize: null,
};

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

/** A policy path options can mark "Set by your organization": a top-level field or a sub-field such as `tagging.enabled`. */
export type LockedField =
  | Exclude<PolicyField, keyof typeof GROUPS | "allowUserTools">
  | `tagging.${keyof typeof TAGGING_FIELDS}`
  | `export.${keyof typeof EXPORT_FIELDS}`
  | `targets.${keyof typeof TARGET_FIELDS}`;

/**
 * The fields a policy sets, in schema order, as policy paths (`tagging.minMinutes`). Custom
 * tools count as locked only when `allowUserTools` is false: otherwise people may still
 * add their own next to the organization's.
 */
export function lockedFields(policy: Policy): LockedField[] {
  const locked: LockedField[] = [];
  for (const key of Object.keys(POLICY_FIELDS) as PolicyField[]) {
    const value = policy[key];
    if (key === "customTools") {
      if (policy.allowUserTools === false) locked.push("customTools");
      continue;
    }
    if (value === undefined || key === "allowUserTools" || key === "protectedSharing") continue;
    if (key === "tagging" || key === "export" || key === "targets") {
      for (const sub of Object.keys(GROUPS[key])) {
        if ((value as Record<string, unknown>)[sub] !== undefined) locked.push(`${key}.${sub}` as LockedField);
      }
      continue;
    }
    locked.push(key);
  }
  return locked;
}

/** Which user setting each policy path overrides. */
const SETTING_OF: Partial<Record<LockedField, keyof Settings>> = {
  approvedToolIds: "approvedToolIds",
  customTools: "customTools",
  idleThresholdSec: "idleThresholdSec",
  sessionGapMin: "sessionGapMin",
  retentionDays: "retentionDays",
  "tagging.enabled": "promptEnabled",
  "tagging.minMinutes": "promptMinMinutes",
  "tagging.dailyLimit": "promptDailyLimit",
  "tagging.notifications": "promptNotifications",
};

/** The user settings a policy overrides: options shows them as set by the organization and refuses changes. */
export function lockedSettings(policy: Policy): (keyof Settings)[] {
  return lockedFields(policy).flatMap((field) => {
    const setting = SETTING_OF[field];
    return setting ? [setting] : [];
  });
}

/**
 * The settings in effect: each field the policy sets wins over the user's value. Custom
 * tools are the organization's plus, when people may add their own, the user's (an id
 * the organization uses is the organization's). For use, not for storing back.
 */
export function applyPolicy(settings: Settings, policy: Policy): Settings {
  const orgTools = policy.customTools ?? [];
  const orgIds = new Set(orgTools.map((tool) => tool.id));
  const allowUserTools = policy.allowUserTools ?? POLICY_DEFAULTS.allowUserTools;
  const userTools = allowUserTools ? settings.customTools.filter((tool) => !orgIds.has(tool.id)) : [];
  return {
    ...settings,
    idleThresholdSec: policy.idleThresholdSec ?? settings.idleThresholdSec,
    sessionGapMin: policy.sessionGapMin ?? settings.sessionGapMin,
    retentionDays: policy.retentionDays ?? settings.retentionDays,
    ...(policy.approvedToolIds ? { approvedToolIds: policy.approvedToolIds } : {}),
    customTools: [...orgTools, ...userTools],
    promptEnabled: policy.tagging?.enabled ?? settings.promptEnabled,
    promptMinMinutes: policy.tagging?.minMinutes ?? settings.promptMinMinutes,
    promptDailyLimit: policy.tagging?.dailyLimit ?? settings.promptDailyLimit,
    promptNotifications: policy.tagging?.notifications ?? settings.promptNotifications,
  };
}

/** The non-settings policy values in effect: the policy's where set, `POLICY_DEFAULTS` elsewhere. */
export function policyValues(policy: Policy): PolicyValues {
  const d = POLICY_DEFAULTS;
  return {
    allowUserTools: policy.allowUserTools ?? d.allowUserTools,
    teamLabel: policy.teamLabel ?? d.teamLabel,
    trainingDate: policy.trainingDate ?? d.trainingDate,
    taskCategories: policy.taskCategories ?? d.taskCategories,
    tagging: { ...d.tagging, ...policy.tagging },
    export: { ...d.export, ...policy.export },
    targets: { ...d.targets, ...policy.targets },
    hourlyCost: policy.hourlyCost ?? d.hourlyCost,
    teamSize: policy.teamSize ?? d.teamSize,
  };
}
