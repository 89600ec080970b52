import { storage } from "wxt/utils/storage";
import { z } from "zod";
import { catalogTool } from "../catalog/catalog";
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
 * The device secret (base64, 32 bytes) that keys team report record ids and noise. Made
 * once, kept only here, never exported: not even "Download my data" includes it.
 */
export const deviceSecretItem = storage.defineItem<string | null>("local:deviceSecret", { fallback: null, version: 1 });

/** The local day tracking began (YYYY-MM-DD): team reports never claim weeks before it. */
export const trackingSinceItem = storage.defineItem<string | null>("local:trackingSince", {
  fallback: null,
  version: 1,
});

/** The read (and first-use creation) of the device secret under way, if any. */
let secretInFlight: Promise<Uint8Array> | null = null;

/**
 * The device secret, created on first use. Calls that overlap share one read, so two
 * reports built at once cannot each create a secret and store ids that never match again.
 */
export function deviceSecret(): Promise<Uint8Array> {
  secretInFlight ??= readOrCreateSecret().finally(() => {
    secretInFlight = null;
  });
  return secretInFlight;
}

async function readOrCreateSecret(): Promise<Uint8Array> {
  const stored = await deviceSecretItem.getValue();
  if (stored) return Uint8Array.from(atob(stored), (c) => c.charCodeAt(0));
  const secret = crypto.getRandomValues(new Uint8Array(32));
  await deviceSecretItem.setValue(btoa(String.fromCharCode(...secret)));
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
