import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MeterDatabase } from "../../../lib/db/database";
import { writePolicyCopy, writeUserSettings } from "../../../lib/db/kept-values";
import { readOpenSegment, watchOpenSegment } from "../../../lib/platform/open-segment";
import { DEFAULT_SETTINGS } from "../../../lib/settings/settings";
import { initialEngagementState } from "../../../lib/tracking/engagement";
import type { PersistedTracking } from "../../../lib/tracking/service";

const T0 = new Date(2026, 10, 25, 9, 0).getTime();

function trackingState(open: PersistedTracking["engagement"]["open"]): PersistedTracking {
  return {
    epoch: "e1",
    engagement: { ...initialEngagementState(T0), clock: T0 + 10_000, open },
    pending: [],
    provisional: [],
    prunedAt: 0,
  };
}

// The personal database under its own name: what the popup opens.
let db: MeterDatabase;
beforeEach(async () => {
  db = new MeterDatabase();
  await db.open();
});
afterEach(async () => {
  vi.useRealTimers();
  await db.delete();
});

describe("readOpenSegment", () => {
  it("reads the segment the tracking engine saved, with the session gap in force", async () => {
    const open = { toolId: "chatgpt", tabId: 4, windowId: 1, start: T0, lastSeen: T0 + 5000 };
    await db.keptValues.put({ key: "tracking", value: trackingState(open) });
    await writeUserSettings(db, { ...DEFAULT_SETTINGS, sessionGapMin: 20 });
    expect(await readOpenSegment()).toEqual({ open, sessionGapMs: 20 * 60_000, unrecorded: [] });
    await writePolicyCopy(db, { sessionGapMin: 3 });
    expect((await readOpenSegment()).sessionGapMs).toBe(3 * 60_000);
  });

  it.each([
    ["nothing stored yet", undefined],
    ["nothing being measured", trackingState(null)],
    ["a state that is not one", "garbage"],
    ["a segment with the wrong fields", { engagement: { open: { toolId: 3, start: "x", lastSeen: 0 } } }],
  ])("gives no segment for %s", async (_name, stored) => {
    if (stored !== undefined) await db.keptValues.put({ key: "tracking", value: stored });
    expect(await readOpenSegment()).toEqual({ open: null, sessionGapMs: 10 * 60_000, unrecorded: [] });
  });

  it("gives no segment, and creates nothing, before the database exists", async () => {
    await db.delete();
    expect(await readOpenSegment()).toEqual({ open: null, sessionGapMs: 10 * 60_000, unrecorded: [] });
    expect(await MeterDatabase.exists(db.name)).toBe(false);
  });
});

it("also gives the segments the state holds unrecorded, the provisional ones of the first seconds included", async () => {
  const state = trackingState(null);
  await db.keptValues.put({
    key: "tracking",
    value: {
      ...state,
      pending: [{ toolId: "claude", start: T0, end: T0 + 1000 }],
      provisional: [
        { toolId: "chatgpt", start: T0 + 2000, end: T0 + 3000 },
        { toolId: "x", start: 5, end: 1 },
      ],
    },
  });
  expect((await readOpenSegment()).unrecorded).toEqual([
    { toolId: "claude", start: T0, end: T0 + 1000 },
    { toolId: "chatgpt", start: T0 + 2000, end: T0 + 3000 },
  ]);
});

describe("watchOpenSegment", () => {
  it("looks again every second while the popup is open, and stops when asked", () => {
    vi.useFakeTimers();
    const changed = vi.fn();
    const stop = watchOpenSegment(changed);
    vi.advanceTimersByTime(2500);
    expect(changed).toHaveBeenCalledTimes(2);
    stop();
    vi.advanceTimersByTime(5000);
    expect(changed).toHaveBeenCalledTimes(2);
  });
});
