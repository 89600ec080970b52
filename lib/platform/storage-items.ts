import { storage } from "wxt/utils/storage";
import { z } from "zod";
import { DEFAULT_SETTINGS, parseSettings, type Settings } from "../settings/settings";
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
