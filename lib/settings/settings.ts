import { z } from "zod";
import { userText } from "../messages/user-text";

/** The idle threshold may never be shorter than this (seconds); Chrome's own minimum is 15 s. */
export const MIN_IDLE_THRESHOLD_SEC = 15;

/** A tool added by the user or by policy, beyond the catalog. */
export const customToolSchema = z.strictObject({
  id: z.string().regex(/^custom-[a-z0-9-]{1,40}$/, "a custom tool id looks like custom-name"),
  name: z.string().trim().min(1).max(60),
  hosts: z
    .array(
      z
        .string()
        .toLowerCase()
        .regex(/^(?!-)[a-z0-9-]{1,63}(\.(?!-)[a-z0-9-]{1,63})+$/, "not a hostname"),
    )
    .min(1)
    .max(10),
  pathPrefix: z
    .string()
    .regex(/^\/[^?#\s]*$/, "a path prefix starts with /")
    .optional(),
});

/**
 * The range of each number setting, written once: the settings and the policy that can set
 * them both check against it.
 */
export const SETTING_RANGES = {
  /** Seconds. */
  idleThresholdSec: { min: MIN_IDLE_THRESHOLD_SEC, max: 3600 },
  /** Minutes. */
  sessionGapMin: { min: 1, max: 240 },
  /** Days. */
  retentionDays: { min: 7, max: 3650 },
  /** Minutes. */
  promptMinMinutes: { min: 0, max: 120 },
  /** Prompts per local day. */
  promptDailyLimit: { min: 0, max: 20 },
} as const;

/** A whole number in a range, with the message a settings form shows when it is not. */
function wholeNumber({ min, max }: { min: number; max: number }) {
  const error = userText("errorWholeNumber", min, max);
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

/** The user's own settings (policy, when present, overrides them field by field). */
export const settingsSchema = z.strictObject({
  /** Seconds without input after which the user counts as idle. */
  idleThresholdSec: wholeNumber(SETTING_RANGES.idleThresholdSec),
  /** Minutes: engaged runs on one tool closer than this merge into one visit. */
  sessionGapMin: wholeNumber(SETTING_RANGES.sessionGapMin),
  /** Days that raw visits are kept; daily totals are kept regardless. */
  retentionDays: wholeNumber(SETTING_RANGES.retentionDays),
  /** Catalog ids that are tracked; absent means the default set. */
  approvedToolIds: z.array(z.string()).max(200).optional(),
  /** Tools beyond the catalog. */
  customTools: z.array(customToolSchema).max(50),
  /** Ask "what was it for?" after a real session. */
  promptEnabled: z.boolean(),
  /** Minutes of active time a visit needs before it is asked about. */
  promptMinMinutes: wholeNumber(SETTING_RANGES.promptMinMinutes),
  /** Most prompts shown per local day. */
  promptDailyLimit: wholeNumber(SETTING_RANGES.promptDailyLimit),
  /** Also ask through a system notification. */
  promptNotifications: z.boolean(),
});

export type CustomTool = z.infer<typeof customToolSchema>;
export type Settings = z.infer<typeof settingsSchema>;

/** Defaults from the product definition: 120 s idle, 10 min session gap, 180 days of raw data. */
export const DEFAULT_SETTINGS: Settings = {
  idleThresholdSec: 120,
  sessionGapMin: 10,
  retentionDays: 180,
  customTools: [],
  promptEnabled: true,
  promptMinMinutes: 2,
  promptDailyLimit: 3,
  promptNotifications: false,
};

/**
 * Reads stored settings, keeping every valid field and falling back to the default for
 * each invalid one, so one bad value never resets the rest.
 */
export function parseSettings(raw: unknown): Settings {
  const input = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  const result: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(settingsSchema.shape) as (keyof Settings)[]) {
    if (!(key in input)) continue;
    const field = settingsSchema.shape[key].safeParse(input[key]);
    if (field.success) result[key] = field.data;
  }
  return result as Settings;
}

/** Result of applying a change to settings: the new settings, or a message per bad field. */
export type SettingsUpdate = { ok: true; settings: Settings } | { ok: false; errors: Record<string, string> };

/**
 * Applies a partial change. Any invalid field refuses the whole change, so settings are
 * never saved half-way; each bad field gets a message for the form.
 */
export function updateSettings(current: Settings, patch: Record<string, unknown>): SettingsUpdate {
  const errors: Record<string, string> = {};
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    const field = settingsSchema.shape[key as keyof Settings];
    if (!field) {
      errors[key] = userText("errorUnknownSetting");
      continue;
    }
    const parsed = field.safeParse(value);
    if (parsed.success) next[key] = parsed.data;
    else errors[key] = parsed.error.issues[0]?.message ?? userText("errorInvalidValue");
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, settings: next as Settings };
}
