/**
 * The managed policy's schema: every field IT can set, each with its own zod schema. The one
 * source of truth for the policy; managed_schema.json is generated from it.
 */
import { z } from "zod";
import { catalogTool } from "../catalog/catalog";
import { customToolSchema, SETTING_RANGES } from "../settings/settings";
import { CATEGORY_ID_PATTERN, type TaskCategory } from "../tagging/categories";
import { protectedSharingPolicySchema } from "./protected-sharing";

const wholeNumber = (min: number, max: number) => z.number().int().min(min).max(max);
const range = ({ min, max }: { readonly min: number; readonly max: number }) => wholeNumber(min, max);
const between = ({ min, max }: { readonly min: number; readonly max: number }) => `${min} to ${max}`;

/** Quotes a value from the policy for a message, cut short so hostile input cannot flood the page. */
export function quote(value: unknown): string {
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
export const TAGGING_FIELDS = {
  enabled: z.boolean().meta({ description: "Ask after a real session what it was for and how many minutes it saved." }),
  minMinutes: range(SETTING_RANGES.promptMinMinutes).meta({
    description: "Ask only about visits with at least this many active minutes.",
  }),
  dailyLimit: range(SETTING_RANGES.promptDailyLimit).meta({ description: "Ask at most this many times per day." }),
  notifications: z.boolean().meta({ description: "Also ask through a system notification." }),
};

/** What the team report file holds and how coarse it is. */
export const EXPORT_FIELDS = {
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
export const TARGET_FIELDS = {
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
export const GROUPS = { tagging: TAGGING_FIELDS, export: EXPORT_FIELDS, targets: TARGET_FIELDS } as const;

export type ListSpec = { item: z.ZodType; min: number; max: number; key: (item: never) => string };

/** The list fields: a bad entry is dropped on its own; an entry whose key repeats an earlier one too. */
export const LISTS = {
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
export const POLICY_FIELDS = {
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
  // The user's settings' own ranges (SETTING_RANGES), with the policy's own wording.
  idleThresholdSec: range(SETTING_RANGES.idleThresholdSec).meta({
    description: `Seconds without input after which a person counts as idle, ${between(SETTING_RANGES.idleThresholdSec)}.`,
  }),
  sessionGapMin: range(SETTING_RANGES.sessionGapMin).meta({
    description: `Minutes: runs on one tool closer than this count as one visit, ${between(SETTING_RANGES.sessionGapMin)}.`,
  }),
  retentionDays: range(SETTING_RANGES.retentionDays).meta({
    description: `Days that raw visits are kept on the device, ${between(SETTING_RANGES.retentionDays)}; daily totals are kept regardless.`,
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
  // Checked as a whole, so half a configuration never switches it on.
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
