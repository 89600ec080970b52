import { storage } from "wxt/utils/storage";
import { z } from "zod";
import { catalogTool } from "../catalog/catalog";
import type { MeterDatabase } from "../db/database";
import { DEFAULT_SETTINGS, parseSettings, type Settings } from "../settings/settings";
import type { PromptDay } from "../tagging/prompt";
import { HEARTBEAT_KEY } from "../tracking/heartbeat";
import type { Heartbeat, PersistedTracking } from "../tracking/service";

/** A heartbeat as stored; written from a web-page context, so validated on read. */
const heartbeatSchema = z.strictObject({ epoch: z.string().max(64), at: z.number().int().nonnegative() });

/** In-flight tracking state; written after every transition. */
export const trackingItem = storage.defineItem<PersistedTracking | null>("local:tracking", {
  fallback: null,
  version: 1,
});

/** The user's settings as stored (validated field by field when read). */
export const settingsItem = storage.defineItem<unknown>("local:settings", {
  fallback: DEFAULT_SETTINGS,
  version: 1,
});

/** Browser-session id; session storage is cleared when the browser closes or crashes. */
export const sessionEpochItem = storage.defineItem<string | null>("session:epoch", { fallback: null });

/** Today's prompting: how many questions were shown and whether the user said "not today". */
export const promptDayItem = storage.defineItem<PromptDay | null>("local:promptDay", { fallback: null, version: 1 });

/**
 * Where versions before the database's version 2 kept the device secret (base64, 32 bytes). Extension
 * storage is readable from content scripts, so the secret now lives in the database; this is read
 * once to move it there, so that re-exported weeks keep their ids.
 */
export const legacyDeviceSecretItem = storage.defineItem<string | null>("local:deviceSecret", { fallback: null });

/** The local day tracking began (YYYY-MM-DD): team reports never claim weeks before it. */
export const trackingSinceItem = storage.defineItem<string | null>("local:trackingSince", {
  fallback: null,
  version: 1,
});

/** The read (and first-use creation) of the device secret under way, if any. */
let secretInFlight: Promise<Uint8Array> | null = null;

/**
 * The device secret that keys team report record ids and noise: made once, kept only in the
 * extension's database, never exported (not even by "Download my data"). Calls that overlap
 * share one read, so two reports built at once cannot each create a secret and store ids that
 * never match again.
 */
export function deviceSecret(db: MeterDatabase): Promise<Uint8Array> {
  secretInFlight ??= readOrCreateSecret(db).finally(() => {
    secretInFlight = null;
  });
  return secretInFlight;
}

async function readOrCreateSecret(db: MeterDatabase): Promise<Uint8Array> {
  const held = await db.secrets.get("device");
  if (held) return held.bytes;
  const legacy = await legacyDeviceSecretItem.getValue();
  const secret = legacy
    ? Uint8Array.from(atob(legacy), (c) => c.charCodeAt(0))
    : crypto.getRandomValues(new Uint8Array(32));
  await db.secrets.put({ name: "device", bytes: secret });
  if (legacy) await legacyDeviceSecretItem.removeValue();
  return secret;
}

/** A tool's display name, for catalog and custom tools alike. */
export function trackedToolName(toolId: string, settings: Settings): string {
  return catalogTool(toolId)?.name ?? settings.customTools.find((tool) => tool.id === toolId)?.name ?? toolId;
}

/** Reads settings, falling back per field to defaults. */
export async function loadSettings(): Promise<Settings> {
  return parseSettings(await settingsItem.getValue());
}

/** Reads and validates the heartbeat written by AI-tool pages. */
export async function readHeartbeat(): Promise<Heartbeat | null> {
  const raw = await storage.getItem<unknown>(`local:${HEARTBEAT_KEY}`);
  const parsed = heartbeatSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}
