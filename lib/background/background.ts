import type { MeterDatabase } from "../db/database";
import { readPromptDay, readUserSettings, trackingSince, writePromptDay, writeUserSettings } from "../db/kept-values";
import { createTrackingStore } from "../db/tracking-store";
import type { MessageHandlers } from "../messages/protocol";
import { toolName } from "../settings/tool-name";
import { type FiguresKeeper, NO_FIGURES_KEEPER, trackingForFigures } from "../stats/kept-figures";
import type { TaskCategory } from "../tagging/categories";
import { createTaggingService, type TaggingService } from "../tagging/service";
import type { Segment } from "../tracking/day-split";
import type { EngagementEvent, IdleState } from "../tracking/engagement";
import { createReportLimiter, type PageChange, reportTime } from "../tracking/heartbeat";
import type { PersistedTracking } from "../tracking/persisted-state";
import { createTrackingService, type TrackingService, type TrackingStore } from "../tracking/service";
import { tabUpdatedEvent } from "../tracking/tab-updated";
import { backgroundMessageHandlers } from "./message-handlers";
import { BADGE_COLOR, badgeText, notificationId, pendingNotification, visitIdOfNotification } from "./notifications";
import type { BackgroundDeps } from "./ports";

/** How long a download or a team report waits for the browser's first policy answer (ms). */
const POLICY_WAIT_MS = 3000;

/** What the background is made of, for its message handlers and the test hooks. */
export interface Background {
  db: MeterDatabase;
  /** Every write that can change one of the popup's figures goes through it. */
  figures: FiguresKeeper;
  tracking: TrackingService;
  tagging: TaggingService;
  /** Every message handler, one implementation per message of the protocol. */
  handlers: MessageHandlers;
  onIdleState: (state: IdleState) => void;
  onNotificationClicked: (id: string) => void;
  /** Resolves once this worker has asked the browser for its policy (and applied a change it found). */
  policyChecked: Promise<void>;
  /** Applies a page's reports, dated by the page, and says whether that tab is counted now. */
  reportPage(
    reports: readonly PageChange[],
    tabId: number,
    windowId: number,
    url?: string,
  ): Promise<{ counting: boolean; epoch: string; tabId: number }>;
}

/**
 * The composition root: builds the tracking and tagging services from the adapters, answers
 * the browser's events and groups the message handlers. Must be called synchronously at the
 * top of the background's main: MV3 only delivers the event that woke the worker to listeners
 * registered in the first turn.
 */
export function createBackground(deps: BackgroundDeps): Background {
  const { db, now, idle, browserPort: port, policy, storage } = deps;
  const figures = deps.figures ?? NO_FIGURES_KEEPER;
  let idleThresholdSec = 120;
  let tickTimer: ReturnType<typeof setTimeout> | undefined;
  const reportError = (error: unknown) => console.error("[tracking]", error);
  /**
   * For calls nobody awaits. The tracking service reports its own failures to `onError`;
   * this only keeps them from surfacing a second time as unhandled rejections.
   */
  const settle = (promise: Promise<unknown>) => void promise.catch(() => {});
  // What earlier versions kept in extension storage moves into the database before anything
  // reads it there; a failure leaves it for the next start.
  const moved = figures.changing(() => storage.moveOutOfExtensionStorage()).catch(reportError);
  const snapshot = async () => port.snapshot(await idle.query(idleThresholdSec));

  const tagging = createTaggingService({
    db,
    now,
    async rules() {
      // Asked inside a transition: the settings the tracking service applied are current.
      const settings = tracking.appliedSettings() ?? (await policy.effectiveSettings()).settings;
      return {
        enabled: settings.promptEnabled,
        minMinutes: settings.promptMinMinutes,
        dailyLimit: settings.promptDailyLimit,
        notifications: settings.promptNotifications,
      };
    },
    categories: async () => taskCategories(deps),
    loadPromptDay: () => readPromptDay(db),
    savePromptDay: (day) => writePromptDay(db, day),
    setBadge: (count) => port.setBadge(badgeText(count), BADGE_COLOR),
    async notify(visit) {
      const name = toolName(visit.toolId, (await policy.effectiveSettings()).settings);
      await port.showNotification(notificationId(visit.visitId), pendingNotification(visit, name, port.message));
    },
  });

  const tracking = createTrackingService({
    store: keepingFigures(createTrackingStore(db), figures),
    now,
    async loadUserSettings() {
      await moved;
      return readUserSettings(db);
    },
    saveUserSettings: (settings) => figures.changing(() => writeUserSettings(db, settings)),
    async loadPolicy() {
      await moved;
      const { policy: read, known } = await policy.read();
      return { policy: read, known };
    },
    async fetchPolicy() {
      // What the person saves waits for the browser's first answer, but not for ever: a read
      // that hangs leaves the provisional time out rather than the download undone.
      await Promise.race([policy.refresh(), new Promise((resolve) => setTimeout(resolve, POLICY_WAIT_MS))]);
    },
    readHeartbeat: () => storage.readHeartbeat(),
    lostEvents: (before) => storage.takeInFlight(before),
    readSessionEpoch: () => storage.readSessionEpoch(),
    writeSessionEpoch: (epoch) => storage.writeSessionEpoch(epoch),
    newEpoch: deps.newEpoch,
    snapshot,
    scheduleTick(at) {
      clearTimeout(tickTimer);
      tickTimer = undefined;
      if (at === null) return;
      tickTimer = setTimeout(
        () => {
          const tickAt = now();
          // Ask the browser which window has focus: it settles a pending focus loss.
          settle(
            tracking.dispatch(tickAt, async () => ({
              type: "tick",
              at: tickAt,
              focusedWindowId: await port.focusedWindow(),
            })),
          );
        },
        Math.max(0, at - now()),
      );
    },
    setAlarm: (on) => port.setTickAlarm(on),
    async applySettings(settings) {
      idleThresholdSec = settings.idleThresholdSec;
      port.setIdleInterval(settings.idleThresholdSec);
      await port.registerCustomHeartbeats(settings.customTools).catch(reportError);
    },
    countingChanged(counted, before) {
      // Only the counted page beats; tell the one that stops, then the one that starts.
      for (const [tabId, counting] of [
        [before, false],
        [counted, true],
      ] as const) {
        if (tabId === null || tabId < 0) continue;
        void port.tellTab(tabId, counting);
      }
    },
    onError: reportError,
    toolsLeft: (toolIds) => tagging.visitsLeft(toolIds),
    observe: deps.observe,
  });

  // Each listener reads the clock first: the event's time is when it fired, not when the
  // serial queue gets to it.
  const on = (at: number, make: () => Promise<EngagementEvent | null>) => settle(tracking.dispatch(at, make));
  const reports = createReportLimiter();

  const onNotificationClicked = (id: string) => {
    const visitId = visitIdOfNotification(id);
    if (visitId === null) return;
    port.clearNotification(id).catch(reportError);
    port.openTagWindow(visitId).catch(reportError);
  };

  port.listen({
    tabActivated(tabId, windowId) {
      const at = now();
      on(at, async () => ({ type: "tabActivated", at, windowId, tabId, url: await port.tabUrl(tabId) }));
    },
    tabUpdated(tabId, change, tab) {
      const at = now();
      const event = tabUpdatedEvent(at, tabId, change, tab);
      if (event) on(at, async () => event);
    },
    tabRemoved(tabId, windowId) {
      const at = now();
      reports.forget(tabId);
      on(at, async () => ({ type: "tabRemoved", at, windowId, tabId }));
    },
    windowRemoved(windowId) {
      const at = now();
      on(at, async () => ({ type: "windowRemoved", at, windowId }));
    },
    windowFocusChanged(windowId) {
      const at = now();
      // Nothing on the page tells a window switch from a click into the address bar, so this
      // event is noted before it is handled: a worker that dies handling it leaves the note.
      const handled = storage.noteInFlight({ type: "windowFocusChanged", at, windowId });
      settle(tracking.dispatch(at, async () => ({ type: "windowFocusChanged", at, windowId })).finally(handled));
    },
    tickAlarm: () => settle(tracking.alarm(now())),
    // A host granted or withdrawn changes where custom tools' heartbeat runs.
    hostsChanged() {
      const settings = tracking.appliedSettings();
      if (settings) port.registerCustomHeartbeats(settings.customTools).catch(reportError);
    },
    notificationClicked: onNotificationClicked,
  });

  const onIdleState = (state: IdleState) => {
    const at = now();
    on(at, async () => ({ type: "idleChanged", at, state }));
  };
  idle.listen(onIdleState);

  const applyPolicyChange = () =>
    settle(
      tracking
        .policyChanged()
        .then(() => tracking.serialized(() => tagging.refreshBadge()))
        .then(() => policy.announceApplied(now())),
    );
  policy.watch(applyPolicyChange, reportError);
  // Start-up used the last copy of the policy (or none yet, provisionally, right after
  // install); check the browser's own once it is running. A failed start-up does not stop
  // the check: a changed policy is the next event, which tries start-up again.
  const policyChecked = tracking
    .ready()
    .catch(() => {})
    .then(() => trackingSince(db, now()))
    .then(() => policy.refresh())
    .then((changed) => {
      if (changed) applyPolicyChange();
    })
    .catch(reportError);

  const reportPage: Background["reportPage"] = async (changes, tabId, windowId, url) => {
    const at0 = now();
    // An honest page reports only real changes; a flood is answered, not applied.
    const allowed = changes.filter(() => reports.allow(tabId, at0));
    const first = allowed[0];
    if (first) {
      await tracking.dispatch(reportTime(first.at, at0), async () => {
        const seen = await snapshot();
        // Changes older than a report may be are all dated at that limit; the last of them is
        // the page's state there.
        const dated = allowed.map((change) => ({ ...change, at: reportTime(change.at, at0) }));
        const kept = dated.filter((change, index) => dated[index + 1]?.at !== change.at);
        return kept.map(({ visible, focused, at }) => ({
          type: "pageReport" as const,
          at,
          windowId,
          tabId,
          visible,
          focused,
          snapshot: seen,
          ...(url === undefined ? {} : { url }),
        }));
      });
    }
    return { counting: tracking.counting(tabId), epoch: await tracking.epoch(), tabId };
  };

  const handlers = backgroundMessageHandlers({
    db,
    tracking,
    tagging,
    now,
    version: port.version,
    policy,
    storage,
    reportPage,
  });
  return { db, figures, tracking, tagging, handlers, onIdleState, onNotificationClicked, reportPage, policyChecked };
}

/** The task list in force: the policy's, where it sets one, else the default list. */
async function taskCategories({ policy }: BackgroundDeps): Promise<readonly TaskCategory[]> {
  return (await policy.values()).taskCategories;
}

/**
 * The tracking store with every write that can change one of the popup's figures (segments,
 * the segment being measured, segments waiting, retention, "Delete all") through `figures`.
 * A state saved with no segment and nothing a figure uses changed (a tab that is no AI tool, a
 * focus change while nothing is measured) leaves the popup's copy as it is.
 */
function keepingFigures(store: TrackingStore, figures: FiguresKeeper): TrackingStore {
  /** What of the state last written the figures use; null when unknown. */
  let written: string | null = null;
  const write = async (state: PersistedTracking, segments: readonly Segment[], run: () => Promise<void>) => {
    const next = JSON.stringify(trackingForFigures(state));
    const keep = segments.length === 0 && next === written ? figures.unchanged : figures.changing;
    written = null;
    await keep(run);
    written = next;
  };
  return {
    ...store,
    commit: (state, segments, sessionGapMs) =>
      write(state, segments, () => store.commit(state, segments, sessionGapMs)),
    save: (state) => write(state, [], () => store.save(state)),
    prune: (cutoff) => figures.changing(() => store.prune(cutoff)),
    deleteAll: (state) =>
      figures
        .changing(() => store.deleteAll(state))
        .then(() => {
          written = null;
        }),
  };
}
