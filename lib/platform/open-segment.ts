import { browser } from "wxt/browser";
import { sessionGapMsOf } from "../stats/open-segment";
import type { OpenSegment } from "../tracking/engagement";

// Where the popup learns what is being measured right now, without a message to the worker.
// It reads the tracking engine's saved in-flight state (the `trackingItem` of storage-items.ts,
// key "tracking" in local storage); this module is the one place to change when that state
// moves. Kept apart from storage-items.ts, whose validators would slow the popup's first paint.

/** The local storage keys read: the tracking state, the user's settings and the last policy copy. */
const TRACKING_KEY = "tracking";
const SETTINGS_KEY = "settings";
const POLICY_KEY = "managedPolicy";

/** What the popup needs to add the time being measured now to its figures. */
export interface OpenSegmentView {
  /** The segment being measured, or null when nothing is (paused, idle, no AI tool in front). */
  open: OpenSegment | null;
  /** The session gap in force (ms), which decides whether the open segment starts a visit. */
  sessionGapMs: number;
}

/** The segment in a stored tracking state, or null when there is none or the state is not one. */
function openSegmentOf(stored: unknown): OpenSegment | null {
  const open = (stored as { engagement?: { open?: unknown } } | null | undefined)?.engagement?.open;
  if (!open || typeof open !== "object") return null;
  const { toolId, start, lastSeen } = open as Record<string, unknown>;
  if (typeof toolId !== "string" || typeof start !== "number" || typeof lastSeen !== "number") return null;
  return { toolId, start, lastSeen };
}

/** Reads the segment being measured now and the session gap, in one storage read. */
export async function readOpenSegment(): Promise<OpenSegmentView> {
  const stored = await browser.storage.local.get([TRACKING_KEY, SETTINGS_KEY, POLICY_KEY]);
  return {
    open: openSegmentOf(stored[TRACKING_KEY]),
    sessionGapMs: sessionGapMsOf(stored[SETTINGS_KEY], stored[POLICY_KEY]),
  };
}

/** Calls back whenever the segment being measured may have changed; returns the unsubscribe. */
export function watchOpenSegment(onChange: () => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area === "local" && (TRACKING_KEY in changes || SETTINGS_KEY in changes || POLICY_KEY in changes)) onChange();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
