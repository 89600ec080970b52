import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { startTracking } from "../../../lib/platform/tracking-wiring";

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
      // The policy check after start-up may apply a first policy, which fails start-up once
      // more; wait for it, so only the tab event is counted below.
      await background.policyChecked;
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
