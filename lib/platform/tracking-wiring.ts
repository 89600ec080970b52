import { browser } from "wxt/browser";
import { type Background, createBackground } from "../background/background";
import { loadEffectiveSettings, loadPolicyValues, readManagedPolicy } from "../background/policy-in-force";
import type { BrowserPort, IdleSource, PolicyPort, StoragePort } from "../background/ports";
import { MeterDatabase } from "../db/database";
import { deviceSecret } from "../db/device-secret";
import { createFiguresKeeper, type FiguresKeeper, NO_FIGURES_KEEPER } from "../stats/kept-figures";
import type { EngagementEvent, IdleState } from "../tracking/engagement";
import { COUNTING_MESSAGE } from "../tracking/heartbeat";
import { readBrowserSnapshot, readFocusedWindow, readTabUrl } from "./browser-state";
import { registerCustomHeartbeats } from "./custom-heartbeats";
import { t } from "./i18n";
import { keptFiguresStore } from "./kept-figures";
import { noteInFlight, takeInFlight } from "./in-flight-events";
import { announcePolicyApplied, refreshManagedPolicy, watchManagedPolicy } from "./policy-source";
import { moveOutOfExtensionStorage, readHeartbeat, sessionEpochItem } from "./storage-items";

/**
 * Name of the alarm that exists only while a segment is open: it compares the stored state
 * with the browser's and keeps "last seen" fresh where a page has no heartbeat.
 */
const TICK_ALARM = "tick";

/** The alarm's period: the shortest the browser allows. */
const TICK_PERIOD_MIN = 0.5;

/** The browser's own idle detection. */
export const browserIdleSource: IdleSource = {
  query: (thresholdSec) => browser.idle.queryState(thresholdSec) as Promise<IdleState>,
  listen: (handler) => browser.idle.onStateChanged.addListener((state) => handler(state as IdleState)),
};

/** The background's browser side: events, alarms, badge, notifications and pages. */
export const browserPort: BrowserPort = {
  listen(events) {
    browser.tabs.onActivated.addListener(({ tabId, windowId }) => events.tabActivated(tabId, windowId));
    browser.tabs.onUpdated.addListener((tabId, change, tab) => events.tabUpdated(tabId, change, tab));
    browser.tabs.onRemoved.addListener((tabId, { windowId }) => events.tabRemoved(tabId, windowId));
    browser.windows.onRemoved.addListener((windowId) => events.windowRemoved(windowId));
    browser.windows.onFocusChanged.addListener((windowId) => events.windowFocusChanged(windowId));
    browser.alarms.onAlarm.addListener((alarm) => {
      if (alarm.name === TICK_ALARM) events.tickAlarm();
    });
    browser.permissions.onAdded.addListener(() => events.hostsChanged());
    browser.permissions.onRemoved.addListener(() => events.hostsChanged());
    browser.notifications.onClicked.addListener((id) => events.notificationClicked(id));
  },
  snapshot: (idle) => readBrowserSnapshot(idle),
  focusedWindow: readFocusedWindow,
  tabUrl: readTabUrl,
  async setTickAlarm(on) {
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
  setIdleInterval: (seconds) => browser.idle.setDetectionInterval(seconds),
  registerCustomHeartbeats,
  async tellTab(tabId, counting) {
    await browser.tabs.sendMessage(tabId, { name: COUNTING_MESSAGE, counting }).catch(() => {
      // The tab has no heartbeat script (a custom tool without access, a page opened
      // before install): it has nothing to be told.
    });
  },
  async setBadge(text, color) {
    await browser.action.setBadgeBackgroundColor({ color });
    await browser.action.setBadgeText({ text });
  },
  async showNotification(id, { title, message }) {
    await browser.notifications.create(id, {
      type: "basic",
      iconUrl: browser.runtime.getURL("/icon/128.png"),
      title,
      message,
    });
  },
  async clearNotification(id) {
    await browser.notifications.clear(id);
  },
  async openTagWindow(visitId) {
    await browser.windows.create({
      url: browser.runtime.getURL(`/tag.html?visit=${visitId}`),
      type: "popup",
      width: 420,
      height: 620,
    });
  },
  message: t,
  version: () => browser.runtime.getManifest().version,
};

/** The managed policy of the browser, through the copy kept in `db`. */
export function browserPolicyPort(db: MeterDatabase, figures: FiguresKeeper = NO_FIGURES_KEEPER): PolicyPort {
  // The policy's session gap is in the popup's figures: its copy is written through `figures`.
  const writing = (write: () => Promise<void>) => figures.changing(write);
  return {
    read: () => readManagedPolicy(db),
    refresh: () => refreshManagedPolicy(db, writing),
    watch: (onChange, onError) => watchManagedPolicy(db, onChange, onError, writing),
    announceApplied: announcePolicyApplied,
    effectiveSettings: () => loadEffectiveSettings(db),
    values: () => loadPolicyValues(db),
  };
}

/** Extension and session storage, and the device secret kept in `db`. */
export function browserStoragePort(db: MeterDatabase): StoragePort {
  return {
    readHeartbeat,
    readSessionEpoch: () => sessionEpochItem.getValue(),
    writeSessionEpoch: (epoch) => sessionEpochItem.setValue(epoch),
    moveOutOfExtensionStorage: () => moveOutOfExtensionStorage(db),
    deviceSecret: () => deviceSecret(db),
    noteInFlight,
    takeInFlight,
  };
}

/**
 * Builds the background on the real browser. Must be called synchronously at the top of the
 * background's main: MV3 only delivers the event that woke the worker to listeners
 * registered in the first turn.
 */
export function startTracking(
  idle: IdleSource,
  observe?: (event: EngagementEvent, durableAt: number) => void,
): Background {
  const db = new MeterDatabase();
  const now = () => Date.now();
  const figures = createFiguresKeeper(keptFiguresStore(db, now), (error) => console.error("[popup figures]", error));
  return createBackground({
    db,
    now,
    newEpoch: () => crypto.randomUUID(),
    idle,
    browserPort,
    policy: browserPolicyPort(db, figures),
    storage: browserStoragePort(db),
    figures,
    observe,
  });
}
