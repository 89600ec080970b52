import { existsSync } from "node:fs";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "../../..");

/** The production build, as users get it. */
export const PRODUCTION_BUILD = resolve(root, ".output/chrome-mv3");
/** The test build (`--mode e2e`): the production code plus test hooks in the worker. */
export const TEST_BUILD = resolve(root, ".output/chrome-mv3-e2e");

/** The fixed extension ID that the manifest key gives (see README). */
export const EXTENSION_ID = "ddckonafdhipgbbjhhdbhlgbonladhhk";

/** Fails with the command to run when a build is missing. */
export function requireBuild(path: string): string {
  if (!existsSync(resolve(path, "manifest.json"))) {
    const command = path === TEST_BUILD ? "npm run build:e2e" : "npm run build";
    throw new Error(`No extension build at ${path}. Run \`${command}\` first (npm run test:e2e does both).`);
  }
  return path;
}
