import { z } from "zod";
import { parseSettings, type Settings } from "../settings/settings";
import type { PromptDay } from "../tagging/prompt";
import { LOCAL_DATE_PATTERN, localDate, localDateSchema } from "../time/local-date";
import { type PersistedTracking, upgradeLegacyTracking } from "../tracking/persisted-state";
import type { KeptValueKey, MeterDatabase } from "./database";

/**
 * The small values the worker relies on, in the extension's own database, each validated
 * when read: a value that fails its schema falls back to its default instead of being trusted.
 */

const promptDaySchema = z.strictObject({
  date: localDateSchema,
  shown: z.number().int().min(0).max(1000),
  notToday: z.boolean(),
});

/** A policy copy: an object of fields, each validated later by the policy's own schema. */
const policyCopySchema = z.record(z.string().max(100), z.unknown());

async function read(db: MeterDatabase, key: KeptValueKey): Promise<unknown> {
  return (await db.keptValues.get(key))?.value;
}

async function write(db: MeterDatabase, key: KeptValueKey, value: unknown): Promise<void> {
  await db.keptValues.put({ key, value });
}

/** The user's own settings, validated field by field (defaults where a field is missing or wrong). */
export async function readUserSettings(db: MeterDatabase): Promise<Settings> {
  return parseSettings(await read(db, "settings"));
}

/** Stores the user's own settings. */
export function writeUserSettings(db: MeterDatabase, settings: Settings): Promise<void> {
  return write(db, "settings", settings);
}

/**
 * The local day tracking began (YYYY-MM-DD), recorded the first time it is asked for. A day
 * that is not a date, or lies after `today`, is not believed: today is recorded instead.
 */
export async function trackingSince(db: MeterDatabase, now: number): Promise<string> {
  const today = localDate(now);
  return db.transaction("rw", db.keptValues, async () => {
    const stored = await read(db, "trackingSince");
    if (typeof stored === "string" && LOCAL_DATE_PATTERN.test(stored) && stored <= today) return stored;
    await write(db, "trackingSince", today);
    return today;
  });
}

/** The organization's policy as the browser last delivered it, or null before the first answer. */
export async function readPolicyCopy(db: MeterDatabase): Promise<Record<string, unknown> | null> {
  const parsed = policyCopySchema.safeParse(await read(db, "policy"));
  return parsed.success ? parsed.data : null;
}

/** Stores the policy as the browser delivered it. */
export function writePolicyCopy(db: MeterDatabase, policy: Record<string, unknown>): Promise<void> {
  return write(db, "policy", policy);
}

/** Today's prompting record, or null. */
export async function readPromptDay(db: MeterDatabase): Promise<PromptDay | null> {
  const parsed = promptDaySchema.safeParse(await read(db, "promptDay"));
  return parsed.success ? parsed.data : null;
}

/** Stores today's prompting record. */
export function writePromptDay(db: MeterDatabase, day: PromptDay): Promise<void> {
  return write(db, "promptDay", day);
}

/** What versions before the database's version 3 kept in extension storage. */
export interface ExtensionStorageValues {
  settings?: unknown;
  tracking?: unknown;
  trackingSince?: unknown;
  managedPolicy?: unknown;
  promptDay?: unknown;
  deviceSecret?: unknown;
}

/** The keys of `ExtensionStorageValues` in extension storage. */
export const EXTENSION_STORAGE_KEYS = [
  "settings",
  "tracking",
  "trackingSince",
  "managedPolicy",
  "promptDay",
  "deviceSecret",
] as const;

/** Whether the version 3 upgrade left values in extension storage to move here. */
export async function importDue(db: MeterDatabase): Promise<boolean> {
  return (await read(db, "importFromExtensionStorage")) === true;
}

/**
 * Moves what earlier versions kept in extension storage into the database, once: only when the
 * version 3 upgrade asked for it, and never again after. Each value must pass its schema; the
 * device secret moves only if it is exactly 32 bytes and no secret exists yet, so a value that a
 * content script planted later is never adopted.
 */
export async function importExtensionStorage(db: MeterDatabase, values: ExtensionStorageValues): Promise<void> {
  await db.transaction("rw", [db.keptValues, db.secrets], async () => {
    if ((await read(db, "importFromExtensionStorage")) !== true) return;
    if (values.settings !== undefined) await write(db, "settings", parseSettings(values.settings));
    const tracking: PersistedTracking | null = upgradeLegacyTracking(values.tracking);
    if (tracking) await write(db, "tracking", tracking);
    if (typeof values.trackingSince === "string" && LOCAL_DATE_PATTERN.test(values.trackingSince)) {
      await write(db, "trackingSince", values.trackingSince);
    }
    const policy = policyCopySchema.safeParse(values.managedPolicy);
    if (policy.success) await write(db, "policy", policy.data);
    const promptDay = promptDaySchema.safeParse(values.promptDay);
    if (promptDay.success) await write(db, "promptDay", promptDay.data);
    const secret = decodeSecret(values.deviceSecret);
    if (secret && !(await db.secrets.get("device"))) await db.secrets.put({ name: "device", bytes: secret });
    await db.keptValues.delete("importFromExtensionStorage");
  });
}

/** A base64 secret of exactly 32 bytes, or null. */
function decodeSecret(raw: unknown): Uint8Array | null {
  if (typeof raw !== "string" || !/^[A-Za-z0-9+/]{43}=$/.test(raw)) return null;
  const bytes = Uint8Array.from(atob(raw), (c) => c.charCodeAt(0));
  return bytes.length === 32 ? bytes : null;
}
