import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** Debian's libfaketime, under the machine's multiarch folder: shifts the clock of a process and its children. */
export const LIBFAKETIME = (() => {
  const lib = "/usr/lib";
  const folders = existsSync(lib) ? readdirSync(lib).filter((name) => name.endsWith("-linux-gnu")) : [];
  return folders.map((name) => join(lib, name, "faketime/libfaketime.so.1")).find((path) => existsSync(path)) ?? null;
})();

/**
 * Environment that runs the browser `days` days in the past, so real browsing lands in a
 * week that is complete today (team reports never include the running week).
 */
export function daysAgo(days: number): Record<string, string> {
  return LIBFAKETIME ? { LD_PRELOAD: LIBFAKETIME, FAKETIME: `-${days}d` } : {};
}

/** Whether the clock can be shifted here. */
export function canShiftClock(): boolean {
  return LIBFAKETIME !== null;
}

export const INSTALL_FAKETIME = "needs libfaketime to browse in a past week: sudo apt-get install -y faketime";
