import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

/** Where Chromium usually lives on Linux and macOS, checked after CHROMIUM_PATH. */
const USUAL_PATHS = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/snap/bin/chromium",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
];

/**
 * Finds a Chromium that can load unpacked extensions: CHROMIUM_PATH, then the usual
 * system paths, then Playwright's own download. Throws with the install command if none.
 */
export function findChromium(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH is set to ${fromEnv}, but no file is there.`);
    return fromEnv;
  }
  for (const candidate of USUAL_PATHS) if (existsSync(candidate)) return candidate;
  try {
    const bundled = chromium.executablePath();
    if (bundled && existsSync(bundled)) return bundled;
  } catch {
    // Playwright has no browser of its own here; fall through to the message below.
  }
  throw new Error(
    "No Chromium found. Install it with `sudo apt-get install -y chromium` (Debian/Ubuntu) " +
      "or `npx playwright install chromium`, or set CHROMIUM_PATH to a Chromium binary.",
  );
}
