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

async function readLivePolicy(): Promise<Record<string, unknown>> {
  try {
    return (await browser.storage.managed.get(null)) ?? {};
  } catch {
    return {}; // no managed storage here (e.g. Firefox without a policy)
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
  const live = await readLivePolicy();
  await lastPolicyItem.setValue(live);
  return parseRaw(live);
}

/** Reads the policy from the browser again; true when it differs from the copy in use. */
export async function refreshManagedPolicy(): Promise<boolean> {
  const live = await readLivePolicy();
  const changed = JSON.stringify(live) !== JSON.stringify(await lastPolicyItem.getValue());
  if (changed) await lastPolicyItem.setValue(live);
  return changed;
}

/**
 * Calls back when the policy changes while the browser runs. It listens to the managed
 * area only: a listener on every storage area would wake the worker for each heartbeat.
 */
export function watchManagedPolicy(onChange: () => void): void {
  // Not every browser has change events for the managed area; there a restart applies it.
  browser.storage.managed?.onChanged?.addListener(async () => {
    if (await refreshManagedPolicy()) onChange();
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
