import { existsSync } from "node:fs";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "../../..");

/** The Firefox production build, as users get it (`npm run build:firefox`). */
export const FIREFOX_BUILD = resolve(root, ".output/firefox-mv3");
/** The Firefox test build (`npm run build:e2e:firefox`): production code plus test hooks in the background. */
export const FIREFOX_TEST_BUILD = resolve(root, ".output/firefox-mv3-e2e");

/** Fails with the command to run when a build is missing. */
export function requireFirefoxBuild(path: string): string {
  if (!existsSync(resolve(path, "manifest.json"))) {
    const command = path === FIREFOX_TEST_BUILD ? "npm run build:e2e:firefox" : "npm run build:firefox";
    throw new Error(`No extension build at ${path}. Run \`${command}\` first (npm run test:e2e does both).`);
  }
  return path;
}
