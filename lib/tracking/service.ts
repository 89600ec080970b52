import type { DayRow, TagRow, VisitRow } from "../db/database";
import type { TrackingStatus } from "../messages/protocol";
import { userText } from "../messages/user-text";
import { applyPolicy, lockedSettings, type Policy } from "../policy/policy";
import { type Settings, type SettingsUpdate, updateSettings } from "../settings/settings";
import { trackedTools } from "../settings/tracked-tools";
import { withUnrecordedTime, withUnrecordedVisits } from "../stats/open-segment";
import { buildPersonalData, type PersonalData } from "../stats/personal-data";
import type { Segment } from "./day-split";
import {
  type BrowserSnapshot,
  type EngagementConfig,
  type EngagementEvent,
  engagedTool,
  FOCUS_FLICKER_MS,
  initialEngagementState,
  nextDeadline,
  step,
  stepAll,
  type TabHeartbeat,
} from "./engagement";
import type { PersistedTracking } from "./persisted-state";
import { createWriteQueue } from "./write-queue";

export type { PersistedTracking } from "./persisted-state";

/** The heartbeat written by the counted AI-tool page: its session, its tab and the time (epoch ms). */
export interface Heartbeat {
  epoch: string;
  tabId: number;
  at: number;
}

/**
 * Where tracking keeps what it measures; the tracking service knows nothing else of storage.
 * Implemented over the extension's database in `lib/db/tracking-store.ts`.
 */
export interface TrackingStore {
  /** The state saved last, validated; null when there is none or it fails its schema. */
  load(): Promise<PersistedTracking | null>;
  /** Records closed segments (visits and daily totals) and saves the state, in one transaction. */
  commit(state: PersistedTracking, segments: readonly Segment[], sessionGapMs: number): Promise<void>;
  /** Saves the state alone. */
  save(state: PersistedTracking): Promise<void>;
  /** Removes raw visits that started before `cutoff` (epoch ms); daily totals stay. */
  prune(cutoff: number): Promise<void>;
  /** Deletes every visit, daily total, tag and the device secret, and saves the state, in one transaction. */
  deleteAll(state: PersistedTracking): Promise<void>;
  /** Everything recorded, for the personal data download. */
  readAll(): Promise<{ days: DayRow[]; visits: VisitRow[]; tags: TagRow[] }>;
  /** Whether a failed write means the disk or the browser's quota is full. */
  isFull(error: unknown): boolean;
}

/** Browser events a worker received but may have died handling, as the next worker finds them. */
export interface LostEvents {
  /** Oldest first. */
  events: readonly EngagementEvent[];
  /** Drops them once the state that replayed them is saved. */
  forget(): Promise<void>;
}

/** The organization's policy as far as it is known. */
export interface PolicyReading {
  policy: Policy;
  /**
   * False until the browser has answered once on this device (the first seconds after
   * install): what is measured meanwhile is provisional.
   */
  known: boolean;
}

/** Everything the service touches, injected so the service stays testable. */
export interface TrackingDeps {
  store: TrackingStore;
  now(): number;
  /** The user's own settings, as stored. */
  loadUserSettings(): Promise<Settings>;
  saveUserSettings(settings: Settings): Promise<void>;
  /** The organization's managed policy, parsed field by field (empty without one). */
  loadPolicy(): Promise<PolicyReading>;
  /** Asks the browser for its policy now and keeps its answer (it may take seconds right after install). */
  fetchPolicy(): Promise<void>;
  readHeartbeat(): Promise<Heartbeat | null>;
  /** Events received before `before` (epoch ms) by a worker that may have died handling them. */
  lostEvents?(before: number): Promise<LostEvents>;
  /** The epoch of the running browser session, or null if this is its first worker start. */
  readSessionEpoch(): Promise<string | null>;
  writeSessionEpoch(epoch: string): Promise<void>;
  newEpoch(): string;
  snapshot(): Promise<BrowserSnapshot>;
  /** Arranges a `tick` at or after `at` (epoch ms); null cancels the one arranged before. */
  scheduleTick(at: number | null): void;
  /** Keeps the periodic alarm while a segment is open, and only then. */
  setAlarm(on: boolean): Promise<void>;
  /** Applies settings that live in the browser (e.g. the idle detection interval, custom tools' scripts). */
  applySettings(settings: Settings): Promise<void>;
  /** Told when the counted tab changes, so that its page beats and the one before stops. */
  countingChanged?(counted: number | null, before: number | null): void;
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

/** Events the browser sends, dated when the worker receives them. */
const BROWSER_EVENTS: ReadonlySet<EngagementEvent["type"]> = new Set([
  "tabActivated",
  "tabUpdated",
  "tabRemoved",
  "windowRemoved",
  "windowFocusChanged",
]);

/** Builds the tracking service: events in, durable segments out, one transaction at a time. */
export function createTrackingService(deps: TrackingDeps) {
  const queue = createWriteQueue(deps.onError);
  // Read before anything is awaited: events that woke this worker are dated from here on,
  // and start-up must not date them later because it had to read storage first.
  let startedAt: number | null = deps.now();
  /** When this worker began: events noted before it were received by a worker before it. */
  const workerBegan = startedAt;
  let tracking: PersistedTracking | null = null;
  let settings: Settings | null = null;
  let policyKnown = false;
  let writeError: string | null = null;
  let alarmOn: boolean | null = null;
  let countedTab: number | null = null;

  const config = (s: Settings): EngagementConfig => ({ tools: trackedTools(s), idleThresholdSec: s.idleThresholdSec });

  /**
   * Makes a transition current and durable; returns the segments it recorded (those that
   * waited included), none when the write failed. A failed write never holds the state back:
   * the transition still takes effect, the failure shows in the status, and the next
   * transition writes everything again.
   */
  async function persist(next: PersistedTracking, closed: Segment[], s: Settings): Promise<Segment[]> {
    // Until the organization's policy is known, what is closed waits beside the state; it
    // is written once the policy approves its tool, and dropped if it does not.
    const toWrite = policyKnown ? [...next.pending, ...closed] : next.pending;
    if (!policyKnown) next.provisional = [...next.provisional, ...closed];
    let failure: string | null = null;
    let recorded = true;
    try {
      await deps.store.commit({ ...next, pending: [] }, toWrite, s.sessionGapMin * 60_000);
      next.pending = [];
    } catch (error) {
      next.pending = toWrite;
      recorded = false;
      failure = userText(deps.store.isFull(error) ? "errorStorageFull" : "errorSaveFailed");
      deps.onError(error);
      try {
        await deps.store.save(next);
      } catch (saveError) {
        deps.onError(saveError);
      }
    }
    tracking = next;
    writeError = failure;
    deps.scheduleTick(nextDeadline(next.engagement));
    await followOpenSegment(next);
    return recorded ? toWrite : [];
  }

  /** The alarm exists only while a segment is open; the counted page beats, no other. */
  async function followOpenSegment(next: PersistedTracking): Promise<void> {
    const open = next.engagement.open;
    if (alarmOn !== (open !== null)) {
      alarmOn = open !== null;
      await deps.setAlarm(alarmOn).catch(deps.onError);
    }
    const counted = open?.tabId ?? null;
    if (counted !== countedTab) {
      deps.countingChanged?.(counted, countedTab);
      countedTab = counted;
    }
  }

  async function apply(events: EngagementEvent | readonly EngagementEvent[]): Promise<void> {
    // A start-up that failed (e.g. storage briefly unavailable) is tried again by the next
    // transition, so one bad moment does not stop tracking until the worker restarts.
    if (!tracking || !settings) await startup();
    if (!tracking || !settings) throw new Error("Tracking used before start()");
    const list = Array.isArray(events) ? events : [events as EngagementEvent];
    const { state, closed } = stepAll(tracking.engagement, list, config(settings));
    const recorded = await persist({ ...tracking, engagement: state }, closed, settings);
    for (const event of list) deps.observe?.(event, deps.now());
    // Segments that waited (for the policy, or for a full disk to clear) are asked about once
    // they are recorded, like any other.
    await reportLeft(recorded, engagedTool(state));
  }

  /** Only segments that were recorded have visits to ask about. */
  async function reportLeft(closed: readonly Segment[], engaged: string | null): Promise<void> {
    if (!deps.toolsLeft || closed.length === 0) return;
    const left = [...new Set(closed.map((segment) => segment.toolId))].filter((toolId) => toolId !== engaged);
    if (left.length > 0) await deps.toolsLeft(left).catch(deps.onError);
  }

  async function effectiveSettings(): Promise<Settings> {
    const [user, reading] = await Promise.all([deps.loadUserSettings(), deps.loadPolicy()]);
    policyKnown = reading.known;
    return applyPolicy(user, reading.policy);
  }

  /** Re-reads settings and policy and applies them, in the queue. */
  async function settingsChanged(): Promise<void> {
    const wasKnown = policyKnown;
    const next = await effectiveSettings();
    // A shorter retention takes effect at once, not at the next daily run.
    if (settings?.retentionDays !== next.retentionDays && tracking) tracking = { ...tracking, prunedAt: 0 };
    settings = next;
    await deps.applySettings(settings);
    if (!wasKnown && policyKnown && tracking) {
      // The policy has answered: a provisional segment of a tool it does not approve is
      // dropped with the open segment, if that tool is in front; the rest is recorded.
      const tools = new Set(trackedTools(next).map((tool) => tool.id));
      const open = tracking.engagement.open;
      const engagement = open && !tools.has(open.toolId) ? { ...tracking.engagement, open: null } : tracking.engagement;
      tracking = {
        ...tracking,
        engagement,
        pending: [...tracking.pending, ...tracking.provisional.filter((segment) => tools.has(segment.toolId))],
        provisional: [],
      };
    }
    await apply({ type: "sync", at: deps.now(), snapshot: await deps.snapshot() });
    await pruneIfDue(deps.now());
  }

  /**
   * Right after install, what was measured is provisional until the policy answers; what the
   * person saves waits for that answer rather than leave it out. Runs in the queue.
   */
  async function settleProvisional(): Promise<void> {
    if (policyKnown) return;
    await deps.fetchPolicy().catch(deps.onError);
    await settingsChanged();
  }

  async function startup(): Promise<void> {
    settings = await effectiveSettings();
    await deps.applySettings(settings);
    // A start-up tried again after a failure dates from its own try.
    const at = startedAt ?? deps.now();
    startedAt = null;
    const stored = await deps.store.load();
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
      provisional: [],
      prunedAt: 0,
    };
    const [snapshot, heartbeat] = await Promise.all([deps.snapshot(), deps.readHeartbeat()]);
    const open = previous.engagement.open;
    // Only a heartbeat of the session that left the segment open, from the tab it counted,
    // and not from the future, says when that segment was last seen.
    const beat =
      stored && open && heartbeat && heartbeat.epoch === stored.epoch && heartbeat.tabId === open.tabId
        ? { tabId: heartbeat.tabId, at: Math.min(heartbeat.at, deps.now()) }
        : null;
    const event: EngagementEvent = newSession
      ? // A new browser session (or the first run after install): what the browser shows may have
        // appeared after this worker began, as pages load, so it is opened as of the look, and
        // the page in front dates it back to when it appeared.
        { type: "startup", at: Math.max(at, deps.now()), lastSeen: beat?.at ?? null, snapshot }
      : // Only the worker restarted; it may have died in the middle of an event, which is then
        // gone. What the browser says now is compared with what was stored.
        { type: "reconcile", at, snapshot, heartbeat: beat };
    // Events the old worker received but did not finish come first, in their own time order.
    const lost = newSession
      ? null
      : await deps.lostEvents?.(workerBegan).catch((error: unknown) => {
          deps.onError(error);
          return null;
        });
    let engagement = previous.engagement;
    const closed: Segment[] = [];
    // A focus loss the old worker was waiting to settle when it died: the counted page beats
    // only while it is in front, so a beat after the loss had time to settle says the window
    // kept its focus (or got it back), as the browser would have answered the tick.
    const lossAt = engagement.focusLostAt;
    if (lossAt !== null && engagement.open && beat && beat.at > lossAt + FOCUS_FLICKER_MS) {
      const kept = step(
        engagement,
        { type: "tick", at: beat.at, focusedWindowId: engagement.open.windowId },
        config(settings),
      );
      engagement = kept.state;
      closed.push(...kept.closed);
    }
    for (const missed of lost?.events ?? []) {
      // Only a loss of focus is replayed: a gain shows in what the browser says now, and the
      // page dates it. One the old worker finished moved the state's clock past it.
      const counted = engagement.open?.windowId;
      const away = missed.type === "windowFocusChanged" && counted !== undefined && missed.windowId !== counted;
      if (!away || missed.at <= engagement.clock) continue;
      // A worker woken by the event dates it when it got it, late; the counted page's last
      // beat, written as it lost focus, says when it happened.
      const open = engagement.open;
      const from = beat && open && beat.at >= open.start && beat.at < missed.at ? beat.at : missed.at;
      const replayed = step(engagement, { ...missed, at: from }, config(settings));
      engagement = replayed.state;
      closed.push(...replayed.closed);
    }
    const { state, closed: reconciled } = step(engagement, event, config(settings));
    closed.push(...reconciled);
    countedTab = null; // a new worker tells the counted page again
    await persist({ ...previous, epoch, engagement: state }, closed, settings);
    await lost?.forget().catch(deps.onError);
    // Retention can wait for its next run; tracking must not wait for retention.
    await pruneIfDue(at).catch(deps.onError);
  }

  /** Browser events dated when a starting worker got them, which was late. */
  function markWoke(
    events: EngagementEvent | readonly EngagementEvent[] | null,
  ): EngagementEvent | readonly EngagementEvent[] | null {
    const mark = (event: EngagementEvent): EngagementEvent =>
      BROWSER_EVENTS.has(event.type) ? ({ ...event, woke: true } as EngagementEvent) : event;
    if (events === null) return null;
    return Array.isArray(events) ? events.map(mark) : mark(events as EngagementEvent);
  }

  async function pruneIfDue(at: number): Promise<void> {
    if (!tracking || !settings || at - tracking.prunedAt < PRUNE_INTERVAL_MS) return;
    await deps.store.prune(at - settings.retentionDays * PRUNE_INTERVAL_MS);
    tracking = { ...tracking, prunedAt: at };
    await deps.store.save(tracking);
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
    resolve: () => Promise<EngagementEvent | readonly EngagementEvent[] | null>;
    done: () => void;
    fail: (error: unknown) => void;
  }[] = [];
  const started = queue.run(startup);
  // Until start-up is done, a browser event is most likely the one that woke this worker.
  let starting = true;
  void started.then(
    () => {
      starting = false;
    },
    () => {
      starting = false;
    },
  );

  /** Reads the current heartbeat of this session, for a reconciliation. */
  async function currentBeat(): Promise<TabHeartbeat | null> {
    const heartbeat = await deps.readHeartbeat();
    if (!heartbeat || !tracking || heartbeat.epoch !== tracking.epoch) return null;
    return { tabId: heartbeat.tabId, at: Math.min(heartbeat.at, deps.now()) };
  }

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
     * browser's event although it happened first. A list (a page's queued reports) is applied
     * as one transition.
     */
    dispatch(at: number, resolve: () => Promise<EngagementEvent | readonly EngagementEvent[] | null>): Promise<void> {
      const woke = starting;
      return new Promise<void>((done, fail) => {
        waiting.push({ at, resolve: woke ? () => resolve().then(markWoke) : resolve, done, fail });
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
        const locked = new Set<string>(lockedSettings((await deps.loadPolicy()).policy));
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
    /**
     * Resolves once what was measured is no longer provisional (the policy has answered, or
     * could not be read now), with every transition before it durable: for the team report.
     */
    recorded(): Promise<void> {
      return queue.run(async () => {
        if (!tracking || !settings) await startup();
        await settleProvisional();
        await apply({ type: "checkpoint", at: deps.now() });
      });
    },
    /** The organization's policy changed (or arrived for the first time): it applies at once. */
    policyChanged(): Promise<void> {
      return queue.run(settingsChanged);
    },
    /**
     * Periodic alarm while a segment is open: compares the stored state with what the browser
     * says now (an event lost with a dying worker shows up here), keeps "last seen" fresh for
     * pages without a heartbeat, settles deadlines and runs retention when it is due.
     */
    alarm(at: number): Promise<void> {
      return queue.run(async () => {
        if (!tracking) await startup();
        await apply({ type: "reconcile", at, snapshot: await deps.snapshot(), heartbeat: await currentBeat() });
        await pruneIfDue(at);
      });
    },
    status: () => queue.run(async () => status()),
    /** Whether the tab's page is the one being counted now, for the page's heartbeat. */
    counting: (tabId: number): boolean => tracking?.engagement.open?.tabId === tabId,
    setPaused(paused: boolean, at: number): Promise<TrackingStatus> {
      return queue.run(async () => {
        await apply({ type: paused ? "paused" : "resumed", at });
        return status();
      });
    },
    /** Closes the open segment up to now (it reopens at once) and returns everything stored. */
    exportPersonalData(at: number): Promise<PersonalData> {
      return queue.run(async () => {
        await settleProvisional();
        await apply({ type: "checkpoint", at: Math.max(at, deps.now()) });
        const { days, visits, tags } = await deps.store.readAll();
        if (!settings) throw new Error("Tracking used before start()");
        // Everything stored locally, what still waits for the policy's first answer included:
        // it is the person's own data (a team report never holds it).
        const waiting = tracking?.provisional ?? [];
        const gap = settings.sessionGapMin * 60_000;
        return buildPersonalData({
          days: withUnrecordedTime(days, waiting, null, undefined, at, gap),
          visits: withUnrecordedVisits(visits, waiting, gap) as VisitRow[],
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
        if (!tracking) return;
        tracking = { ...tracking, pending: [], provisional: [] };
        await deps.store.deleteAll(tracking);
      });
    },
    /** The current browser-session epoch, for the heartbeat script. */
    epoch: () => queue.run(async () => tracking?.epoch ?? ""),
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
