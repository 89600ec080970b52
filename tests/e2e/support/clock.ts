import { existsSync } from "node:fs";

/** Debian's libfaketime: shifts the clock of a process and its children. */
const LIBFAKETIME = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";

/**
 * Environment that runs the browser `days` days in the past, so real browsing lands in a
 * week that is complete today (team reports never include the running week).
 */
export function daysAgo(days: number): Record<string, string> {
  return { LD_PRELOAD: LIBFAKETIME, FAKETIME: `-${days}d` };
}

/** Whether the clock can be shifted here; else the test says how to install it. */
export function canShiftClock(): boolean {
  return existsSync(LIBFAKETIME);
}
