import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { startTracking, tabUpdatedEvent } from "../../../lib/platform/tracking-wiring";

type Change = Parameters<typeof tabUpdatedEvent>[2];
type Tab = Parameters<typeof tabUpdatedEvent>[3];

const CHAT = "https://chatgpt.com/c/1";
const tab = (props: { active: boolean; url?: string }) => ({ id: 5, windowId: 1, index: 0, ...props }) as Tab;
const event = (change: Change, props: { active: boolean; url?: string }) =>
  tabUpdatedEvent(1000, 5, change, tab(props));

describe("tabs.onUpdated filter", () => {
  it("passes a URL change of the active tab", () => {
    expect(event({ url: CHAT }, { active: true, url: CHAT })).toEqual({
      type: "tabUpdated",
      at: 1000,
      windowId: 1,
      tabId: 5,
      active: true,
      url: CHAT,
    });
  });

  it("passes the start of a navigation away, which has no URL the extension may see", () => {
    expect(event({ status: "loading" }, { active: true })).toMatchObject({ type: "tabUpdated", url: undefined });
  });

  it("passes the end of a load on a page the extension cannot see: its URL may have just left a tool", () => {
    expect(event({ status: "complete" }, { active: true })).toMatchObject({ type: "tabUpdated", url: undefined });
  });

  it("ignores the end of a load on a page whose URL change was already reported", () => {
    expect(event({ status: "complete" }, { active: true, url: CHAT })).toBeNull();
  });

  it("ignores tabs in the background", () => {
    expect(event({ url: CHAT, status: "loading" }, { active: false, url: CHAT })).toBeNull();
    expect(event({ status: "loading" }, { active: false })).toBeNull();
  });

  it("ignores changes that say nothing about the URL", () => {
    expect(event({ title: "Chat" } as Change, { active: true, url: CHAT })).toBeNull();
  });
});

describe("background wiring", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    fakeBrowser.reset();
  });

  it("reports a failed transition instead of leaving an unhandled rejection", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    vi.spyOn(fakeBrowser.alarms, "get").mockResolvedValue(undefined);
    vi.spyOn(fakeBrowser.alarms, "create").mockResolvedValue(undefined);
    vi.spyOn(fakeBrowser.alarms.onAlarm, "addListener").mockImplementation(() => {});
    vi.spyOn(fakeBrowser.permissions.onAdded, "addListener").mockImplementation(() => {});
    vi.spyOn(fakeBrowser.permissions.onRemoved, "addListener").mockImplementation(() => {});
    // Every start-up fails, so every event's transition fails too.
    vi.spyOn(fakeBrowser.idle, "setDetectionInterval").mockImplementation(() => {
      throw new Error("idle unavailable");
    });
    try {
      const background = startTracking({ query: async () => "active", listen: () => {} });
      const settled = async () => {
        await background.tracking.flush();
        await new Promise((resolve) => setTimeout(resolve, 20));
      };
      const reported = () => logged.mock.calls.filter(([tag]) => tag === "[tracking]").length;
      await expect(background.tracking.ready()).rejects.toThrow("idle unavailable");
      await settled();
      const before = reported();
      expect(before).toBeGreaterThan(0);
      await fakeBrowser.tabs.onActivated.trigger({ tabId: 5, windowId: 1 });
      await settled();
      expect(reported()).toBe(before + 1);
      expect(unhandled).toEqual([]);
      await background.db.delete();
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });
});
