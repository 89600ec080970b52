import type { Tool } from "../catalog/catalog";
import { matchTool } from "../catalog/match";
import { type Segment, splitAtLocalMidnight } from "./day-split";

/**
 * The engagement state machine: browser events in, closed segments out.
 *
 * It is pure. Time comes with each event, so the same events always give the same
 * segments, and the state is plain JSON so the service worker can persist it after
 * every transition and survive being stopped at any moment.
 */

/** `windows.WINDOW_ID_NONE`: no browser window has OS focus. */
export const WINDOW_ID_NONE = -1;

/** A focus loss followed by a gain within this many ms is a flicker, not a loss. */
export const FOCUS_FLICKER_MS = 300;

/** `chrome.idle` states. */
export type IdleState = "active" | "idle" | "locked";

/** What the machine keeps about the active tab of one window; never the URL. */
export interface ActiveTab {
  readonly tabId: number;
  /** The approved tool the tab shows, or null. */
  readonly toolId: string | null;
  /** The page reported itself hidden (e.g. its window was minimized). */
  readonly hidden?: boolean;
}

/** The segment being measured right now. */
export interface OpenSegment {
  readonly toolId: string;
  /** The tab being counted and its window: the only tab whose heartbeat may extend this segment. */
  readonly tabId: number;
  readonly windowId: number;
  /** Epoch ms when engagement began. */
  readonly start: number;
  /** Epoch ms of the latest event that saw it still engaged. */
  readonly lastSeen: number;
  /**
   * Opened by reconciliation after a worker restart: the moment engagement began was lost
   * with the dying worker, so `start` is the latest it can be, and the page's own report
   * may date it back (never before the state's `since`).
   */
  readonly estimated?: boolean;
}

/** Everything the machine remembers between events. JSON-safe. */
export interface EngagementState {
  /** Latest event time seen (epoch ms); event times never run backwards past it. */
  readonly clock: number;
  readonly focusedWindowId: number;
  /** When a WINDOW_ID_NONE arrived that may still turn out to be a flicker (epoch ms). */
  readonly focusLostAt: number | null;
  /** Active tab per window id. */
  readonly activeTabs: Readonly<Record<string, ActiveTab>>;
  readonly idle: IdleState;
  readonly paused: boolean;
  readonly open: OpenSegment | null;
  /**
   * Epoch ms: the earliest moment a page's late report may date a change to. Browser events
   * move it to their own time; a closed segment moves it to its end, so segments never overlap.
   */
  readonly since: number;
  /**
   * Per tab id, the page's own time of the latest report applied. A page sends each report
   * again until it is acknowledged, so one applied by a worker that died before answering
   * arrives twice; the repeat, and anything older, says nothing new and is ignored.
   */
  readonly reported?: Readonly<Record<string, number>>;
  /**
   * A page that reported itself in front (visible, with focus) when the browser, asked later,
   * showed another tab: it was in front from `from` until a moment the browser no longer
   * knows. Its next report says when, and only then is that time counted.
   */
  readonly vouched?: VouchedTab | null;
}

/**
 * A tab in front on its page's word alone, since `from` (epoch ms), and no later than `until`,
 * when the browser already showed another tab.
 */
export interface VouchedTab {
  readonly tabId: number;
  readonly toolId: string;
  readonly from: number;
  readonly until: number;
}

/** Tabs whose latest report is remembered; beyond this, the oldest is forgotten. */
export const REPORTED_TABS_MAX = 64;

/** What the machine needs to know from settings. */
export interface EngagementConfig {
  /** The tools being tracked (approved catalog entries and custom tools). */
  readonly tools: readonly Tool[];
  /** Seconds of no input before the browser reports idle; used for backdating. */
  readonly idleThresholdSec: number;
}

/** The browser as it is at one moment, read when the worker starts or settings change. */
export interface BrowserSnapshot {
  readonly focusedWindowId: number;
  readonly activeTabs: readonly { windowId: number; tabId: number; url?: string }[];
  readonly idle?: IdleState;
}

/**
 * A browser event received by a worker that was still starting, most likely the event that
 * woke it: it is dated when it arrived, but happened some time before, after the last event
 * the old worker handled. What it opens is estimated, and the page in front may date it back.
 */
interface MaybeWoke {
  readonly woke?: boolean;
}

/** Inputs, each stamped with its time in epoch ms. URLs are matched and then dropped. */
export type EngagementEvent =
  | ({ type: "tabActivated"; at: number; windowId: number; tabId: number; url?: string } & MaybeWoke)
  | ({ type: "tabUpdated"; at: number; windowId: number; tabId: number; active: boolean; url?: string } & MaybeWoke)
  | ({ type: "tabRemoved"; at: number; windowId: number; tabId: number } & MaybeWoke)
  | ({ type: "windowRemoved"; at: number; windowId: number } & MaybeWoke)
  | ({ type: "windowFocusChanged"; at: number; windowId: number } & MaybeWoke)
  /**
   * An AI-tool page changed: it became visible or hidden, or its window gained or lost focus
   * (reported by the heartbeat script, stamped with the page's own time). The page sends it
   * again until the worker acknowledges it, so it may arrive late, after a worker died while
   * handling it; `snapshot` is what the browser says when the report is handled.
   */
  | {
      type: "pageReport";
      at: number;
      windowId: number;
      tabId: number;
      visible: boolean;
      /**
       * Whether the page had focus. A page loses it to another window, but also to the
       * browser's own address bar, so a report without focus ends nothing by itself; it only
       * never dates engagement back to its own time.
       */
      focused?: boolean;
      snapshot?: BrowserSnapshot;
      /** The page's address, matched to its tool and dropped, like a tab event's. */
      url?: string;
    }
  | { type: "idleChanged"; at: number; state: IdleState }
  | { type: "paused"; at: number }
  | { type: "resumed"; at: number }
  /**
   * Time passing. `focusedWindowId` is what the browser says has focus right now, when the
   * caller looked; it confirms or cancels a pending focus loss.
   */
  | { type: "tick"; at: number; focusedWindowId?: number }
  /** Closes the open segment now and reopens it at once, so storage is current. */
  | { type: "checkpoint"; at: number }
  /** Drops the open segment unrecorded (the user deleted their data); it reopens now if still engaged. */
  | { type: "discard"; at: number }
  | { type: "sync"; at: number; snapshot: BrowserSnapshot }
  /**
   * A worker started inside a running browser, or the periodic alarm: what the browser says
   * now is compared with the stored state. An event lost with a dying worker shows up as a
   * difference; the segment it should have ended ends at the counted tab's last heartbeat.
   */
  | { type: "reconcile"; at: number; snapshot: BrowserSnapshot; heartbeat: TabHeartbeat | null }
  /**
   * The browser started (after a normal close or a crash). A worker that restarts within a
   * running browser sends nothing: the events that woke it follow, and none were missed.
   */
  | {
      type: "startup";
      at: number;
      /** Best knowledge of when the previous session was last engaged (epoch ms). */
      lastSeen: number | null;
      snapshot: BrowserSnapshot;
    };

/** The latest heartbeat of a counted tab in this browser session: the page was visible and in front at `at` (epoch ms). */
export interface TabHeartbeat {
  readonly tabId: number;
  readonly at: number;
}

/** The result of one transition. */
export interface Transition {
  readonly state: EngagementState;
  /** Segments closed by this event, already split at local midnight. */
  readonly closed: Segment[];
}

/**
 * The state before any event: nothing focused, nothing open. Nothing is known before the first
 * event and nothing is recorded, so `since` holds nothing back: a page's report (never older
 * than the worker allows, and only from a page the extension's script ran in, so after install)
 * may date the first segment back to when the page was in front, before the worker first ran.
 */
export function initialEngagementState(at: number): EngagementState {
  return {
    clock: at,
    focusedWindowId: WINDOW_ID_NONE,
    focusLostAt: null,
    activeTabs: {},
    idle: "active",
    paused: false,
    open: null,
    since: 0,
  };
}

/** The tool the user is engaged with under this state, or null. */
export function engagedTool(state: EngagementState): string | null {
  if (state.paused || state.idle !== "active" || state.focusedWindowId === WINDOW_ID_NONE) return null;
  const tab = state.activeTabs[String(state.focusedWindowId)];
  return tab && !tab.hidden ? tab.toolId : null;
}

/**
 * When the machine next needs a `tick` to settle a pending focus loss (epoch ms), or null.
 * The caller schedules a timer for it; a late tick is still exact, because the loss is
 * dated to when it was reported.
 */
export function nextDeadline(state: EngagementState): number | null {
  return state.focusLostAt === null ? null : state.focusLostAt + FOCUS_FLICKER_MS + 1;
}

/** Applies one event. */
export function step(prev: EngagementState, event: EngagementEvent, config: EngagementConfig): Transition {
  if (event.type === "pageReport" && isRepeat(prev, event)) return { state: prev, closed: [] };
  const at = Math.max(event.at, prev.clock);
  const closed: Segment[] = [];
  let state: Mutable = { ...prev, activeTabs: { ...prev.activeTabs }, clock: at };

  // A segment whose start was estimated, ended by a page's late report dated before it began,
  // never was: what it estimated passes to the segment that opens next, still open to dating.
  let stillEstimated = false;
  const close = (end: number) => {
    if (!state.open) return;
    const { toolId, start, estimated: wasEstimated } = state.open;
    const clampedEnd = Math.min(Math.max(end, start), at);
    if (clampedEnd > start) closed.push(...splitAtLocalMidnight({ toolId, start, end: clampedEnd }));
    state.open = null;
    if (wasEstimated && clampedEnd === start && end < start) stillEstimated = true;
    else state.since = Math.max(state.since, clampedEnd);
  };

  // A focus loss that no gain followed within the flicker window was real, and began when
  // it was reported, not when we noticed. It is settled by the tick scheduled for it, by
  // the next focus event, by the browser's own answer in a snapshot, or at startup: the tick
  // brings the browser's answer to "which window has focus now", because some window managers
  // make Chromium report a loss that never happened when it activates its own window.
  if (state.focusLostAt !== null && at - state.focusLostAt > FOCUS_FLICKER_MS) {
    const focusNow =
      event.type === "tick"
        ? event.focusedWindowId
        : event.type === "sync" || event.type === "reconcile"
          ? event.snapshot.focusedWindowId
          : event.type === "pageReport" && event.snapshot
            ? event.snapshot.focusedWindowId
            : event.type === "windowFocusChanged" || event.type === "startup"
              ? WINDOW_ID_NONE
              : null;
    if (focusNow !== null && focusNow !== undefined && focusNow !== WINDOW_ID_NONE) {
      state.focusedWindowId = focusNow;
      state.focusLostAt = null;
    } else if (focusNow !== null) {
      close(state.focusLostAt);
      state.focusedWindowId = WINDOW_ID_NONE;
      state.focusLostAt = null;
    }
  }

  const toolOf = (url: string | undefined) => matchTool(url, config.tools)?.id ?? null;
  // A page in front on its own word, while the browser already shows another tab: counted
  // from its report to its next one, once that one comes; never past what was counted since.
  const vouch = (report: Extract<EngagementEvent, { type: "pageReport" }>) => {
    const held = state.vouched;
    if (held && held.tabId === report.tabId) {
      if (report.visible && report.focused === true) return;
      const start = Math.max(held.from, state.since);
      const end = Math.min(report.at, held.until, at);
      if (end > start) closed.push(...splitAtLocalMidnight({ toolId: held.toolId, start, end }));
      state.since = Math.max(state.since, end);
      state.vouched = null;
      return;
    }
    const toolId = toolOf(report.url);
    if (report.visible && report.focused === true && report.at >= prev.since && toolId !== null) {
      state.vouched = { tabId: report.tabId, toolId, from: report.at, until: at };
    }
  };
  const wasIdle = state.idle !== "active";
  // When this event's change took effect. Browser events are dated when they fired; a page
  // dates its own report, which may arrive after later events (it is sent again when a worker
  // died handling it), so its change is dated back to its own time, but never before `since`.
  let when = at;
  let estimated = "woke" in event && event.woke === true;

  switch (event.type) {
    case "windowFocusChanged":
      if (event.windowId !== WINDOW_ID_NONE) {
        state.focusedWindowId = event.windowId;
        state.focusLostAt = null;
      } else if (state.focusedWindowId !== WINDOW_ID_NONE && state.focusLostAt === null) {
        state.focusLostAt = at;
      }
      break;
    case "tabActivated":
      state.activeTabs[String(event.windowId)] = { tabId: event.tabId, toolId: toolOf(event.url) };
      break;
    case "tabUpdated": {
      const key = String(event.windowId);
      const current = state.activeTabs[key];
      // A navigation shows a new document; it reports for itself if it starts hidden.
      if (event.active || current?.tabId === event.tabId) {
        state.activeTabs[key] = { tabId: event.tabId, toolId: toolOf(event.url) };
      }
      break;
    }
    case "pageReport": {
      state.reported = remember(state.reported, event.tabId, event.at);
      when = Math.min(at, Math.max(event.at, state.since));
      if (event.snapshot) state = applySnapshot(state, event.snapshot, toolOf);
      const key = String(event.windowId);
      const current = state.activeTabs[key];
      if (current?.tabId === event.tabId) {
        state.activeTabs[key] = event.visible
          ? { tabId: current.tabId, toolId: current.toolId }
          : { ...current, hidden: true };
        // Only the active tab of a focused window has focus, so a page that says it had focus
        // is engaged from then on, whatever a later look at the browser shows: its next report
        // says when that ended, and it always follows. No browser event since may contradict it.
        if (event.visible && event.focused === true && event.at >= prev.since) {
          state.focusedWindowId = event.windowId;
          state.focusLostAt = null;
        }
      } else {
        vouch(event);
      }
      break;
    }
    case "tabRemoved": {
      const key = String(event.windowId);
      if (state.activeTabs[key]?.tabId === event.tabId) delete state.activeTabs[key];
      if (state.vouched?.tabId === event.tabId) state.vouched = null;
      if (state.reported?.[String(event.tabId)] !== undefined) {
        const { [String(event.tabId)]: _gone, ...rest } = state.reported;
        state.reported = rest;
      }
      break;
    }
    case "windowRemoved":
      delete state.activeTabs[String(event.windowId)];
      break;
    case "idleChanged":
      // Chrome reports "idle" only after the threshold without input, so that stretch was
      // already idle. "locked" is reported as it happens and needs no backdating.
      if (event.state === "idle" && state.idle === "active") close(at - config.idleThresholdSec * 1000);
      state.idle = event.state;
      break;
    case "paused":
      state.paused = true;
      break;
    case "resumed":
      state.paused = false;
      break;
    case "tick":
      break;
    case "checkpoint":
      close(at);
      break;
    case "discard":
      state.open = null;
      break;
    case "startup":
      if (state.open) {
        // The browser closed or crashed with a segment open: it ended when last seen.
        close(Math.max(state.open.lastSeen, event.lastSeen ?? state.open.lastSeen));
      }
      state = applySnapshot(state, event.snapshot, toolOf);
      // Tab ids start over with a browser session.
      state.reported = {};
      state.vouched = null;
      // What the browser shows now began before the worker got to look: the page in front
      // dates it, as after a reconcile.
      estimated = true;
      break;
    case "sync":
      state = applySnapshot(state, event.snapshot, toolOf);
      break;
    case "reconcile": {
      const before = state.open;
      state = applySnapshot(state, event.snapshot, toolOf);
      if (before) {
        const front = frontTab(state);
        if (engagedTool(state) !== before.toolId || front?.tabId !== before.tabId) {
          // What ended the segment was lost with a dying worker. The counted page beats while
          // it is visible and in front, so its last beat says when that was; without one,
          // the last event the old worker saw is all we know.
          // A beat from before the segment began is from an earlier time in front: the page had
          // no answer yet that it is counted again (the worker that opened it died first).
          const heartbeat = event.heartbeat;
          const beat = heartbeat?.tabId === before.tabId && heartbeat.at >= before.start ? heartbeat.at : null;
          // An idle report lost too: the page beat on, but the user was gone a threshold earlier.
          const idleFrom = !wasIdle && state.idle === "idle" ? at - config.idleThresholdSec * 1000 : Infinity;
          close(Math.min(beat ?? before.lastSeen, idleFrom));
        }
      }
      // A page's late report may date what is engaged now back to where knowledge ended: the
      // end of the segment just closed, or the last event the old worker handled.
      // One that finds nothing engaged knows nothing a page could contradict (the browser does
      // not say whether a page is hidden), so a page that turned visible meanwhile still dates it.
      // A segment still estimated from an earlier reconciliation learned nothing since it opened:
      // the page may still date it back as far as it could then.
      if ((!before || (state.open && !before.estimated)) && engagedTool(state) !== null) {
        state.since = Math.max(state.since, prev.clock);
      }
      estimated = true;
      break;
    }
  }

  // Idle that the browser's own answer shows, but whose event was lost: the same backdating.
  if (!wasIdle && state.idle === "idle" && event.type !== "idleChanged") {
    close(when - config.idleThresholdSec * 1000);
  }

  const target = engagedTool(state);
  const front = frontTab(state);
  if (state.open && state.open.toolId !== target) close(when);
  if (target && front && !state.open) {
    const start = Math.max(when, state.since);
    state.open = {
      toolId: target,
      tabId: front.tabId,
      windowId: state.focusedWindowId,
      start,
      lastSeen: at,
      ...(estimated || stillEstimated ? { estimated: true } : {}),
    };
  } else if (state.open && front) {
    const { estimated: wasEstimated, ...open } = state.open;
    const datedBack =
      wasEstimated &&
      event.type === "pageReport" &&
      event.visible &&
      event.focused !== false &&
      event.tabId === open.tabId &&
      when < open.start;
    state.open = {
      ...open,
      tabId: front.tabId,
      windowId: state.focusedWindowId,
      start: datedBack ? when : open.start,
      lastSeen: at,
      ...(wasEstimated && !datedBack && front.tabId === open.tabId ? { estimated: true } : {}),
    };
  }
  // Counting something now: a page's word for a time before it could overlap it.
  if (state.open && state.vouched) state.vouched = null;
  // Browser events are facts from their own time on; a late page report cannot undo them. One
  // that changed nothing engagement depends on has nothing to undo: the events that wake a new
  // worker are dated when it got them, late, and must not stop the page from dating its change.
  const changedEngagement =
    engagedTool(prev) !== target || frontTab(prev)?.tabId !== front?.tabId || (prev.open === null) !== !state.open;
  state.since = Math.max(
    state.since,
    event.type === "pageReport"
      ? when
      : event.type === "reconcile" || event.type === "startup" || estimated || !changedEngagement
        ? state.since
        : at,
  );
  return { state, closed };
}

/**
 * Applies events in order as one transition: a page's queued reports arrive together. A report
 * dated no later than the floor takes effect at the floor, and so does the next one if it is
 * too: the first then lasted no time at all, and is passed over. Applied one by one, it could
 * leave a state the page had already left (a focus its next report takes back, but only from
 * the floor on), and count the time between.
 */
export function stepAll(
  prev: EngagementState,
  events: readonly EngagementEvent[],
  config: EngagementConfig,
): Transition {
  let state = prev;
  const closed: Segment[] = [];
  events.forEach((event, index) => {
    const next = events[index + 1];
    const overtaken =
      event.type === "pageReport" &&
      next?.type === "pageReport" &&
      next.tabId === event.tabId &&
      Math.max(event.at, next.at) <= state.since;
    if (overtaken) return;
    const result = step(state, event, config);
    state = result.state;
    closed.push(...result.closed);
  });
  return { state, closed };
}

/** Whether a page's report is one already applied, or older than one: sent again, or overtaken. */
function isRepeat(state: EngagementState, event: { tabId: number; at: number }): boolean {
  const latest = state.reported?.[String(event.tabId)];
  return latest !== undefined && event.at <= latest;
}

/** The latest reports with this one, keeping the newest REPORTED_TABS_MAX tabs. */
function remember(
  reported: Readonly<Record<string, number>> | undefined,
  tabId: number,
  at: number,
): Record<string, number> {
  const next: Record<string, number> = { ...reported, [String(tabId)]: at };
  const keys = Object.keys(next);
  if (keys.length <= REPORTED_TABS_MAX) return next;
  const oldest = keys.reduce((a, b) => ((next[a] as number) <= (next[b] as number) ? a : b));
  delete next[oldest];
  return next;
}

/** The active tab of the focused window, if known. */
function frontTab(state: EngagementState): ActiveTab | undefined {
  return state.focusedWindowId === WINDOW_ID_NONE ? undefined : state.activeTabs[String(state.focusedWindowId)];
}

type Mutable = {
  -readonly [K in keyof EngagementState]: K extends "activeTabs" ? Record<string, ActiveTab> : EngagementState[K];
};

function applySnapshot(
  state: Mutable,
  snapshot: BrowserSnapshot,
  toolOf: (url: string | undefined) => string | null,
): Mutable {
  const activeTabs: Record<string, ActiveTab> = {};
  for (const tab of snapshot.activeTabs) {
    const key = String(tab.windowId);
    const toolId = toolOf(tab.url);
    // The browser does not say whether a page is hidden; what the page itself reported stays.
    const known = state.activeTabs[key];
    const hidden = known?.tabId === tab.tabId && known.toolId === toolId && known.hidden;
    activeTabs[key] = hidden ? { tabId: tab.tabId, toolId, hidden: true } : { tabId: tab.tabId, toolId };
  }
  return {
    ...state,
    activeTabs,
    focusedWindowId: snapshot.focusedWindowId,
    focusLostAt: null,
    idle: snapshot.idle ?? state.idle,
  };
}
