import { browser } from "wxt/browser";
import { storage } from "wxt/utils/storage";
import {
  applyPolicy,
  lockedSettings,
  type ParsedPolicy,
  type Policy,
  parsePolicy,
  policyValues,
} from "../policy/policy";
import type { Settings } from "../settings/settings";
import { loadSettings } from "./storage-items";

/**
 * The policy as the browser last delivered it. The browser's first read of managed storage
 * can take seconds, and start-up must not wait for it: start-up uses this copy, and
 * `refreshManagedPolicy` replaces it and says when the policy changed.
 */
export const lastPolicyItem = storage.defineItem<Record<string, unknown> | null>("local:managedPolicy", {
  fallback: null,
  version: 1,
});

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

function parseRaw(raw: Record<string, unknown>): ParsedPolicy {
  return parsePolicy(Object.keys(raw).length > 0 ? raw : undefined);
}

/**
 * Reads the organization's managed policy. Chrome and Edge deliver only values that pass
 * managed_schema.json; Firefox applies no schema, so every field is validated here either
 * way. Without a policy (or where the browser has no managed storage) the policy is empty.
 */
export async function readManagedPolicy(): Promise<ParsedPolicy> {
  const last = await lastPolicyItem.getValue();
  if (last) return parseRaw(last);
  const live = (await readLivePolicy()) ?? {};
  await lastPolicyItem.setValue(live);
  return parseRaw(live);
}

/** The refresh running or last run; refreshes run one after another. */
let refreshing: Promise<unknown> = Promise.resolve();

/**
 * Reads the policy from the browser again; true when it differs from the copy in use.
 * A failed read keeps that copy: dropping it would lift the organization's locks. Refreshes
 * run one at a time, so the start-up check and a change event never both report one change.
 */
export function refreshManagedPolicy(): Promise<boolean> {
  const next = refreshing.then(refreshOnce, refreshOnce);
  refreshing = next.catch(() => {});
  return next;
}

async function refreshOnce(): Promise<boolean> {
  const live = await readLivePolicy();
  if (live === null) return false;
  const changed = JSON.stringify(live) !== JSON.stringify(await lastPolicyItem.getValue());
  if (changed) await lastPolicyItem.setValue(live);
  return changed;
}

/**
 * Calls back when the policy changes while the browser runs. It listens to the managed
 * area only: a listener on every storage area would wake the worker for each heartbeat.
 */
export function watchManagedPolicy(onChange: () => void, onError: (error: unknown) => void): void {
  // Not every browser has change events for the managed area; there a restart applies it.
  browser.storage.managed?.onChanged?.addListener(() => {
    refreshManagedPolicy()
      .then((changed) => changed && onChange())
      .catch(onError);
  });
}

/** The settings in effect: the user's, with the policy over them, and which ones it locks. */
export async function loadEffectiveSettings(): Promise<{
  settings: Settings;
  locked: (keyof Settings)[];
  policy: Policy;
}> {
  const [user, { policy }] = await Promise.all([loadSettings(), readManagedPolicy()]);
  return { settings: applyPolicy(user, policy), locked: lockedSettings(policy), policy };
}

/** The non-settings values in force (task list, team label, export rules…). */
export async function loadPolicyValues() {
  return policyValues((await readManagedPolicy()).policy);
}
