import { openForReading, readKeptValues } from "../db/week-read";
import { sessionGapMsOf } from "../stats/open-segment";
import type { Segment } from "../tracking/day-split";
import type { OpenSegment } from "../tracking/engagement";

// Where the popup learns what is being measured right now, without a message to the worker.
// It reads the tracking engine's saved in-flight state in the extension's database (the
// `keptValues` store, where content scripts cannot write), with the raw IndexedDB API: the
// database library and the validators would slow the popup's first paint. Only the open
// segment's tool and times are taken, each checked for its type.

/** The kept values read: the tracking state, the user's settings and the last policy copy. */
const TRACKING_KEY = "tracking";
const SETTINGS_KEY = "settings";
const POLICY_KEY = "policy";

/** How often an open popup looks again (ms): the database tells other pages of no change. */
const WATCH_INTERVAL_MS = 1000;

/** What the popup needs to add the time being measured now to its figures. */
export interface OpenSegmentView {
  /** The segment being measured, or null when nothing is (paused, idle, no AI tool in front). */
  open: OpenSegment | null;
  /** The session gap in force (ms), which decides whether the open segment starts a visit. */
  sessionGapMs: number;
  /** Segments closed but not recorded yet (right after install they wait for the policy). */
  unrecorded: Segment[];
}

/** The closed segments a stored tracking state still holds, each checked for its fields. */
function unrecordedOf(stored: unknown): Segment[] {
  const state = stored as { pending?: unknown; provisional?: unknown } | null | undefined;
  const lists = [state?.pending, state?.provisional].filter(Array.isArray) as unknown[][];
  return lists.flat().flatMap((item) => {
    const { toolId, start, end } = (item ?? {}) as Record<string, unknown>;
    return typeof toolId === "string" && typeof start === "number" && typeof end === "number" && start < end
      ? [{ toolId, start, end }]
      : [];
  });
}

/** The segment in a stored tracking state, or null when there is none or the state is not one. */
function openSegmentOf(stored: unknown): OpenSegment | null {
  const open = (stored as { engagement?: { open?: unknown } } | null | undefined)?.engagement?.open;
  if (!open || typeof open !== "object") return null;
  const { toolId, tabId, windowId, start, lastSeen } = open as Record<string, unknown>;
  if (typeof toolId !== "string" || typeof start !== "number") return null;
  // The popup's copy of the state (lib/stats/kept-figures.ts) leaves out "last seen", which
  // no figure uses; the database's state always has it.
  if (lastSeen !== undefined && typeof lastSeen !== "number") return null;
  return {
    toolId,
    tabId: typeof tabId === "number" ? tabId : -1,
    windowId: typeof windowId === "number" ? windowId : -1,
    start,
    lastSeen: lastSeen ?? start,
  };
}

/** The `keptValues` keys an `OpenSegmentView` is read from. */
export const OPEN_SEGMENT_KEYS: readonly string[] = [TRACKING_KEY, SETTINGS_KEY, POLICY_KEY];

/** The view of the kept values read under `OPEN_SEGMENT_KEYS` (raw, each field checked here). */
export function openSegmentViewOf(kept: Record<string, unknown>): OpenSegmentView {
  return {
    open: openSegmentOf(kept[TRACKING_KEY]),
    sessionGapMs: sessionGapMsOf(kept[SETTINGS_KEY], kept[POLICY_KEY]),
    unrecorded: unrecordedOf(kept[TRACKING_KEY]),
  };
}

/** The tool of the segment being measured in the kept values, or null. */
export function openToolOf(kept: Record<string, unknown>): string | null {
  return openSegmentOf(kept[TRACKING_KEY])?.toolId ?? null;
}

/** Reads the segment being measured now and the session gap, in one database read. */
export async function readOpenSegment(): Promise<OpenSegmentView> {
  const db = await openForReading(indexedDB);
  if (!db) return openSegmentViewOf({});
  try {
    return openSegmentViewOf(await readKeptValues(db, OPEN_SEGMENT_KEYS));
  } finally {
    db.close();
  }
}

/** Calls back whenever the segment being measured may have changed; returns the unsubscribe. */
export function watchOpenSegment(onChange: () => void): () => void {
  const timer = setInterval(onChange, WATCH_INTERVAL_MS);
  return () => clearInterval(timer);
}
