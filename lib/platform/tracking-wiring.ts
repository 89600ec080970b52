import { browser } from "wxt/browser";
import { protectedSharingHandlers } from "./protected-sharing-handlers";
import { MeterDatabase } from "../db/database";
import { readPromptDay, readUserSettings, trackingSince, writePromptDay, writeUserSettings } from "../db/kept-values";
import { createTrackingStore } from "../db/tracking-store";
import type { MessageHandlers } from "../messages/protocol";
import { lockedFields, type Policy, policyValues } from "../policy/policy";
import { reviseExport } from "../db/exported-weeks";
import { buildTeamReport } from "../report/builder";
import { TeamReportError } from "../report/team-report-error";
import type { Settings } from "../settings/settings";
import { trackedTools } from "../settings/tracked-tools";
import type { TaskCategory } from "../tagging/categories";
import { createTaggingService, type PendingVisit, type TaggingService } from "../tagging/service";
import type { EngagementEvent, IdleState } from "../tracking/engagement";
import { COUNTING_MESSAGE, createReportLimiter, reportTime } from "../tracking/heartbeat";
import { createTrackingService, type TrackingService } from "../tracking/service";
import { readBrowserSnapshot, readFocusedWindow, readTabUrl } from "./browser-state";
import { registerCustomHeartbeats } from "./custom-heartbeats";
import { t } from "./i18n";
import {
  announcePolicyApplied,
  loadEffectiveSettings,
  loadPolicyValues,
  readManagedPolicy,
  refreshManagedPolicy,
  watchManagedPolicy,
} from "./policy-source";
import {
  deviceSecret,
  moveOutOfExtensionStorage,
  readHeartbeat,
  sessionEpochItem,
  trackedToolName,
} from "./storage-items";

/**
 * Name of the alarm that exists only while a segment is open: it compares the stored state
 * with the browser's and keeps "last seen" fresh where a page has no heartbeat.
 */
const TICK_ALARM = "tick";

/** How long a download or a team report waits for the browser's first policy answer (ms). */
const POLICY_WAIT_MS = 3000;

/** The alarm's period: the shortest the browser allows. */
const TICK_PERIOD_MIN = 0.5;

/** Where idle states come from: the browser, or (in the test build only) a test hook. */
export interface IdleSource {
  /** Current state, read at startup and when settings change. */
  query(thresholdSec: number): Promise<IdleState>;
  /** Subscribes the one idle handler. */
  listen(handler: (state: IdleState) => void): void;
}

/** The browser's own idle detection. */
export const browserIdleSource: IdleSource = {
  query: (thresholdSec) => browser.idle.queryState(thresholdSec) as Promise<IdleState>,
  listen: (handler) => browser.idle.onStateChanged.addListener((state) => handler(state as IdleState)),
};

/**
 * Builds the tracking service on the real browser and registers every listener it needs.
 * Must be called synchronously at the top of the background's main: MV3 only delivers the
 * event that woke the worker to listeners registered in the first turn.
 */
export function startTracking(
  idleSource: IdleSource,
  observe?: (event: EngagementEvent, durableAt: number) => void,
): Background {
  let idleThresholdSec = 120;
  let tickTimer: ReturnType<typeof setTimeout> | undefined;
  const db = new MeterDatabase();
  const reportError = (error: unknown) => console.error("[tracking]", error);
  /**
   * For calls nobody awaits. The tracking service reports its own failures to `onError`;
   * this only keeps them from surfacing a second time as unhandled rejections.
   */
  const settle = (promise: Promise<unknown>) => void promise.catch(() => {});
  // What earlier versions kept in extension storage moves into the database before anything
  // reads it there; a failure leaves it for the next start.
  const moved = moveOutOfExtensionStorage(db).catch(reportError);
  const snapshot = async () => readBrowserSnapshot(await idleSource.query(idleThresholdSec));

  const tagging = createTaggingService({
    db,
    now: () => Date.now(),
    async rules() {
      // Asked inside a transition: the settings the tracking service applied are current.
      const settings = tracking.appliedSettings() ?? (await loadEffectiveSettings(db)).settings;
      return {
        enabled: settings.promptEnabled,
        minMinutes: settings.promptMinMinutes,
        dailyLimit: settings.promptDailyLimit,
        notifications: settings.promptNotifications,
      };
    },
    categories: async () => taskCategories(db),
    loadPromptDay: () => readPromptDay(db),
    savePromptDay: (day) => writePromptDay(db, day),
    setBadge: showPendingCount,
    notify: (visit) => notifyPending(db, visit),
  });

  const tracking = createTrackingService({
    store: createTrackingStore(db),
    now: () => Date.now(),
    async loadUserSettings() {
      await moved;
      return readUserSettings(db);
    },
    saveUserSettings: (settings) => writeUserSettings(db, settings),
    async loadPolicy() {
      await moved;
      const { policy, known } = await readManagedPolicy(db);
      return { policy, known };
    },
    async fetchPolicy() {
      // What the person saves waits for the browser's first answer, but not for ever: a read
      // that hangs leaves the provisional time out rather than the download undone.
      await Promise.race([refreshManagedPolicy(db), new Promise((resolve) => setTimeout(resolve, POLICY_WAIT_MS))]);
    },
    readHeartbeat,
    readSessionEpoch: () => sessionEpochItem.getValue(),
    writeSessionEpoch: (epoch) => sessionEpochItem.setValue(epoch),
    newEpoch: () => crypto.randomUUID(),
    snapshot,
    scheduleTick(at) {
      clearTimeout(tickTimer);
      tickTimer = undefined;
      if (at === null) return;
      tickTimer = setTimeout(
        () => {
          const now = Date.now();
          // Ask the browser which window has focus: it settles a pending focus loss.
          settle(
            tracking.dispatch(now, async () => ({
              type: "tick",
              at: now,
              focusedWindowId: await readFocusedWindow(),
            })),
          );
        },
        Math.max(0, at - Date.now()),
      );
    },
    async setAlarm(on) {
      if (!on) {
        await browser.alarms.clear(TICK_ALARM);
        return;
      }
      // Creating it again would restart its period at every worker start.
      const existing = await browser.alarms.get(TICK_ALARM);
      if (existing?.periodInMinutes !== TICK_PERIOD_MIN) {
        await browser.alarms.create(TICK_ALARM, { periodInMinutes: TICK_PERIOD_MIN });
      }
    },
    async applySettings(settings: Settings) {
      idleThresholdSec = settings.idleThresholdSec;
      browser.idle.setDetectionInterval(settings.idleThresholdSec);
      await registerCustomHeartbeats(settings.customTools).catch(reportError);
    },
    countingChanged(counted, before) {
      // Only the counted page beats; tell the one that stops, then the one that starts.
      for (const [tabId, counting] of [
        [before, false],
        [counted, true],
      ] as const) {
        if (tabId === null || tabId < 0) continue;
        browser.tabs.sendMessage(tabId, { name: COUNTING_MESSAGE, counting }).catch(() => {
          // The tab has no heartbeat script (a custom tool without access, a page opened
          // before install): it has nothing to be told.
        });
      }
    },
    onError: reportError,
    toolsLeft: (toolIds) => tagging.visitsLeft(toolIds),
    observe,
  });

  // Each listener reads the clock first: the event's time is when it fired, not when the
  // serial queue gets to it.
  const on = (at: number, make: () => Promise<EngagementEvent | null>) => settle(tracking.dispatch(at, make));
  const reports = createReportLimiter();

  browser.tabs.onActivated.addListener(({ tabId, windowId }) => {
    const at = Date.now();
    on(at, async () => ({ type: "tabActivated", at, windowId, tabId, url: await readTabUrl(tabId) }));
  });
  browser.tabs.onUpdated.addListener((tabId, change, tab) => {
    const at = Date.now();
    const event = tabUpdatedEvent(at, tabId, change, tab);
    if (event) on(at, async () => event);
  });
  browser.tabs.onRemoved.addListener((tabId, { windowId }) => {
    const at = Date.now();
    reports.forget(tabId);
    on(at, async () => ({ type: "tabRemoved", at, windowId, tabId }));
  });
  browser.windows.onRemoved.addListener((windowId) => {
    const at = Date.now();
    on(at, async () => ({ type: "windowRemoved", at, windowId }));
  });
  browser.windows.onFocusChanged.addListener((windowId) => {
    const at = Date.now();
    on(at, async () => ({ type: "windowFocusChanged", at, windowId }));
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === TICK_ALARM) settle(tracking.alarm(Date.now()));
  });
  // A host granted or withdrawn changes where custom tools' heartbeat runs.
  const hostsChanged = () => {
    const settings = tracking.appliedSettings();
    if (settings) registerCustomHeartbeats(settings.customTools).catch(reportError);
  };
  browser.permissions.onAdded.addListener(hostsChanged);
  browser.permissions.onRemoved.addListener(hostsChanged);

  const onIdleState = (state: IdleState) => {
    const at = Date.now();
    on(at, async () => ({ type: "idleChanged", at, state }));
  };
  idleSource.listen(onIdleState);

  const onNotificationClicked = (id: string) => {
    const visitId = visitIdOfNotification(id);
    if (visitId === null) return;
    browser.notifications.clear(id).catch(reportError);
    openTagWindow(visitId).catch(reportError);
  };
  browser.notifications.onClicked.addListener(onNotificationClicked);
  const applyPolicyChange = () =>
    settle(
      tracking
        .policyChanged()
        .then(() => tracking.serialized(() => tagging.refreshBadge()))
        .then(() => announcePolicyApplied(Date.now())),
    );
  watchManagedPolicy(db, applyPolicyChange, reportError);
  // Start-up used the last copy of the policy (or none yet, provisionally, right after
  // install); check the browser's own once it is running. A failed start-up does not stop
  // the check: a changed policy is the next event, which tries start-up again.
  const policyChecked = tracking
    .ready()
    .catch(() => {})
    .then(() => trackingSince(db, Date.now()))
    .then(() => refreshManagedPolicy(db))
    .then((changed) => {
      if (changed) applyPolicyChange();
    })
    .catch(reportError);

  const handlePageReport: Background["reportPage"] = async (visible, pageTime, tabId, windowId) => {
    const now = Date.now();
    // An honest page reports only real changes; a flood is answered, not applied.
    if (reports.allow(tabId, now)) {
      const at = reportTime(pageTime, now);
      await tracking.dispatch(at, async () => ({
        type: "pageReport",
        at,
        windowId,
        tabId,
        visible,
        snapshot: await snapshot(),
      }));
    }
    return { counting: tracking.counting(tabId), epoch: await tracking.epoch(), tabId };
  };

  return { db, tracking, tagging, onIdleState, onNotificationClicked, reportPage: handlePageReport, policyChecked };
}

type TabChange = Parameters<Parameters<typeof browser.tabs.onUpdated.addListener>[0]>[1];
type UpdatedTab = Parameters<Parameters<typeof browser.tabs.onUpdated.addListener>[0]>[2];

/**
 * The engagement event for a `tabs.onUpdated`, or null when it cannot change what is
 * measured; every event is a queued transition and a state write, and this one fires for
 * every tab on every site.
 */
export function tabUpdatedEvent(at: number, tabId: number, change: TabChange, tab: UpdatedTab): EngagementEvent | null {
  // A tab in the background counts once it is activated, and `tabs.onActivated` reads its
  // URL then.
  if (tab.active === false) return null;
  // Without the `tabs` permission `change.url` is only present on AI-tool hosts; a
  // navigation away shows up as a status change, after which the URL is gone. The URL is
  // committed after "loading" began, so "complete" can be the first event without it. On a
  // page whose URL the extension sees, every URL change arrived as `change.url` already.
  if (change.url === undefined) {
    if (change.status === undefined) return null;
    if (change.status === "complete" && tab.url !== undefined) return null;
  }
  const url = change.url ?? tab.url;
  return { type: "tabUpdated", at, windowId: tab.windowId, tabId, active: tab.active, url };
}

/** The file name a team report is saved under: ai-adoption-<team>-<ISO week>.json. */
export function teamReportFileName(team: string | null, lastWeek: string): string {
  const slug = (team ?? "team")
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return `ai-adoption-${slug || "team"}-${lastWeek}.json`;
}

/** What the background is made of, for its message handlers and the test hooks. */
export interface Background {
  db: MeterDatabase;
  tracking: TrackingService;
  tagging: TaggingService;
  onIdleState: (state: IdleState) => void;
  onNotificationClicked: (id: string) => void;
  /** Resolves once this worker has asked the browser for its policy (and applied a change it found). */
  policyChecked: Promise<void>;
  /** Applies a page's report, dated by the page, and says whether that tab is counted now. */
  reportPage(
    visible: boolean,
    pageTime: number,
    tabId: number,
    windowId: number,
  ): Promise<{ counting: boolean; epoch: string; tabId: number }>;
}

/** The task list in force: the policy's, where it sets one, else the default list. */
export async function taskCategories(db: MeterDatabase): Promise<readonly TaskCategory[]> {
  return (await loadPolicyValues(db)).taskCategories;
}

async function showPendingCount(count: number): Promise<void> {
  await browser.action.setBadgeBackgroundColor({ color: "#0b5cad" });
  await browser.action.setBadgeText({ text: count > 0 ? String(Math.min(count, 99)) : "" });
}

const NOTIFICATION_PREFIX = "visit:";

function visitIdOfNotification(id: string): number | null {
  if (!id.startsWith(NOTIFICATION_PREFIX)) return null;
  const visitId = Number(id.slice(NOTIFICATION_PREFIX.length));
  return Number.isInteger(visitId) && visitId > 0 ? visitId : null;
}

async function notifyPending(db: MeterDatabase, visit: PendingVisit): Promise<void> {
  const name = trackedToolName(visit.toolId, (await loadEffectiveSettings(db)).settings);
  const minutes = Math.max(1, Math.round(visit.activeSeconds / 60));
  await browser.notifications.create(`${NOTIFICATION_PREFIX}${visit.visitId}`, {
    type: "basic",
    iconUrl: browser.runtime.getURL("/icon/128.png"),
    title: t("notificationTitle"),
    message: t("notificationMessage", [name, String(minutes)]),
  });
}

/** Opens the tag form for one visit in a small window. */
async function openTagWindow(visitId: number): Promise<void> {
  await browser.windows.create({
    url: browser.runtime.getURL(`/tag.html?visit=${visitId}`),
    type: "popup",
    width: 420,
    height: 620,
  });
}

/** The background's message handlers. */
export function backgroundMessageHandlers({ db, tracking, tagging, reportPage }: Background): MessageHandlers {
  // Tagging writes visits too, so it runs in the tracking service's write queue.
  const queued = tracking.serialized;
  return {
    async getSettingsView() {
      const [{ settings, locked, policy }, { issues }] = await Promise.all([
        loadEffectiveSettings(db),
        readManagedPolicy(db),
      ]);
      const values = policyValues(policy);
      return {
        settings,
        categories: [...values.taskCategories],
        locked,
        organization: {
          fields: lockedFields(policy).map((field) => ({ field, value: describePolicyValue(policy, field) })),
          issues: [...issues],
          teamLabel: values.teamLabel,
          trainingDate: values.trainingDate,
          allowUserTools: values.allowUserTools,
          customToolIds: (policy.customTools ?? []).map((tool) => tool.id),
          dashboard: {
            minGroupSize: values.export.minGroupSize,
            weeklyActiveRateTarget: values.targets.weeklyActiveRate,
            minutesSavedTarget: values.targets.minutesSavedPerPersonWeek,
            hourlyCost: values.hourlyCost,
            teamSize: values.teamSize,
          },
        },
      };
    },
    getPendingVisits: () => queued(async () => ({ visits: await tagging.pending() })),
    saveTag: (request) => queued(() => tagging.saveTag(request)),
    skipTag: ({ visitId }) =>
      queued(async () => {
        await tagging.skip(visitId);
        return {};
      }),
    declineTagToday: ({ visitId }) =>
      queued(async () => {
        await tagging.notToday(visitId);
        return {};
      }),
    async buildTeamReport({ period, withoutLocalNoise }) {
      await tracking.recorded();
      const [{ settings, policy }, days, tags, since] = await Promise.all([
        loadEffectiveSettings(db),
        tracking.serialized(() => db.days.toArray()),
        tracking.serialized(() => db.tags.toArray()),
        trackingSince(db, Date.now()),
      ]);
      const values = policyValues(policy);
      // Tools people add themselves are left out: their ids are made from a host name, and
      // a team report holds no hosts. Catalog tools and the organization's own tools count.
      const orgTools = new Set((policy.customTools ?? []).map((tool) => tool.id));
      const reported = trackedTools(settings)
        .map((tool) => tool.id)
        .filter((id) => !id.startsWith("custom-") || orgTools.has(id));
      try {
        const built = await buildTeamReport({
          days,
          tags,
          options: {
            approvedToolIds: reported,
            taskCategories: values.taskCategories,
            teamLabel: values.teamLabel,
            trainingDate: values.trainingDate,
            roundingMinutes: values.export.roundingMinutes,
            noiseEpsilon: withoutLocalNoise ? 0 : values.export.noiseEpsilon,
            trackingSince: since,
            generatorVersion: browser.runtime.getManifest().version,
          },
          ...(period ? { period } : {}),
          now: Date.now(),
          secret: await deviceSecret(db),
        });
        // Issue 12: a week exported again with other content carries the next revision.
        const file = await tracking.serialized(() => reviseExport(db, built));
        return { ok: true as const, file, fileName: teamReportFileName(file.team, file.period.to) };
      } catch (error) {
        if (error instanceof TeamReportError) return { ok: false as const, error: error.message };
        throw error;
      }
    },
    ...protectedSharingHandlers(db),
    deleteAllData: async () => {
      await tracking.deleteAllData(Date.now());
      await queued(() => tagging.refreshBadge());
      return {};
    },
    getStatus: () => tracking.status(),
    setPaused: ({ paused }) => tracking.setPaused(paused, Date.now()),
    exportPersonalData: () => tracking.exportPersonalData(Date.now()),
    saveSettings: ({ patch }) => tracking.saveSettings(patch),
    reportPage({ visible, at }, { tabId, windowId }) {
      if (tabId === undefined || windowId === undefined) throw new Error("Only a tab's page reports");
      return reportPage(visible, at, tabId, windowId);
    },
  };
}

/** A policy value as options shows it: "tagging.minMinutes" → "5". */
function describePolicyValue(policy: Policy, path: string): string {
  const value = path
    .split(".")
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], policy);
  if (Array.isArray(value)) {
    return value
      .map((item) =>
        typeof item === "object" && item
          ? ((item as { name?: string; label?: string }).name ?? (item as { label?: string }).label ?? "")
          : String(item),
      )
      .join(", ");
  }
  return String(value);
}
