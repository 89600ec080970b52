import { browser } from "wxt/browser";
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
 * Reads the organization's managed policy. Chrome and Edge deliver only values that pass
 * managed_schema.json; Firefox applies no schema, so every field is validated here either
 * way. Without a policy (or where the browser has no managed storage) the policy is empty.
 */
export async function readManagedPolicy(): Promise<ParsedPolicy> {
  try {
    const raw = await browser.storage.managed.get(null);
    return parsePolicy(raw && Object.keys(raw).length > 0 ? raw : undefined);
  } catch {
    return parsePolicy(undefined);
  }
}

/**
 * Calls back when the policy changes while the browser runs. It listens to the managed
 * area only: a listener on every storage area would wake the worker for each heartbeat.
 */
export function watchManagedPolicy(onChange: () => void): void {
  browser.storage.managed.onChanged.addListener(() => onChange());
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
