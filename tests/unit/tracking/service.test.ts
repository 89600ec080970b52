import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MeterDatabase } from "../../../lib/db/database";
import { createTrackingStore } from "../../../lib/db/tracking-store";
import type { Policy } from "../../../lib/policy/policy";
import { DEFAULT_SETTINGS, type Settings } from "../../../lib/settings/settings";
import type { BrowserSnapshot } from "../../../lib/tracking/engagement";
import {
  createTrackingService,
  type Heartbeat,
  type PersistedTracking,
  type TrackingDeps,
} from "../../../lib/tracking/service";

const T0 = new Date(2026, 10, 25, 9, 0).getTime();
const CHAT: BrowserSnapshot = {
  focusedWindowId: 1,
  activeTabs: [{ windowId: 1, tabId: 5, url: "https://chatgpt.com/" }],
};
const OTHER: BrowserSnapshot = { focusedWindowId: 1, activeTabs: [{ windowId: 1, tabId: 6 }] };

/** The browser and its storage, kept across service instances the way a profile is. */
class FakeProfile {
  now = T0;
  tracking: PersistedTracking | null = null;
  settings: Settings = DEFAULT_SETTINGS;
  policy: Policy = {};
  policyKnown = true;
  /** Whether the browser answers when asked for its policy. */
  policyArrives = true;
  heartbeat: Heartbeat | null = null;
  sessionEpoch: string | null = null;
  snapshot: BrowserSnapshot = OTHER;
  epochs = 0;
  alarm: boolean | null = null;
  errors: unknown[] = [];
  constructor(readonly db: MeterDatabase) {}

  /** A new worker: same storage, fresh memory. */
  startWorker(overrides: Partial<TrackingDeps> = {}, storeOverrides: Partial<TrackingDeps["store"]> = {}) {
    const store = createTrackingStore(this.db);
    const deps: TrackingDeps = {
      store: {
        ...store,
        // Keeps a copy of what was saved, so tests can look at it.
        commit: async (state, segments, gap) => {
          await store.commit(state, segments, gap);
          this.tracking = structuredClone(state);
        },
        save: async (state) => {
          await store.save(state);
          this.tracking = structuredClone(state);
        },
        ...storeOverrides,
      },
      now: () => this.now,
      loadUserSettings: async () => this.settings,
      saveUserSettings: async (settings) => {
        this.settings = settings;
      },
      loadPolicy: async () => ({ policy: this.policy, known: this.policyKnown }),
      fetchPolicy: async () => {
        this.policyKnown = this.policyArrives;
      },
      readHeartbeat: async () => this.heartbeat,
      readSessionEpoch: async () => this.sessionEpoch,
      writeSessionEpoch: async (epoch) => {
        this.sessionEpoch = epoch;
      },
      newEpoch: () => `epoch-${++this.epochs}`,
      snapshot: async () => this.snapshot,
      scheduleTick: () => {},
      setAlarm: async (on) => {
        this.alarm = on;
      },
      applySettings: async () => {},
      onError: (error) => this.errors.push(error),
      ...overrides,
    };
    return createTrackingService(deps);
  }

  /** The browser closes or crashes: session storage is gone. */
  endSession() {
    this.sessionEpoch = null;
  }

  async chatgptSeconds() {
    const day = await this.db.days.get(["2026-11-25", "chatgpt"]);
    return (day?.activeMs ?? 0) / 1000;
  }
}

let profile: FakeProfile;
beforeEach(() => {
  profile = new FakeProfile(new MeterDatabase(`svc-${crypto.randomUUID()}`));
});
afterEach(async () => {
  await profile.db.delete();
  // A test that expects failures checks them and clears the list.
  expect(profile.errors).toEqual([]);
});

const activate = (url: string | undefined, at: number) => async () =>
  ({ type: "tabActivated", at, windowId: 1, tabId: url ? 5 : 6, url }) as const;

describe("tracking service", () => {
  /** Window 1 shows the AI tab 5, window 2 a non-AI tab 9. */
  const twoWindows = (focused: number): BrowserSnapshot => ({
    focusedWindowId: focused,
    activeTabs: [
      { windowId: 1, tabId: 5, url: "https://chatgpt.com/" },
      { windowId: 2, tabId: 9 },
    ],
  });
  it("records a session through the whole pipeline", async () => {
    profile.snapshot = CHAT;
    const worker = profile.startWorker();
    await worker.ready();
    await worker.dispatch(T0 + 30_000, activate(undefined, T0 + 30_000));
    await worker.flush();
    expect(await profile.chatgptSeconds()).toBe(30);
    expect(await worker.status()).toMatchObject({ engagedToolId: null, paused: false, writeError: null });
  });

  it("delete all empties every table, the device secret included", async () => {
    profile.snapshot = CHAT;
    const worker = profile.startWorker();
    await worker.ready();
    await worker.dispatch(T0 + 30_000, activate(undefined, T0 + 30_000));
    await profile.db.secrets.put({ name: "device", bytes: new Uint8Array(32) });
    profile.now = T0 + 40_000;
    await worker.deleteAllData(T0 + 40_000);
    const { visits, days, tags, secrets } = profile.db;
    expect(await Promise.all([visits, days, tags, secrets].map((table) => table.count()))).toEqual([0, 0, 0, 0]);
  });

  it("a stopped worker loses nothing: the next worker continues the open segment", async () => {
    profile.snapshot = CHAT;
    const first = profile.startWorker();
    await first.ready();
    profile.now = T0 + 20_000;
    const second = profile.startWorker();
    await second.ready();
    await second.dispatch(T0 + 50_000, activate(undefined, T0 + 50_000));
    await second.flush();
    expect(await profile.chatgptSeconds()).toBe(50);
  });

  it("after a browser crash, closes the open segment at the heartbeat of that session", async () => {
    profile.snapshot = CHAT;
    const first = profile.startWorker();
    await first.ready();
    const epoch = profile.sessionEpoch;
    profile.heartbeat = { epoch: epoch ?? "", tabId: 5, at: T0 + 41_500 };
    profile.endSession();
    profile.now = T0 + 600_000;
    profile.snapshot = OTHER;
    const next = profile.startWorker();
    await next.ready();
    expect(await profile.chatgptSeconds()).toBe(41.5);
    expect(profile.sessionEpoch).not.toBe(epoch);
  });

  it("ignores a heartbeat from another session when recovering", async () => {
    profile.snapshot = CHAT;
    const first = profile.startWorker();
    await first.ready();
    profile.now = T0 + 10_000;
    await first.dispatch(T0 + 10_000, async () => ({ type: "tick", at: T0 + 10_000 }));
    // A page of the new session already wrote a heartbeat before the worker started.
    profile.heartbeat = { epoch: "someone-else", tabId: 5, at: T0 + 900_000 };
    profile.endSession();
    profile.now = T0 + 900_000;
    profile.snapshot = OTHER;
    await profile.startWorker().ready();
    expect(await profile.chatgptSeconds()).toBe(10);
  });

  it("keeps segments it could not write and reports it, then writes them once it can", async () => {
    profile.snapshot = CHAT;
    const failing = { fail: true };
    const put = profile.db.days.put.bind(profile.db.days);
    profile.db.days.put = ((...args: Parameters<typeof put>) =>
      failing.fail ? Promise.reject(new DOMException("full", "QuotaExceededError")) : put(...args)) as typeof put;
    const worker = profile.startWorker();
    await worker.ready();
    await worker.dispatch(T0 + 30_000, activate(undefined, T0 + 30_000));
    await worker.flush();
    expect((await worker.status()).writeError).toBe("errorStorageFull");
    expect(profile.tracking?.pending).toHaveLength(1);
    expect(await profile.chatgptSeconds()).toBe(0);
    expect(profile.errors).toHaveLength(1);
    const [error] = profile.errors as Error[];
    expect([error?.name, (error as { inner?: Error })?.inner?.name]).toContain("QuotaExceededError");
    profile.errors = [];

    failing.fail = false;
    await worker.dispatch(T0 + 40_000, activate("https://chatgpt.com/", T0 + 40_000));
    await worker.dispatch(T0 + 45_000, activate(undefined, T0 + 45_000));
    await worker.flush();
    expect(await profile.chatgptSeconds()).toBe(35);
    expect((await worker.status()).writeError).toBeNull();
    expect(profile.tracking?.pending).toEqual([]);
  });

  it("refuses invalid settings as a whole, with a message per field", async () => {
    const worker = profile.startWorker();
    await worker.ready();
    const result = await worker.saveSettings({ idleThresholdSec: 5, sessionGapMin: 20, retentionDays: "x" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(["idleThresholdSec", "retentionDays"]);
    expect(profile.settings).toEqual(DEFAULT_SETTINGS);
    const ok = await worker.saveSettings({ sessionGapMin: 20 });
    expect(ok).toMatchObject({ ok: true, settings: { sessionGapMin: 20 } });
    expect(profile.settings.sessionGapMin).toBe(20);
  });

  it("a setting the policy sets wins, cannot be changed, and a live policy change applies", async () => {
    profile.snapshot = CHAT;
    profile.policy = { idleThresholdSec: 300, approvedToolIds: ["claude"] };
    const worker = profile.startWorker();
    await worker.ready();
    expect(worker.appliedSettings()?.idleThresholdSec).toBe(300);
    expect(await worker.status()).toMatchObject({ engagedToolId: null }); // ChatGPT is not approved
    const refused = await worker.saveSettings({ idleThresholdSec: 60, sessionGapMin: 20 });
    expect(refused).toEqual({ ok: false, errors: { idleThresholdSec: "errorLockedByPolicy" } });
    expect(profile.settings.sessionGapMin).toBe(10);

    profile.policy = {};
    profile.now = T0 + 5000;
    await worker.policyChanged();
    expect(await worker.status()).toMatchObject({ engagedToolId: "chatgpt", engagedSince: T0 + 5000 });
    expect(worker.appliedSettings()?.idleThresholdSec).toBe(120);
  });

  it("the personal data export includes the time up to now and keeps measuring", async () => {
    profile.snapshot = CHAT;
    const worker = profile.startWorker();
    await worker.ready();
    const data = await worker.exportPersonalData(T0 + 12_345);
    expect(data.days).toEqual([{ date: "2026-11-25", toolId: "chatgpt", activeSeconds: 12.345, visits: 1 }]);
    expect(data.visits).toHaveLength(1);
    await worker.dispatch(T0 + 20_000, activate(undefined, T0 + 20_000));
    await worker.flush();
    expect(await profile.chatgptSeconds()).toBe(20);
    expect(await profile.db.visits.count()).toBe(1);
  });

  it("runs events that wait together in the order they happened", async () => {
    profile.snapshot = CHAT;
    const worker = profile.startWorker();
    // Both arrive while startup runs: the browser's tab switch (stamped late, when the new
    // worker's listener ran) before the page's own report that it was hidden earlier.
    const late = worker.dispatch(T0 + 9_000, activate(undefined, T0 + 9_000));
    const early = worker.dispatch(T0 + 8_000, async () => ({
      type: "pageReport",
      at: T0 + 8_000,
      windowId: 1,
      tabId: 5,
      visible: false,
    }));
    await Promise.all([late, early]);
    expect(await profile.chatgptSeconds()).toBe(8);
  });

  it("pause stops the clock and resume restarts it", async () => {
    profile.snapshot = CHAT;
    const worker = profile.startWorker();
    await worker.ready();
    expect(await worker.setPaused(true, T0 + 5000)).toMatchObject({ paused: true, engagedToolId: null });
    expect(await worker.setPaused(false, T0 + 9000)).toMatchObject({ paused: false, engagedToolId: "chatgpt" });
    await worker.dispatch(T0 + 10_000, activate(undefined, T0 + 10_000));
    await worker.flush();
    expect(await profile.chatgptSeconds()).toBe(6);
  });

  it("runs retention at startup and keeps the daily totals", async () => {
    const old = T0 - 200 * 24 * 3600_000;
    await profile.db.visits.add({ toolId: "chatgpt", start: old, end: old + 1000, activeMs: 1000, date: "2026-05-09" });
    await profile.db.days.add({ date: "2026-05-09", toolId: "chatgpt", activeMs: 1000, visits: 1 });
    await profile.startWorker().ready();
    expect(await profile.db.visits.count()).toBe(0);
    expect(await profile.db.days.count()).toBe(1);
  });

  it("reports a failed event to onError, and later events still apply", async () => {
    profile.snapshot = CHAT;
    const worker = profile.startWorker();
    await worker.ready();
    const failure = new Error("lookup failed");
    await expect(
      worker.dispatch(T0 + 5000, async () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
    await worker.flush();
    expect(profile.errors).toEqual([failure]);
    profile.errors = [];
    await worker.dispatch(T0 + 30_000, activate(undefined, T0 + 30_000));
    expect(await profile.chatgptSeconds()).toBe(30);
  });

  it("a state that could not be saved still takes effect, shows the failure, and is saved next time", async () => {
    profile.snapshot = CHAT;
    const failing = { fail: false };
    const store = createTrackingStore(profile.db);
    const failWhenFull =
      <A extends unknown[]>(write: (...args: A) => Promise<void>) =>
      async (...args: A) => {
        if (failing.fail) throw new DOMException("full", "QuotaExceededError");
        await write(...args);
        profile.tracking = structuredClone(args[0] as PersistedTracking);
      };
    const worker = profile.startWorker({}, { commit: failWhenFull(store.commit), save: failWhenFull(store.save) });
    await worker.ready();
    failing.fail = true;
    // The user switches away from the AI tool while the state cannot be written.
    await worker.dispatch(T0 + 30_000, activate(undefined, T0 + 30_000));
    expect(await worker.status()).toMatchObject({ engagedToolId: null, writeError: "errorStorageFull" });
    expect(profile.tracking?.engagement.open?.toolId).toBe("chatgpt");
    // The segments and the state that follows them, then the state alone.
    expect(profile.errors).toHaveLength(2);
    profile.errors = [];

    failing.fail = false;
    await worker.dispatch(T0 + 60_000, async () => ({ type: "tick", at: T0 + 60_000, focusedWindowId: 1 }));
    expect(await worker.status()).toMatchObject({ engagedToolId: null, writeError: null });
    expect(profile.tracking?.engagement.open).toBeNull();
    expect(await profile.chatgptSeconds()).toBe(30);
  });

  it("a start-up that failed is tried again by the next event", async () => {
    profile.snapshot = CHAT;
    let failures = 1;
    const store = createTrackingStore(profile.db);
    const worker = profile.startWorker(
      {},
      {
        load: async () => {
          if (failures-- > 0) throw new Error("storage unavailable");
          return store.load();
        },
      },
    );
    await expect(worker.ready()).rejects.toThrow("storage unavailable");
    expect(profile.errors).toHaveLength(1);
    profile.errors = [];
    profile.now = T0 + 10_000;
    // The tab switch brings the retried start-up, which finds ChatGPT in front.
    await worker.dispatch(T0 + 10_000, async () => ({ type: "tick", at: T0 + 10_000, focusedWindowId: 1 }));
    expect(await worker.status()).toMatchObject({ engagedToolId: "chatgpt", engagedSince: T0 + 10_000 });
    await worker.dispatch(T0 + 25_000, activate(undefined, T0 + 25_000));
    expect(await profile.chatgptSeconds()).toBe(15);
  });

  it("the alarm asks the browser before settling a pending focus loss", async () => {
    profile.snapshot = CHAT;
    const worker = profile.startWorker();
    await worker.ready();
    await worker.dispatch(T0 + 5000, async () => ({ type: "windowFocusChanged", at: T0 + 5000, windowId: -1 }));
    // The worker stopped before its timer fired; the alarm is the next tick, and the
    // browser says the window never lost focus.
    await worker.alarm(T0 + 60_000);
    expect(await worker.status()).toMatchObject({ engagedToolId: "chatgpt", engagedSince: T0 });
    await worker.dispatch(T0 + 70_000, activate(undefined, T0 + 70_000));
    expect(await profile.chatgptSeconds()).toBe(70);
  });

  it("the alarm settles a focus loss the browser confirms at the time it was reported", async () => {
    profile.snapshot = CHAT;
    const worker = profile.startWorker();
    await worker.ready();
    await worker.dispatch(T0 + 5000, async () => ({ type: "windowFocusChanged", at: T0 + 5000, windowId: -1 }));
    profile.snapshot = { ...CHAT, focusedWindowId: -1 };
    await worker.alarm(T0 + 60_000);
    expect(await worker.status()).toMatchObject({ engagedToolId: null });
    expect(await profile.chatgptSeconds()).toBe(5);
  });

  it("cancels the flicker timer once no focus loss is pending", async () => {
    profile.snapshot = CHAT;
    const scheduled: (number | null)[] = [];
    const worker = profile.startWorker({ scheduleTick: (at) => scheduled.push(at) });
    await worker.ready();
    scheduled.length = 0;
    await worker.dispatch(T0 + 5000, async () => ({ type: "windowFocusChanged", at: T0 + 5000, windowId: -1 }));
    await worker.dispatch(T0 + 5100, async () => ({ type: "windowFocusChanged", at: T0 + 5100, windowId: 1 }));
    expect(scheduled).toEqual([T0 + 5301, null]);
  });

  it("counts from the first event after install, before the policy has answered, and keeps what it approves", async () => {
    profile.policyKnown = false;
    profile.snapshot = CHAT;
    const worker = profile.startWorker();
    await worker.ready();
    await worker.dispatch(T0 + 4000, activate("https://claude.ai/new", T0 + 4000));
    await worker.dispatch(T0 + 9000, activate(undefined, T0 + 9000));
    // Nothing provisional is recorded yet.
    expect(await profile.db.days.count()).toBe(0);
    profile.policy = { approvedToolIds: ["chatgpt"] };
    profile.policyKnown = true;
    profile.now = T0 + 12_000;
    await worker.policyChanged();
    expect(await profile.chatgptSeconds()).toBe(4);
    expect(await profile.db.days.get(["2026-11-25", "claude"])).toBeUndefined();
    expect(profile.tracking?.provisional).toEqual([]);
  });

  it("after install, a page that loaded while the worker was starting counts from when the page says it appeared", async () => {
    const worker = profile.startWorker();
    // The worker began at T0; the page appeared at T0 + 1 s; the browser was asked at T0 + 2 s.
    profile.snapshot = CHAT;
    profile.now = T0 + 2000;
    await worker.ready();
    // Opened as of the look, not as of the worker's start, which came before the page.
    expect(profile.tracking?.engagement.open?.start).toBe(T0 + 2000);
    const report = { type: "pageReport", at: T0 + 1000, windowId: 1, tabId: 5, visible: true, focused: true } as const;
    await worker.dispatch(T0 + 2100, async () => ({ ...report, snapshot: CHAT }));
    profile.now = T0 + 10_000;
    await worker.dispatch(T0 + 10_000, activate(undefined, T0 + 10_000));
    expect(await profile.chatgptSeconds()).toBe(9);
  });

  it("drops the provisional open segment of a tool the policy does not approve", async () => {
    profile.policyKnown = false;
    profile.snapshot = CHAT;
    const worker = profile.startWorker();
    await worker.ready();
    profile.policy = { approvedToolIds: ["claude"] };
    profile.policyKnown = true;
    profile.now = T0 + 12_000;
    await worker.policyChanged();
    await worker.exportPersonalData(T0 + 20_000);
    expect(await profile.db.days.count()).toBe(0);
    expect(await worker.status()).toMatchObject({ engagedToolId: null });
  });

  it("keeps the alarm only while a segment is open", async () => {
    profile.snapshot = OTHER;
    const worker = profile.startWorker();
    await worker.ready();
    expect(profile.alarm).toBe(false);
    await worker.dispatch(T0 + 1000, activate("https://chatgpt.com/", T0 + 1000));
    expect(profile.alarm).toBe(true);
    await worker.dispatch(T0 + 5000, activate(undefined, T0 + 5000));
    expect(profile.alarm).toBe(false);
  });

  it("tells the counted tab, and the one before it, when counting moves", async () => {
    const told: [number | null, number | null][] = [];
    profile.snapshot = CHAT;
    const worker = profile.startWorker({ countingChanged: (counted, before) => told.push([counted, before]) });
    await worker.ready();
    expect(worker.counting(5)).toBe(true);
    await worker.dispatch(T0 + 5000, activate(undefined, T0 + 5000));
    expect(worker.counting(5)).toBe(false);
    // A new worker tells the counted page again: the old one may have died before it could.
    profile.snapshot = CHAT;
    await worker.dispatch(T0 + 6000, activate("https://chatgpt.com/", T0 + 6000));
    const next = profile.startWorker({ countingChanged: (counted, before) => told.push([counted, before]) });
    await next.ready();
    expect(told).toEqual([
      [5, null],
      [null, 5],
      [5, null],
      [5, null],
    ]);
  });

  it("a worker that died in the middle of a tab switch is corrected by the next worker", async () => {
    profile.snapshot = CHAT;
    const first = profile.startWorker();
    await first.ready();
    const epoch = profile.sessionEpoch ?? "";
    // The switch to a non-AI tab at 20 s died with the worker; the page beat until then.
    profile.heartbeat = { epoch, tabId: 5, at: T0 + 20_000 };
    profile.snapshot = OTHER;
    profile.now = T0 + 35_000;
    await profile.startWorker().ready();
    expect(await profile.chatgptSeconds()).toBe(20);
  });

  it("a window switch that died with the worker, and focus back before the next one starts, counts neither the time away nor the page's blur", async () => {
    // Window 1 shows the AI tab; window 2 is another window.
    profile.snapshot = twoWindows(1);
    const first = profile.startWorker();
    await first.ready();
    const lost: { at: number; windowId: number }[] = [];
    let forgotten = 0;
    const withLost = {
      lostEvents: async (before: number) => ({
        events: lost.filter((e) => e.at < before).map((e) => ({ type: "windowFocusChanged" as const, ...e })),
        forget: async () => {
          forgotten++;
        },
      }),
    };
    // At 20 s window 2 takes focus; the worker receives it and dies handling it.
    lost.push({ at: T0 + 20_000, windowId: 2 });
    // At 22 s focus is back, before a new worker has started.
    profile.snapshot = twoWindows(1);
    profile.now = T0 + 24_000;
    const second = profile.startWorker(withLost);
    await second.ready();
    const report = (at: number, focused: boolean) => async () =>
      ({ type: "pageReport", at, windowId: 1, tabId: 5, visible: true, focused, snapshot: twoWindows(1) }) as const;
    // The page's resent reports: blurred at 20 s, focused again at 22 s.
    await second.dispatch(T0 + 20_000, report(T0 + 20_000, false));
    await second.dispatch(T0 + 22_000, report(T0 + 22_000, true));
    await second.dispatch(T0 + 30_000, activate(undefined, T0 + 30_000));
    await second.flush();
    expect(await profile.chatgptSeconds()).toBe(28);
    expect(forgotten).toBe(1);
  });

  it("a lost focus change that a waking worker dated late is dated by the page's last beat", async () => {
    profile.snapshot = twoWindows(1);
    const first = profile.startWorker();
    await first.ready();
    // Focus left at 20 s, when the page wrote its last beat; the worker woken by the event got
    // it at 20.4 s and died handling it.
    profile.heartbeat = { epoch: profile.sessionEpoch ?? "", tabId: 5, at: T0 + 20_000 };
    profile.snapshot = twoWindows(2);
    profile.now = T0 + 25_000;
    const second = profile.startWorker({
      lostEvents: async () => ({
        events: [{ type: "windowFocusChanged", at: T0 + 20_400, windowId: 2 }],
        forget: async () => {},
      }),
    });
    await second.ready();
    expect(await profile.chatgptSeconds()).toBe(20);
  });

  it("a focus loss waiting to settle when the worker died, which the page's later beat disproves, ends nothing", async () => {
    profile.snapshot = twoWindows(1);
    const first = profile.startWorker();
    await first.ready();
    // The window manager reports a loss of focus at 10 s that never happened; the worker dies
    // before its tick asks the browser. The page beats on until the person leaves at 20 s.
    await first.dispatch(T0 + 10_000, async () => ({ type: "windowFocusChanged", at: T0 + 10_000, windowId: -1 }));
    await first.flush();
    expect(profile.tracking?.engagement.focusLostAt).toBe(T0 + 10_000);
    profile.heartbeat = { epoch: profile.sessionEpoch ?? "", tabId: 5, at: T0 + 20_000 };
    profile.snapshot = twoWindows(2);
    profile.now = T0 + 21_000;
    // The switch to window 2 at 20 s, received by a worker that died handling it.
    const second = profile.startWorker({
      lostEvents: async () => ({
        events: [{ type: "windowFocusChanged", at: T0 + 20_300, windowId: 2 }],
        forget: async () => {},
      }),
    });
    await second.ready();
    expect(await profile.chatgptSeconds()).toBe(20);
  });

  it("a browser event that reaches a starting worker opens what the page in front may date back", async () => {
    profile.snapshot = CHAT;
    const first = profile.startWorker();
    await first.ready();
    // At 5 s the person leaves for another tab; the page's hide report dies with the worker.
    await first.dispatch(T0 + 5_000, activate(undefined, T0 + 5_000));
    await first.flush();
    const page = (at: number, visible: boolean) => async () =>
      ({ type: "pageReport", at, windowId: 1, tabId: 5, visible, focused: visible, snapshot: CHAT }) as const;
    // At 10 s they come back; that event wakes a stopped worker, which gets it only once it
    // runs, at 10.4 s, together with the page's resent hide. The page's report of 10 s follows.
    profile.now = T0 + 10_400;
    profile.snapshot = CHAT;
    const second = profile.startWorker();
    const woke = second.dispatch(T0 + 10_400, activate("https://chatgpt.com/", T0 + 10_400));
    const resent = second.dispatch(T0 + 5_000, page(T0 + 5_000, false));
    await second.ready();
    await Promise.all([woke, resent]);
    await second.dispatch(T0 + 10_000, page(T0 + 10_000, true));
    await second.dispatch(T0 + 20_000, activate(undefined, T0 + 20_000));
    await second.flush();
    expect(await profile.chatgptSeconds()).toBe(15);
  });

  it("an event the old worker finished is not replayed", async () => {
    profile.snapshot = CHAT;
    const first = profile.startWorker();
    await first.ready();
    await first.dispatch(T0 + 10_000, async () => ({ type: "windowFocusChanged", at: T0 + 10_000, windowId: 1 }));
    await first.flush();
    profile.now = T0 + 30_000;
    // Its note outlived it: the worker died after the state was saved, before the note was dropped.
    const second = profile.startWorker({
      lostEvents: async () => ({
        events: [{ type: "windowFocusChanged", at: T0 + 5_000, windowId: -1 }],
        forget: async () => {},
      }),
    });
    await second.ready();
    await second.dispatch(T0 + 40_000, activate(undefined, T0 + 40_000));
    await second.flush();
    expect(await profile.chatgptSeconds()).toBe(40);
  });

  it.each([
    [
      "a URL as a tool id",
      (t: PersistedTracking) => ({
        ...t,
        engagement: { ...t.engagement, open: { ...t.engagement.open, toolId: "https://evil.example/x" } },
      }),
    ],
    ["no engagement at all", (t: PersistedTracking) => ({ ...t, engagement: null })],
    [
      "a segment seen before it began",
      (t: PersistedTracking) => ({
        ...t,
        engagement: { ...t.engagement, open: { ...t.engagement.open, lastSeen: 0 } },
      }),
    ],
  ])("a stored state with %s is not trusted: tracking starts afresh", async (_what, forge) => {
    profile.snapshot = CHAT;
    await profile.startWorker().ready();
    const stored = profile.tracking as PersistedTracking;
    await profile.db.keptValues.put({ key: "tracking", value: forge(stored) });
    profile.endSession();
    profile.now = T0 + 30_000;
    const worker = profile.startWorker();
    await worker.ready();
    await worker.dispatch(T0 + 40_000, activate(undefined, T0 + 40_000));
    const data = await worker.exportPersonalData(T0 + 41_000);
    expect(JSON.stringify(data)).not.toContain("evil");
    expect(data.days).toEqual([{ date: "2026-11-25", toolId: "chatgpt", activeSeconds: 10, visits: 1 }]);
  });

  it("a personal download right after install waits for the policy, and includes what it approves", async () => {
    profile.policyKnown = false;
    profile.policy = { approvedToolIds: ["chatgpt"] };
    profile.snapshot = CHAT;
    const worker = profile.startWorker();
    await worker.ready();
    await worker.dispatch(T0 + 6000, activate(undefined, T0 + 6000));
    profile.snapshot = OTHER;
    profile.now = T0 + 7000;
    const data = await worker.exportPersonalData(T0 + 7000);
    expect(data.days).toEqual([{ date: "2026-11-25", toolId: "chatgpt", activeSeconds: 6, visits: 1 }]);
  });

  it("a visit closed before the policy answered is asked about once the policy records it", async () => {
    const left: string[][] = [];
    profile.policyKnown = false;
    profile.snapshot = CHAT;
    const worker = profile.startWorker({
      toolsLeft: async (toolIds) => {
        left.push(toolIds);
      },
    });
    await worker.ready();
    await worker.dispatch(T0 + 5000, activate(undefined, T0 + 5000));
    expect(left).toEqual([]);
    profile.policyKnown = true;
    profile.snapshot = OTHER;
    profile.now = T0 + 8000;
    await worker.policyChanged();
    expect(left).toEqual([["chatgpt"]]);
  });

  it("a download while the policy has still not answered holds the time waiting for it, which no store holds yet", async () => {
    profile.policyKnown = false;
    profile.policyArrives = false;
    profile.snapshot = CHAT;
    const worker = profile.startWorker();
    await worker.ready();
    await worker.dispatch(T0 + 6000, activate(undefined, T0 + 6000));
    await worker.dispatch(T0 + 7000, activate("https://chatgpt.com/", T0 + 7000));
    await worker.dispatch(T0 + 9000, activate(undefined, T0 + 9000));
    profile.snapshot = OTHER;
    profile.now = T0 + 10_000;
    const data = await worker.exportPersonalData(T0 + 10_000);
    expect(data.days).toEqual([{ date: "2026-11-25", toolId: "chatgpt", activeSeconds: 8, visits: 1 }]);
    expect(data.visits).toHaveLength(1);
    expect(await profile.db.days.count()).toBe(0);
  });
});
