import { accessSync, constants, mkdirSync, readFileSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { GECKO_ID } from "./firefox-session";

/**
 * Where Debian's firefox-esr reads machine-wide enterprise policy, checked on this browser:
 * a file here reaches the add-on's managed storage; /etc/firefox-esr/policies/ does not.
 * (Firefox also reads `distribution/policies.json` beside its binary, which a package
 * update replaces.)
 */
export const FIREFOX_POLICY_DIR = "/etc/firefox/policies";
const FILE = join(FIREFOX_POLICY_DIR, "policies.json");

/** The template IT starts from (docs/deploy/firefox/policies.json). */
export const FIREFOX_POLICY_TEMPLATE = resolve(import.meta.dirname, "../../../docs/deploy/firefox/policies.json");

/** Whether this process may write the machine-wide policy file (root, as in CI). */
export function canWriteFirefoxPolicy(): boolean {
  try {
    mkdirSync(FIREFOX_POLICY_DIR, { recursive: true });
    accessSync(FIREFOX_POLICY_DIR, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The template with the add-on's entry changed by `values`. Its ExtensionSettings entry is
 * dropped: it force-installs from the organization's server, which a test has not got, so
 * the test installs the build into the profile itself.
 */
export function policyFromTemplate(values: Record<string, unknown>): {
  policies: { "3rdparty": { Extensions: Record<string, Record<string, unknown>> } };
} {
  const template = JSON.parse(readFileSync(FIREFOX_POLICY_TEMPLATE, "utf8"));
  const { ExtensionSettings: _install, ...policies } = template.policies;
  const entry = policies["3rdparty"].Extensions[GECKO_ID];
  if (!entry) throw new Error(`The template has no 3rdparty entry for ${GECKO_ID}`);
  policies["3rdparty"].Extensions[GECKO_ID] = { ...entry, ...values };
  return { policies };
}

/** Writes the machine-wide policies.json exactly as IT would. */
export async function writeFirefoxPolicy(file: object): Promise<void> {
  await writeFile(FILE, JSON.stringify(file, null, 2));
}

/** Removes the policy file. */
export async function removeFirefoxPolicy(): Promise<void> {
  await rm(FILE, { force: true });
}
