import type { MeterDatabase } from "../db/database";
import { recordSegments } from "../db/recording";
import { pruneRawData, retentionCutoff } from "../db/retention";
import { isQuotaError } from "../db/write-error";
import type { TrackingStatus } from "../messages/protocol";
import { userText } from "../messages/user-text";
import { applyPolicy, lockedSettings, type Policy } from "../policy/policy";
import { type Settings, type SettingsUpdate, trackedTools, updateSettings } from "../settings/settings";
import { buildPersonalData, type PersonalData } from "../stats/personal-data";
import type { Segment } from "./day-split";
import {
  type BrowserSnapshot,
  type EngagementConfig,
  type EngagementEvent,
  type EngagementState,
  engagedTool,
  initialEngagementState,
  nextDeadline,
  step,
} from "./engagement";
import { createWriteQueue } from "./write-queue";

/** What the worker keeps in extension storage between transitions. */
export interface PersistedTracking {
  /** The browser session the state belongs to. */
  epoch: string;
  engagement: EngagementState;
  /** Closed segments that could not be written yet (e.g. storage full); retried first. */
  pending: Segment[];
  /** Epoch ms of the last retention run. */
  prunedAt: number;
}

/** The heartbeat written by visible AI-tool pages: their session and the time (epoch ms). */
export interface Heartbeat {
  epoch: string;
  at: number;
}

/** Everything the service touches, injected so the service stays testable. */
export interface TrackingDeps {
  db: MeterDatabase;
  now(): number;
  loadTracking(): Promise<PersistedTracking | null>;
  saveTracking(state: PersistedTracking): Promise<void>;
  /** The user's own settings, as stored. */
  loadUserSettings(): Promise<Settings>;
  saveUserSettings(settings: Settings): Promise<void>;
  /** The organization's managed policy, parsed field by field (empty without one). */
  loadPolicy(): Promise<Policy>;
  readHeartbeat(): Promise<Heartbeat | null>;
  /** The epoch of the running browser session, or null if this is its first worker start. */
  readSessionEpoch(): Promise<string | null>;
  writeSessionEpoch(epoch: string): Promise<void>;
  newEpoch(): string;
  snapshot(): Promise<BrowserSnapshot>;
  /** Arranges a `tick` at or after `at` (epoch ms); null cancels the one arranged before. */
  scheduleTick(at: number | null): void;
  /** Applies settings that live in the browser (e.g. the idle detection interval). */
  applySettings(settings: Settings): Promise<void>;
  onError(error: unknown): void;
  /**
   * Told, inside the write queue, which tools the user just left (segments closed and the
   * tool no longer in front): their visits may be asked about.
   */
  toolsLeft?(toolIds: string[]): Promise<void>;
  /** Told when an event's transition is durable (epoch ms); used to measure latency. */
  observe?(event: EngagementEvent, durableAt: number): void;
}

/** Once a day is enough: retention is measured in days. */
const PRUNE_INTERVAL_MS = 24 * 60 * 60 * 1000;

/** Builds the tracking service: events in, durable segments out, one transition at a time. */
export function createTrackingService(deps: TrackingDeps) {
  const queue = createWriteQueue(deps.onError);
  let tracking: PersistedTracking | null = null;
  let settings: Settings | null = null;
  let writeError: string | null = null;

  const config = (s: Settings): EngagementConfig => ({ tools: trackedTools(s), idleThresholdSec: s.idleThresholdSec });

  /**
   * Makes a transition current and durable; true when its segments were recorded. A failed
   * write never holds the state back: the transition still takes effect, the failure shows
   * in the status, and the next transition writes everything again.
   */
  async function persist(next: PersistedTracking, closed: Segment[], s: Settings): Promise<boolean> {
    // Segments first, then the state: if the worker dies in between, recovery closes the
    // same segment again and recording is idempotent per segment start.
    const toWrite = [...next.pending, ...closed];
    let failure: string | null = null;
    let recorded = true;
    try {
      await recordSegments(deps.db, toWrite, s.sessionGapMin * 60_000);
      next.pending = [];
    } catch (error) {
      next.pending = toWrite;
      recorded = false;
      failure = describeWriteError(error);
      deps.onError(error);
    }
    tracking = next;
    try {
      await deps.saveTracking(next);
    } catch (error) {
      failure ??= describeWriteError(error);
      deps.onError(error);
    }
    writeError = failure;
    deps.scheduleTick(nextDeadline(next.engagement));
    return recorded;
  }

  async function apply(event: EngagementEvent): Promise<void> {
    // A start-up that failed (e.g. storage briefly unavailable) is tried again by the next
    // transition, so one bad moment does not stop tracking until the worker restarts.
    if (!tracking || !settings) await startup();
    if (!tracking || !settings) throw new Error("Tracking used before start()");
    const { state, closed } = step(tracking.engagement, event, config(settings));
    const recorded = await persist({ ...tracking, engagement: state }, closed, settings);
    deps.observe?.(event, deps.now());
    if (recorded) await reportLeft(closed, engagedTool(state));
  }

  /** Only segments that were recorded have visits to ask about. */
  async function reportLeft(closed: readonly Segment[], engaged: string | null): Promise<void> {
    if (!deps.toolsLeft || closed.length === 0) return;
    const left = [...new Set(closed.map((segment) => segment.toolId))].filter((toolId) => toolId !== engaged);
    if (left.length > 0) await deps.toolsLeft(left).catch(deps.onError);
  }

  async function effectiveSettings(): Promise<Settings> {
    return applyPolicy(await deps.loadUserSettings(), await deps.loadPolicy());
  }

  /** Re-reads settings and policy and applies them, in the queue. */
  async function settingsChanged(): Promise<void> {
    const next = await effectiveSettings();
    // A shorter retention takes effect at once, not at the next daily run.
    if (settings?.retentionDays !== next.retentionDays && tracking) tracking = { ...tracking, prunedAt: 0 };
    settings = next;
    await deps.applySettings(settings);
    await apply({ type: "sync", at: deps.now(), snapshot: await deps.snapshot() });
    await pruneIfDue(deps.now());
  }

  async function startup(): Promise<void> {
    settings = await effectiveSettings();
    await deps.applySettings(settings);
    const at = deps.now();
    const stored = await deps.loadTracking();
    let epoch = await deps.readSessionEpoch();
    const newSession = epoch === null || stored === null || stored.epoch !== epoch;
    if (epoch === null) {
      epoch = deps.newEpoch();
      await deps.writeSessionEpoch(epoch);
    }
    const previous: PersistedTracking = stored ?? {
      epoch,
      engagement: initialEngagementState(at),
      pending: [],
      prunedAt: 0,
    };
    if (!newSession) {
      // Only the worker restarted. Its stored state is current: every browser event wakes
      // the worker and is delivered, including the ones that woke it, which are queued now
      // with their own times. Re-reading the browser here would date their effect to now.
      await persist({ ...previous }, [], settings);
    } else {
      const heartbeat = await deps.readHeartbeat();
      // Only a heartbeat from the session that left the segment open says when it was last seen.
      const lastSeen = stored && heartbeat && heartbeat.epoch === stored.epoch ? heartbeat.at : null;
      const snapshot = await deps.snapshot();
      const { state, closed } = step(
        previous.engagement,
        { type: "startup", at, lastSeen, snapshot },
        config(settings),
      );
      await persist({ ...previous, epoch, engagement: state }, closed, settings);
    }
    // Retention can wait for its next run; tracking must not wait for retention.
    await pruneIfDue(at).catch(deps.onError);
  }

  async function pruneIfDue(at: number): Promise<void> {
    if (!tracking || !settings || at - tracking.prunedAt < PRUNE_INTERVAL_MS) return;
    await pruneRawData(deps.db, retentionCutoff(at, settings.retentionDays));
    tracking = { ...tracking, prunedAt: at };
    await deps.saveTracking(tracking);
  }

  function status(): TrackingStatus {
    const engagement = tracking?.engagement;
    const open = engagement?.open ?? null;
    return {
      paused: engagement?.paused ?? false,
      engagedToolId: engagement ? engagedTool(engagement) : null,
      engagedSince: open?.start ?? null,
      writeError,
    };
  }

  const waiting: {
    at: number;
    resolve: () => Promise<EngagementEvent | null>;
    done: () => void;
    fail: (error: unknown) => void;
  }[] = [];
  const started = queue.run(startup);

  return {
    /**
     * Resolves when startup recovery has run. If it failed, this rejects and the next
     * transition tries start-up again.
     */
    ready: () => started,
    /**
     * Queues an event that happened at `at` (epoch ms, read when the browser event fired).
     * `resolve` may look things up (a tab's URL) and runs in order with every other
     * transition. Events waiting together run in time order, not arrival order: when one
     * event wakes a stopped worker, a page's own time-stamped report can arrive after the
     * browser's event although it happened first.
     */
    dispatch(at: number, resolve: () => Promise<EngagementEvent | null>): Promise<void> {
      return new Promise<void>((done, fail) => {
        waiting.push({ at, resolve, done, fail });
        waiting.sort((a, b) => a.at - b.at);
        void queue.run(async () => {
          const next = waiting.shift();
          if (!next) return;
          try {
            const event = await next.resolve();
            if (event) await apply(event);
            next.done();
          } catch (error) {
            next.fail(error);
            // Also to the queue, which reports it: browser listeners do not wait for the result.
            throw error;
          }
        });
      });
    },
    /**
     * Validates and stores a settings change, then applies it to tracking at once. A field
     * the organization's policy sets is refused, like any invalid value.
     */
    saveSettings(patch: Record<string, unknown>): Promise<SettingsUpdate> {
      return queue.run(async () => {
        const locked = new Set<string>(lockedSettings(await deps.loadPolicy()));
        const refused = Object.keys(patch).filter((key) => locked.has(key));
        if (refused.length > 0) {
          return {
            ok: false,
            errors: Object.fromEntries(refused.map((key) => [key, userText("errorLockedByPolicy")])),
          };
        }
        const update = updateSettings(await deps.loadUserSettings(), patch);
        if (!update.ok) return update;
        await deps.saveUserSettings(update.settings);
        await settingsChanged();
        return update;
      });
    },
    /** The organization's policy changed while the browser runs: it applies at once. */
    policyChanged(): Promise<void> {
      return queue.run(settingsChanged);
    },
    /**
     * Periodic alarm: keeps "last seen" fresh, settles deadlines, runs retention.
     * `focusedWindow` asks the browser which window has focus: only its answer settles a
     * pending focus loss (the alarm may be the first tick after a worker restart lost the timer).
     */
    alarm(at: number, focusedWindow: () => Promise<number>): Promise<void> {
      return queue.run(async () => {
        await apply({ type: "tick", at, focusedWindowId: await focusedWindow() });
        await pruneIfDue(at);
      });
    },
    status: () => queue.run(async () => status()),
    setPaused(paused: boolean, at: number): Promise<TrackingStatus> {
      return queue.run(async () => {
        await apply({ type: paused ? "paused" : "resumed", at });
        return status();
      });
    },
    /** Closes the open segment up to now (it reopens at once) and returns everything stored. */
    exportPersonalData(at: number): Promise<PersonalData> {
      return queue.run(async () => {
        await apply({ type: "checkpoint", at });
        const [days, visits, tags] = await Promise.all([
          deps.db.days.toArray(),
          deps.db.visits.toArray(),
          deps.db.tags.toArray(),
        ]);
        if (!settings) throw new Error("Tracking used before start()");
        return buildPersonalData({
          days,
          visits,
          tags,
          settings,
          paused: tracking?.engagement.paused ?? false,
          now: at,
        });
      });
    },
    /**
     * Deletes every visit, daily total and tag, and drops the segment being measured, so
     * nothing recorded before this moment remains. Counting goes on from now.
     */
    deleteAllData(at: number): Promise<void> {
      return queue.run(async () => {
        await apply({ type: "discard", at });
        if (tracking) tracking = { ...tracking, pending: [] };
        // The device secret goes too: with no data left, no earlier week can be exported again.
        const { visits, days, tags, secrets, exportedWeeks } = deps.db;
        await deps.db.transaction("rw", [visits, days, tags, secrets, exportedWeeks], async () => {
          await Promise.all([visits.clear(), days.clear(), tags.clear(), secrets.clear(), exportedWeeks.clear()]);
        });
        if (tracking) await deps.saveTracking(tracking);
      });
    },
    /** The current browser-session epoch, for the heartbeat script. */
    epoch: () => queue.run(async () => tracking?.epoch ?? ""),
    /** The settings in effect: the user's, with the organization's policy over them. */
    settings: () => queue.run(effectiveSettings),
    /** The settings in effect as last applied, without waiting for the queue; null before start-up. */
    appliedSettings: (): Settings | null => settings,
    /** Runs a job in the write queue, after every transition queued before it. */
    serialized: <T>(job: () => Promise<T>) => queue.run(job),
    /** Resolves once every queued transition is durable. */
    flush: () => queue.idle(),
  };
}

/** The service's public surface. */
export type TrackingService = ReturnType<typeof createTrackingService>;

function describeWriteError(error: unknown): string {
  return userText(isQuotaError(error) ? "errorStorageFull" : "errorSaveFailed");
}
