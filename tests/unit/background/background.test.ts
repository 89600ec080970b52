import { afterEach, describe, expect, it, vi } from "vitest";
import { createBackground } from "../../../lib/background/background";
import type { BrowserEvents, BrowserPort, PolicyPort, StoragePort } from "../../../lib/background/ports";
import { MeterDatabase } from "../../../lib/db/database";
import { protocol } from "../../../lib/messages/protocol";
import { parsePolicy, policyValues } from "../../../lib/policy/policy";
import { DEFAULT_SETTINGS } from "../../../lib/settings/settings";
import type { FiguresKeeper } from "../../../lib/stats/kept-figures";
import { WINDOW_ID_NONE } from "../../../lib/tracking/engagement";

// The composition root runs on fakes of its adapters alone: no browser is needed to build it.
function fakes(figures?: FiguresKeeper) {
  const calls: string[] = [];
  let events: BrowserEvents | undefined;
  const browserPort: BrowserPort = {
    listen: (registered) => {
      events = registered;
    },
    snapshot: async (idle) => ({ focusedWindowId: WINDOW_ID_NONE, activeTabs: [], idle }),
    focusedWindow: async () => WINDOW_ID_NONE,
    tabUrl: async () => undefined,
    setTickAlarm: async () => {},
    setIdleInterval: (seconds) => calls.push(`idle ${seconds}`),
    registerCustomHeartbeats: async () => {},
    tellTab: async () => {},
    setBadge: async (text) => {
      calls.push(`badge ${text}`);
    },
    showNotification: async (id) => {
      calls.push(`notify ${id}`);
    },
    clearNotification: async (id) => {
      calls.push(`clear ${id}`);
    },
    openTagWindow: async (visitId) => {
      calls.push(`open ${visitId}`);
    },
    message: (key) => key,
    version: () => "0.1.0",
  };
  const { policy } = parsePolicy(undefined);
  const policyPort: PolicyPort = {
    read: async () => ({ policy, issues: [], known: true }),
    refresh: async () => false,
    watch: () => {},
    announceApplied: async () => {},
    effectiveSettings: async () => ({ settings: DEFAULT_SETTINGS, locked: [], policy }),
    values: async () => policyValues(policy),
  };
  const storage: StoragePort = {
    readHeartbeat: async () => null,
    readSessionEpoch: async () => null,
    writeSessionEpoch: async () => {},
    moveOutOfExtensionStorage: async () => {},
    deviceSecret: async () => new Uint8Array(32),
    noteInFlight: () => () => {},
    takeInFlight: async () => ({ events: [], forget: async () => {} }),
  };
  const db = new MeterDatabase();
  const background = createBackground({
    db,
    now: () => 1_764_000_000_000,
    newEpoch: () => "epoch-1",
    idle: { query: async () => "active", listen: () => {} },
    browserPort,
    policy: policyPort,
    storage,
    figures,
  });
  /** Lets start-up and the policy check finish before the database goes. */
  const close = async () => {
    await background.policyChecked;
    await background.tracking.flush();
    await db.delete();
  };
  return { background, calls, events: () => events as BrowserEvents, close };
}

describe("createBackground", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("registers the browser's events synchronously and a handler for every message", async () => {
    const { background, events, close } = fakes();
    expect(events()).toBeDefined();
    expect(Object.keys(background.handlers).sort()).toEqual(Object.keys(protocol).sort());
    await background.tracking.ready();
    await close();
  });

  it("a click on a visit's notification clears it and opens that visit's tag form; other ids do nothing", async () => {
    const { background, calls, events, close } = fakes();
    await background.tracking.ready();
    events().notificationClicked("visit:7");
    events().notificationClicked("something-else");
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(calls.filter((call) => call.startsWith("clear") || call.startsWith("open"))).toEqual([
      "clear visit:7",
      "open 7",
    ]);
    await close();
  });

  it("applies the idle threshold of the settings in force at start-up", async () => {
    const { background, calls, close } = fakes();
    await background.tracking.ready();
    expect(calls).toContain(`idle ${DEFAULT_SETTINGS.idleThresholdSec}`);
    await close();
  });

  it("answers getSettingsView through the policy port", async () => {
    const { background, close } = fakes();
    const view = await background.handlers.getSettingsView({}, {});
    expect(view.settings).toEqual(DEFAULT_SETTINGS);
    expect(view.organization.fields).toEqual([]);
    await close();
  });
});

// Issue 16: the popup's copy of its rows is dropped before every write that can change a figure.
describe("the popup's copy through the composition root", () => {
  function loggingKeeper() {
    const log: string[] = [];
    const keeper: FiguresKeeper = {
      async changing(write) {
        log.push("drop");
        return write();
      },
      async unchanged(write) {
        log.push("keep");
        return write();
      },
      refresh: async () => {},
    };
    return { keeper, log };
  }

  it("drops the copy before start-up's writes and before Delete all", async () => {
    const { keeper, log } = loggingKeeper();
    const { background, close } = fakes(keeper);
    await background.tracking.ready();
    await background.tracking.flush();
    expect(log).toContain("drop");
    log.length = 0;
    await background.handlers.deleteAllData({}, {} as never);
    // The segment dropped first changes no figure (none was open); the deletion does.
    expect(log.at(-1)).toBe("drop");
    await close();
  });

  it("keeps the copy for a state that changes no figure", async () => {
    const { keeper, log } = loggingKeeper();
    const { background, events, close } = fakes(keeper);
    await background.tracking.ready();
    await background.tracking.flush();
    log.length = 0;
    // A window focus change while no AI tool is in front: nothing measured before or after.
    events().windowFocusChanged(7);
    await background.tracking.flush();
    expect(log).toContain("keep");
    expect(log).not.toContain("drop");
    await close();
  });
});
