import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { readOpenSegment, watchOpenSegment } from "../../../lib/platform/open-segment";
import { lastPolicyItem } from "../../../lib/platform/policy-source";
import { settingsItem, trackingItem } from "../../../lib/platform/storage-items";
import { initialEngagementState } from "../../../lib/tracking/engagement";
import type { PersistedTracking } from "../../../lib/tracking/service";

const T0 = new Date(2026, 10, 25, 9, 0).getTime();

function trackingState(open: PersistedTracking["engagement"]["open"]): PersistedTracking {
  return { epoch: "e1", engagement: { ...initialEngagementState(T0), open }, pending: [], prunedAt: 0 };
}

beforeEach(() => {
  fakeBrowser.reset();
});

describe("readOpenSegment", () => {
  it("reads the segment the tracking engine saved, with the session gap in force", async () => {
    const open = { toolId: "chatgpt", start: T0, lastSeen: T0 + 5000 };
    await trackingItem.setValue(trackingState(open));
    await settingsItem.setValue({ sessionGapMin: 20 });
    expect(await readOpenSegment()).toEqual({ open, sessionGapMs: 20 * 60_000 });
    await lastPolicyItem.setValue({ sessionGapMin: 3 });
    expect((await readOpenSegment()).sessionGapMs).toBe(3 * 60_000);
  });

  it.each([
    ["nothing stored yet", undefined],
    ["nothing being measured", trackingState(null)],
    ["a state that is not one", "garbage"],
    ["a segment with the wrong fields", { engagement: { open: { toolId: 3, start: "x", lastSeen: 0 } } }],
  ])("gives no segment for %s", async (_name, stored) => {
    if (stored !== undefined) await fakeBrowser.storage.local.set({ tracking: stored });
    expect(await readOpenSegment()).toEqual({ open: null, sessionGapMs: 10 * 60_000 });
  });
});

describe("watchOpenSegment", () => {
  it("calls back when the tracking state or the settings change, and stops when asked", async () => {
    const changed = vi.fn();
    const stop = watchOpenSegment(changed);
    await trackingItem.setValue(trackingState({ toolId: "claude", start: T0, lastSeen: T0 }));
    expect(changed).toHaveBeenCalled();
    changed.mockClear();
    await fakeBrowser.storage.local.set({ heartbeat: { epoch: "e1", at: T0 } });
    expect(changed).not.toHaveBeenCalled();
    await settingsItem.setValue({ sessionGapMin: 20 });
    expect(changed).toHaveBeenCalled();
    changed.mockClear();
    stop();
    await trackingItem.setValue(trackingState(null));
    expect(changed).not.toHaveBeenCalled();
  });
});
