import { execFileSync } from "node:child_process";
import { findChromium } from "./e2e/support/chromium-path";
import { LIBFAKETIME } from "./e2e/support/clock";
import { findFirefox } from "./e2e-firefox/support/firefox-session";

// Run by `npm run test:e2e` before anything is built: every program the end-to-end suite starts,
// checked at once, with the one command that installs whatever is missing.

/** A program the suite needs, where to find it, and the Debian package that brings it. */
interface Prerequisite {
  what: string;
  why: string;
  found(): boolean;
  debianPackage: string;
}

const onPath = (command: string) => () => {
  try {
    execFileSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};

export const PREREQUISITES: Prerequisite[] = [
  {
    what: "Chromium",
    why: "loads the built extension",
    found: () => {
      try {
        findChromium();
        return true;
      } catch {
        return false;
      }
    },
    debianPackage: "chromium",
  },
  { what: "Xvfb", why: "real windows for the focus tests", found: onPath("Xvfb"), debianPackage: "xvfb" },
  {
    what: "openbox",
    why: "a window manager, so windows take focus",
    found: onPath("openbox"),
    debianPackage: "openbox",
  },
  {
    what: "xdotool",
    why: "answers the browser's own permission prompt",
    found: onPath("xdotool"),
    debianPackage: "xdotool",
  },
  {
    what: "libfaketime",
    why: "runs a browser in a past week for the team report",
    found: () => LIBFAKETIME !== null,
    debianPackage: "faketime",
  },
  {
    what: "Firefox ESR",
    why: "the second browser the suite runs (tests/e2e-firefox)",
    found: () => {
      try {
        findFirefox();
        return true;
      } catch {
        return false;
      }
    },
    debianPackage: "firefox-esr",
  },
];

/** The missing prerequisites, and the one command that installs them all. */
export function missingPrerequisites(): { missing: Prerequisite[]; command: string } {
  const missing = PREREQUISITES.filter((p) => !p.found());
  return { missing, command: `sudo apt-get install -y ${missing.map((p) => p.debianPackage).join(" ")}` };
}

if (process.argv[1]?.endsWith("prerequisites.ts")) {
  const { missing, command } = missingPrerequisites();
  if (missing.length > 0) {
    const list = missing.map((p) => `  - ${p.what}: ${p.why}`).join("\n");
    process.stderr.write(
      `The end-to-end tests need programs that are not installed:\n${list}\n\nInstall them with:\n  ${command}\n` +
        "(Chromium may also be given with CHROMIUM_PATH.)\n",
    );
    process.exit(1);
  }
}
