import { MeterDatabase } from "../db/database";
import { recordSegments } from "../db/recording";
import type { Segment } from "../tracking/day-split";
import type { EngagementEvent, IdleState } from "../tracking/engagement";
import type { TrackingService } from "../tracking/service";
import type { IdleSource } from "./tracking-wiring";

/**
 * Hooks for the end-to-end tests, installed only by the test build (`--mode e2e`); the
 * production build drops this module, and a test checks that it does.
 */
export interface TestHooks {
  /** Resolves when startup recovery has finished. */
  ready(): Promise<void>;
  /** Feeds the same handler as `idle.onStateChanged`. */
  setIdleState(state: IdleState): void;
  /** Resolves when every queued write is durable. */
  flush(): Promise<void>;
  /** Per event: its type and the ms from the browser event to its durable write. */
  latencies(): { type: string; ms: number }[];
  /** Writes segments through the real recording path, to seed long histories for benchmarks. */
  seedSegments(segments: Segment[], sessionGapMs: number): Promise<void>;
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
export function installTestHooks(tracking: TrackingService, onIdleState: (state: IdleState) => void): void {
  const hooks: TestHooks = {
    ready: () => tracking.ready(),
    setIdleState(state) {
      hookIdleState = state;
      onIdleState(state);
    },
    flush: () => tracking.flush(),
    latencies: () => latencies.slice(),
    seedSegments: (segments, sessionGapMs) => recordSegments(new MeterDatabase(), segments, sessionGapMs),
  };
  (globalThis as { __testHooks?: TestHooks }).__testHooks = hooks;
}
