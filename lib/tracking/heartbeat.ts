/** Extension-storage key the heartbeat script writes. */
export const HEARTBEAT_KEY = "heartbeat";

/**
 * How often the counted AI-tool page writes its heartbeat (ms), and only while it is counted,
 * visible and in front. A browser close or crash loses at most about this much engaged time.
 */
export const HEARTBEAT_INTERVAL_MS = 250;

/** A change of an AI-tool page, as its heartbeat script reports it (`at`: the page's epoch ms). */
export interface PageChange {
  readonly visible: boolean;
  readonly focused: boolean;
  readonly at: number;
}

/** Name of the message the worker sends a tab whose counting starts or stops: `{ name, counting }`. */
export const COUNTING_MESSAGE = "counting";

/**
 * How a page sends a report again when no acknowledgement came (the worker died while
 * handling it, or was starting): after these delays (ms), then it gives up. The delay stops
 * growing at a second, so a page whose first tries met dying workers is heard soon after one
 * runs again; all of them end well within REPORT_MAX_AGE_MS.
 */
export const REPORT_RETRY_DELAYS_MS = [50, 100, 200, 400, 800, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000] as const;

/**
 * The most changes a page keeps waiting for an answer, and sends in one report. An honest page
 * has a few at most; past this, the oldest is dropped.
 */
export const PAGE_REPORTS_MAX = 16;

/**
 * A page that turns visible gets its focus a moment later, as a second event. It waits this
 * long (ms) for that focus and reports both as one change, dated when it turned visible: a
 * report without focus never dates engagement back.
 */
export const FOCUS_FOLLOW_MS = 250;

/**
 * A visible page that gains focus reports it once it has held this long (ms), dated when it
 * came: while moving focus to another window, a window manager can hand the page focus for an
 * instant, and a report of that instant would count the time away.
 */
export const FOCUS_SETTLE_MS = 100;

/** How far back a page's report may be dated (ms): its retries end well within this. */
export const REPORT_MAX_AGE_MS = 20_000;

/** Reports one tab may send in a burst, and how many more it earns per second. */
export const REPORT_BURST = 20;
export const REPORT_REFILL_PER_SEC = 4;

/**
 * Limits page reports per tab: a page reports only real changes, so a tab that sends more
 * than a burst is flooding, and what exceeds the limit is acknowledged but not applied.
 */
export function createReportLimiter(burst = REPORT_BURST, refillPerSec = REPORT_REFILL_PER_SEC) {
  const buckets = new Map<number, { tokens: number; at: number }>();
  return {
    /** Whether a report of `tabId` at `now` (epoch ms) may be applied. */
    allow(tabId: number, now: number): boolean {
      const bucket = buckets.get(tabId) ?? { tokens: burst, at: now };
      const tokens = Math.min(burst, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * refillPerSec);
      const allowed = tokens >= 1;
      buckets.set(tabId, { tokens: allowed ? tokens - 1 : tokens, at: now });
      if (buckets.size > 1000) buckets.delete(buckets.keys().next().value as number);
      return allowed;
    },
    /** Forgets a closed tab. */
    forget(tabId: number): void {
      buckets.delete(tabId);
    },
  };
}

/**
 * The time a page's report is applied at (epoch ms): its own stamp, which a stopped worker's
 * start-up does not delay, but never in the future and never older than REPORT_MAX_AGE_MS.
 */
export function reportTime(pageTime: number, now: number): number {
  return Math.min(now, Math.max(pageTime, now - REPORT_MAX_AGE_MS));
}
