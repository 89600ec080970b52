import { browser } from "wxt/browser";
import type { Background } from "../background/background";
import type { IdleSource } from "../background/ports";
import { MeterDatabase } from "../db/database";
import { recordSegments } from "../db/recording";
import type { Segment } from "../tracking/day-split";
import type { EngagementEvent, IdleState } from "../tracking/engagement";

/**
 * Hooks for the end-to-end tests, installed only by the test build (`--mode e2e`); the
 * production build drops this module, and a test checks that it does.
 */
export interface TestHooks {
  /**
   * Resolves when startup recovery has finished and the browser has answered for its policy:
   * tests that are not about the first seconds after install start from a known policy.
   */
  ready(): Promise<void>;
  /** Feeds the same handler as `idle.onStateChanged`. */
  setIdleState(state: IdleState): void;
  /** Resolves when every queued write is durable. */
  flush(): Promise<void>;
  /** Per event: its type and the ms from the browser event to its durable write. */
  latencies(): { type: string; ms: number }[];
  /** Writes segments through the real recording path, to seed long histories for benchmarks. */
  seedSegments(segments: Segment[], sessionGapMs: number): Promise<void>;
  /**
   * Dates the start of tracking back to a local day (YYYY-MM-DD), as if the extension had been
   * installed then: with `seedSegments`, a team report of past weeks where the browser cannot
   * run in the past (Firefox does not start under libfaketime).
   */
  backdateTrackingStart(date: string): Promise<void>;
  /** Feeds the same handler as `notifications.onClicked`; headless tests cannot click a system notification. */
  clickNotification(id: string): void;
  /** While on, every IndexedDB write fails as it does on a full disk. */
  setStorageFull(full: boolean): void;
  /** Notification ids currently shown. */
  notifications(): Promise<string[]>;
}

const latencies: { type: string; ms: number }[] = [];

/** Records how long each event took to become durable (test build only). */
export function observeLatency(event: EngagementEvent, durableAt: number): void {
  latencies.push({ type: event.type, ms: durableAt - event.at });
}

let hookIdleState: IdleState = "active";

/** Idle source of the test build: whatever the tests last set. */
export const testIdleSource: IdleSource = {
  query: async () => hookIdleState,
  listen: () => {},
};

/** Exposes `globalThis.__testHooks` in the service worker. */
export function installTestHooks({
  db,
  figures,
  tracking,
  onIdleState,
  onNotificationClicked,
  policyChecked,
}: Background): void {
  let storageFull = false;
  // Fails writes below Dexie, where IndexedDB itself would fail on a full disk.
  db.use({
    stack: "dbcore",
    name: "test-storage-full",
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        return {
          ...table,
          mutate: (request) =>
            storageFull
              ? Promise.reject(new DOMException("The quota has been exceeded.", "QuotaExceededError"))
              : table.mutate(request),
        };
      },
    }),
  });
  const hooks: TestHooks = {
    ready: async () => {
      await tracking.ready();
      await policyChecked;
      await tracking.flush();
    },
    setIdleState(state) {
      hookIdleState = state;
      onIdleState(state);
    },
    flush: () => tracking.flush(),
    latencies: () => latencies.slice(),
    seedSegments: (segments, sessionGapMs) =>
      figures.changing(() => recordSegments(new MeterDatabase(), segments, sessionGapMs)),
    backdateTrackingStart: async (date) => {
      await db.keptValues.put({ key: "trackingSince", value: date });
    },
    clickNotification: onNotificationClicked,
    setStorageFull(full) {
      storageFull = full;
    },
    notifications: async () => Object.keys(await browser.notifications.getAll()),
  };
  (globalThis as { __testHooks?: TestHooks }).__testHooks = hooks;
}
