import { browser } from "wxt/browser";
import { storage } from "wxt/utils/storage";
import type { MeterDatabase } from "../db/database";
import { readPolicyCopy, writePolicyCopy } from "../db/kept-values";

/**
 * When the background last applied a changed policy (epoch ms). Pages watch it to show the
 * change at once; session storage is for the extension's own pages and worker only.
 */
export const policyAppliedItem = storage.defineItem<number | null>("session:policyApplied", { fallback: null });

/** The browser's policy now, or null when it cannot be read. */
async function readLivePolicy(): Promise<Record<string, unknown> | null> {
  try {
    return (await browser.storage.managed.get(null)) ?? {};
  } catch (error) {
    // Firefox has no managed storage at all where no policy is installed: that is "no policy".
    if (error instanceof Error && /managed storage manifest not found/i.test(error.message)) return {};
    return null; // a failed read
  }
}

/** The refresh running or last run; refreshes run one after another. */
let refreshing: Promise<unknown> = Promise.resolve();

/**
 * Reads the policy from the browser again; true when it differs from the copy in use, or is
 * the first answer. A failed read keeps that copy: dropping it would lift the organization's
 * locks. Refreshes run one at a time, so the start-up check and a change event never both
 * report one change.
 */
export function refreshManagedPolicy(db: MeterDatabase, writing: Writing = (write) => write()): Promise<boolean> {
  const next = refreshing.then(
    () => refreshOnce(db, writing),
    () => refreshOnce(db, writing),
  );
  refreshing = next.catch(() => {});
  return next;
}

/** Runs the write of the policy copy (through the popup figures' keeper, in the worker). */
type Writing = (write: () => Promise<void>) => Promise<void>;

async function refreshOnce(db: MeterDatabase, writing: Writing): Promise<boolean> {
  const live = await readLivePolicy();
  if (live === null) return false;
  const copy = await readPolicyCopy(db);
  if (copy !== null && JSON.stringify(live) === JSON.stringify(copy)) return false;
  await writing(() => writePolicyCopy(db, live));
  return true;
}

/**
 * Calls back when the policy changes while the browser runs. It listens to the managed
 * area only: a listener on every storage area would wake the worker for each heartbeat.
 */
export function watchManagedPolicy(
  db: MeterDatabase,
  onChange: () => void,
  onError: (error: unknown) => void,
  writing?: Writing,
): void {
  // Not every browser has change events for the managed area; there a restart applies it.
  browser.storage.managed?.onChanged?.addListener(() => {
    refreshManagedPolicy(db, writing)
      .then((changed) => changed && onChange())
      .catch(onError);
  });
}

/** Tells the extension's pages that a changed policy is now in effect. */
export function announcePolicyApplied(at: number): Promise<void> {
  return policyAppliedItem.setValue(at);
}
