import type { MeterDatabase } from "../db/database";
import { readPolicyCopy, readUserSettings } from "../db/kept-values";
import {
  applyPolicy,
  lockedSettings,
  type ParsedPolicy,
  type Policy,
  parsePolicy,
  policyValues,
} from "../policy/policy";
import type { Settings } from "../settings/settings";
import type { ManagedPolicyReading } from "./ports";

function parseRaw(raw: Record<string, unknown>): ParsedPolicy {
  return parsePolicy(Object.keys(raw).length > 0 ? raw : undefined);
}

/**
 * Reads the organization's managed policy from the copy the browser last delivered. The
 * browser's first read of managed storage can take seconds, and nothing waits for it: before
 * it has answered once, the policy is empty and `known` is false. Chrome and Edge deliver
 * only values that pass managed_schema.json; Firefox applies no schema, so every field is
 * validated here either way.
 */
export async function readManagedPolicy(db: MeterDatabase): Promise<ManagedPolicyReading> {
  const copy = await readPolicyCopy(db);
  return { ...parseRaw(copy ?? {}), known: copy !== null };
}

/** The settings in effect: the user's, with the policy over them, and which ones it locks. */
export async function loadEffectiveSettings(db: MeterDatabase): Promise<{
  settings: Settings;
  locked: (keyof Settings)[];
  policy: Policy;
}> {
  const [user, { policy }] = await Promise.all([readUserSettings(db), readManagedPolicy(db)]);
  return { settings: applyPolicy(user, policy), locked: lockedSettings(policy), policy };
}

/** The non-settings values in force (task list, team label, export rules…). */
export async function loadPolicyValues(db: MeterDatabase) {
  return policyValues((await readManagedPolicy(db)).policy);
}
