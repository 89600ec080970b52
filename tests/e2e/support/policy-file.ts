import { accessSync, constants, mkdirSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { EXTENSION_ID } from "./paths";

/** Where Debian's Chromium reads machine-wide managed policy. */
export const POLICY_DIR = "/etc/chromium/policies/managed";
const FILE = join(POLICY_DIR, "ai-adoption-meter-test.json");

/** Whether this process may write real policy files (root, as in CI). */
export function canWritePolicies(): boolean {
  try {
    mkdirSync(POLICY_DIR, { recursive: true });
    accessSync(POLICY_DIR, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Writes the extension's managed policy exactly as IT would, in the 3rdparty section. */
export async function writePolicy(policy: Record<string, unknown>): Promise<void> {
  await writeFile(FILE, JSON.stringify({ "3rdparty": { extensions: { [EXTENSION_ID]: policy } } }, null, 2));
}

/** Removes the policy file. */
export async function removePolicy(): Promise<void> {
  await rm(FILE, { force: true });
}
