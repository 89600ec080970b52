import { browser } from "wxt/browser";
import { MeterDatabase } from "../db/database";
import type { MessageHandlers } from "../messages/protocol";
import type { Settings } from "../settings/settings";
import type { EngagementEvent, IdleState } from "../tracking/engagement";
import { createTrackingService, type TrackingService } from "../tracking/service";
import { readBrowserSnapshot, readFocusedWindow, readTabUrl } from "./browser-state";
import { loadSettings, readHeartbeat, sessionEpochItem, settingsItem, trackingItem } from "./storage-items";

/** Name of the periodic alarm that keeps "last seen" fresh and runs retention. */
const TICK_ALARM = "tick";

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
): {
  tracking: TrackingService;
  onIdleState: (state: IdleState) => void;
} {
  let idleThresholdSec = 120;
  let tickTimer: ReturnType<typeof setTimeout> | undefined;

  const tracking = createTrackingService({
    db: new MeterDatabase(),
    now: () => Date.now(),
    loadTracking: () => trackingItem.getValue(),
    saveTracking: (state) => trackingItem.setValue(state),
    loadSettings,
    saveSettings: (settings) => settingsItem.setValue(settings),
    readHeartbeat,
    readSessionEpoch: () => sessionEpochItem.getValue(),
    writeSessionEpoch: (epoch) => sessionEpochItem.setValue(epoch),
    newEpoch: () => crypto.randomUUID(),
    snapshot: async () => readBrowserSnapshot(await idleSource.query(idleThresholdSec)),
    scheduleTick(at) {
      clearTimeout(tickTimer);
      tickTimer = setTimeout(
        () => {
          const now = Date.now();
          // Ask the browser which window has focus: it settles a pending focus loss.
          void tracking.dispatch(now, async () => ({
            type: "tick",
            at: now,
            focusedWindowId: await readFocusedWindow(),
          }));
        },
        Math.max(0, at - Date.now()),
      );
    },
    async applySettings(settings: Settings) {
      idleThresholdSec = settings.idleThresholdSec;
      browser.idle.setDetectionInterval(settings.idleThresholdSec);
      if (!(await browser.alarms.get(TICK_ALARM))) {
        await browser.alarms.create(TICK_ALARM, { periodInMinutes: 1 });
      }
    },
    onError: (error) => console.error("[tracking]", error),
    observe,
  });

  // Each listener reads the clock first: the event's time is when it fired, not when the
  // serial queue gets to it.
  const on = (at: number, make: () => Promise<EngagementEvent | null>) => void tracking.dispatch(at, make);

  browser.tabs.onActivated.addListener(({ tabId, windowId }) => {
    const at = Date.now();
    on(at, async () => ({ type: "tabActivated", at, windowId, tabId, url: await readTabUrl(tabId) }));
  });
  browser.tabs.onUpdated.addListener((tabId, change, tab) => {
    // Without the `tabs` permission `change.url` is only present on AI-tool hosts; a
    // navigation away shows up as a status change, after which the URL is gone.
    if (change.url === undefined && change.status === undefined) return;
    const at = Date.now();
    const url = change.url ?? tab.url;
    on(at, async () => ({ type: "tabUpdated", at, windowId: tab.windowId, tabId, active: tab.active, url }));
  });
  browser.tabs.onRemoved.addListener((tabId, { windowId }) => {
    const at = Date.now();
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
    if (alarm.name === TICK_ALARM) void tracking.alarm(Date.now());
  });

  const onIdleState = (state: IdleState) => {
    const at = Date.now();
    on(at, async () => ({ type: "idleChanged", at, state }));
  };
  idleSource.listen(onIdleState);

  return { tracking, onIdleState };
}

/** The background's message handlers, all backed by the tracking service. */
export function trackingMessageHandlers(tracking: TrackingService): MessageHandlers {
  return {
    getStatus: () => tracking.status(),
    setPaused: ({ paused }) => tracking.setPaused(paused, Date.now()),
    exportPersonalData: () => tracking.exportPersonalData(Date.now()),
    saveSettings: ({ patch }) => tracking.saveSettings(patch),
    getHeartbeatEpoch: async () => ({ epoch: await tracking.epoch() }),
    async reportVisibility({ visible, at: pageTime }, { tabId, windowId }) {
      if (tabId === undefined || windowId === undefined) return {};
      // The page stamps the change itself, so a worker that had to start first does not
      // delay it; a stamp from the future or from long ago is not trusted.
      const now = Date.now();
      const at = Math.min(now, Math.max(pageTime, now - 5000));
      await tracking.dispatch(at, async () => ({ type: "pageVisibility", at, windowId, tabId, visible }));
      return {};
    },
  };
}
