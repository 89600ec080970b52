/** What the settings say about asking. */
export interface PromptRules {
  enabled: boolean;
  /** Minutes of active time a visit needs. */
  minMinutes: number;
  /** Most prompts per local day. */
  dailyLimit: number;
}

/** Today's prompting so far: kept in the extension's database, reset on a new local day. */
export interface PromptDay {
  /** Local day, YYYY-MM-DD. */
  date: string;
  /** Prompts shown that day. */
  shown: number;
  /** The user chose "not today". */
  notToday: boolean;
}

/** Why a visit is or is not asked about. */
export type PromptDecision =
  | { ask: true }
  | { ask: false; reason: "disabled" | "too-short" | "already-asked" | "not-today" | "daily-limit" };

/** The visit facts the rules need. */
export interface PromptCandidate {
  /** Engaged ms in the visit. */
  activeMs: number;
  /** Set once the visit was asked about (merged visits keep it, so they never prompt twice). */
  prompt?: "pending" | "skipped" | "answered";
}

/** Today's record, starting afresh on a new local day. */
export function promptDayFor(stored: PromptDay | null | undefined, today: string): PromptDay {
  return stored && stored.date === today ? stored : { date: today, shown: 0, notToday: false };
}

/**
 * Whether a visit that just ended should be asked about: prompting is on, the visit is
 * long enough, it was never asked about, the user did not choose "not today", and fewer
 * than the daily limit of prompts were shown today.
 */
export function shouldPrompt(visit: PromptCandidate, rules: PromptRules, day: PromptDay): PromptDecision {
  if (!rules.enabled) return { ask: false, reason: "disabled" };
  if (visit.prompt !== undefined) return { ask: false, reason: "already-asked" };
  if (visit.activeMs < rules.minMinutes * 60_000) return { ask: false, reason: "too-short" };
  if (day.notToday) return { ask: false, reason: "not-today" };
  if (day.shown >= rules.dailyLimit) return { ask: false, reason: "daily-limit" };
  return { ask: true };
}

/** The day after one more prompt was shown. */
export function countPrompt(day: PromptDay): PromptDay {
  return { ...day, shown: day.shown + 1 };
}

/** The day after the user chose "not today". */
export function declineToday(day: PromptDay): PromptDay {
  return { ...day, notToday: true };
}

/** How long a pending question stays in the badge and the popup (ms): a week. */
export const PENDING_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
