import type { UsageSummary } from "../../lib/stats/summary";

// popup-first.js paints the figures; the rest of the popup, a separate bundle, starts from
// them. The two share nothing but this page's global object.

/** Today's and this week's totals as first shown, for the full popup to start from. */
export interface FirstFigures {
  /** Local date they are for, YYYY-MM-DD. */
  today: string;
  summary: Pick<UsageSummary, "today" | "week">;
}

const HANDOFF = "__meterFirstFigures";

type WithHandoff = typeof globalThis & { [HANDOFF]?: Promise<FirstFigures | null> };

/** Hands over the figures being painted: resolves once they are on screen, null when none were. */
export function handFirstFigures(painted: Promise<FirstFigures | null>): void {
  (globalThis as WithHandoff)[HANDOFF] = painted;
}

/** The figures popup-first.js painted, once they are on screen; null when it painted none. */
export function firstFiguresPainted(): Promise<FirstFigures | null> {
  return (globalThis as WithHandoff)[HANDOFF] ?? Promise.resolve(null);
}
