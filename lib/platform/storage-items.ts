import { browser } from "wxt/browser";
import { storage } from "wxt/utils/storage";
import { z } from "zod";
import type { MeterDatabase } from "../db/database";
import {
  EXTENSION_STORAGE_KEYS,
  type ExtensionStorageValues,
  importDue,
  importExtensionStorage,
} from "../db/kept-values";
import { HEARTBEAT_KEY } from "../tracking/heartbeat";
import type { Heartbeat } from "../tracking/service";

/**
 * Extension storage (`storage.local`) can be written by the content script in AI-tool pages,
 * so it holds nothing but the heartbeat; everything the worker relies on lives in the
 * extension's database, and the browser-session id in session storage, which is for the
 * extension's own pages and worker only.
 */

/** A heartbeat as stored; written from a web-page context, so validated on read. */
const heartbeatSchema = z.strictObject({
  epoch: z.string().min(1).max(64),
  tabId: z.number().int().nonnegative(),
  at: z.number().int().nonnegative(),
});

/** Browser-session id; session storage is cleared when the browser closes or crashes. */
export const sessionEpochItem = storage.defineItem<string | null>("session:epoch", { fallback: null });

/**
 * Moves what versions before the database's version 3 kept in extension storage into the
 * database, once, when that upgrade asked for it; then removes it from extension storage.
 */
export async function moveOutOfExtensionStorage(db: MeterDatabase): Promise<void> {
  if (!(await importDue(db))) return;
  const values = (await browser.storage.local.get([...EXTENSION_STORAGE_KEYS])) as ExtensionStorageValues;
  await importExtensionStorage(db, values);
  await browser.storage.local.remove([...EXTENSION_STORAGE_KEYS]);
}

/** Reads and validates the heartbeat written by the counted AI-tool page. */
export async function readHeartbeat(): Promise<Heartbeat | null> {
  const raw = await storage.getItem<unknown>(`local:${HEARTBEAT_KEY}`);
  const parsed = heartbeatSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}
