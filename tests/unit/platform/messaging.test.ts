import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import type { MessageHandlers } from "../../../lib/messages/protocol";
import { registerMessageHandlers } from "../../../lib/platform/messaging";
import { DEFAULT_SETTINGS } from "../../../lib/settings/settings";

// The background's one message listener is a trust boundary: content scripts run inside
// web pages. These tests fire raw messages at it the way the browser would.

const status = { paused: false, engagedToolId: null, engagedSince: null, writeError: null };
const calls: string[] = [];
const noSharing = {
  inForce: null,
  policyTeam: null,
  setByPolicy: false,
  teamKeyImported: false,
  localLayout: { toolIds: [], categoryIds: [], roundingMinutes: 5 },
  minGroupSize: 5,
  memberCode: null,
};
const handlers: MessageHandlers = {
  getStatus: async () => {
    calls.push("getStatus");
    return status;
  },
  setPaused: async ({ paused }) => {
    calls.push(`setPaused:${paused}`);
    return { ...status, paused };
  },
  exportPersonalData: async () => {
    throw new Error("not used here");
  },
  saveSettings: async () => ({ ok: true, settings: DEFAULT_SETTINGS }),
  getProtectedSharing: async () => noSharing,
  importTeamKey: async () => ({ ok: false, error: "not used here" }),
  removeTeamKey: async () => noSharing,
  setMemberCode: async () => ({ ok: false, error: "not used here" }),
  getSettingsView: async () => ({
    settings: DEFAULT_SETTINGS,
    categories: [],
    locked: [],
    organization: {
      fields: [],
      issues: [],
      teamLabel: null,
      trainingDate: null,
      allowUserTools: true,
      customToolIds: [],
      dashboard: {
        minGroupSize: 5,
        weeklyActiveRateTarget: null,
        minutesSavedTarget: null,
        hourlyCost: null,
        teamSize: null,
      },
    },
  }),
  getPendingVisits: async () => ({ visits: [] }),
  saveTag: async () => ({ ok: true }),
  skipTag: async () => ({}),
  declineTagToday: async () => ({}),
  buildTeamReport: async () => ({ ok: false, error: "not used here" }),
  deleteAllData: async () => {
    calls.push("deleteAllData");
    return {};
  },
  reportPage: async (request, sender) => {
    calls.push(`reportPage:${request.reports.map((report) => report.visible).join()}:${sender.tabId}`);
    return { counting: false, epoch: "e1", tabId: sender.tabId ?? -1 };
  },
};

beforeEach(() => {
  fakeBrowser.reset();
  calls.length = 0;
  registerMessageHandlers(handlers);
});

const page = { id: fakeBrowser.runtime.id, url: "chrome-extension://test/popup.html" };
const webPage = { id: fakeBrowser.runtime.id, url: "https://chatgpt.com/c/1", tab: { id: 7, windowId: 3 } };

/** Fires a raw message at the listener and returns what it sent back. */
function send(message: unknown, sender: object): Promise<{ ok: boolean; error?: string }> {
  return new Promise((resolve) => {
    // The fake's types omit sendResponse; the real event passes it as the third argument.
    const trigger = fakeBrowser.runtime.onMessage.trigger as unknown as (...args: unknown[]) => Promise<unknown>;
    void trigger(message, sender, resolve);
  });
}

describe("registerMessageHandlers", () => {
  it.each([
    ["an extension page may pause tracking", { name: "setPaused", request: { paused: true } }, page, "setPaused:true"],
    [
      "a content script may report its page, with its tab",
      {
        name: "reportPage",
        request: {
          reports: [
            { visible: true, focused: false, at: 1 },
            { visible: false, focused: false, at: 2 },
          ],
        },
      },
      webPage,
      "reportPage:true,false:7",
    ],
  ])("%s", async (_name, message, sender, call) => {
    expect(await send(message, sender)).toMatchObject({ ok: true });
    expect(calls).toEqual([call]);
  });

  it.each([
    ["a web page may not pause tracking", { name: "setPaused", request: { paused: true } }, webPage],
    ["a web page may not download personal data", { name: "exportPersonalData", request: {} }, webPage],
    ["a web page may not change settings", { name: "saveSettings", request: { patch: {} } }, webPage],
    ["a web page may not delete data", { name: "deleteAllData", request: {} }, webPage],
    ["a web page may not build a team report", { name: "buildTeamReport", request: {} }, webPage],
    ["an unknown message", { name: "deleteEverything", request: {} }, page],
    ["a prototype key as a name", { name: "__proto__", request: {} }, page],
    ["a request of the wrong shape", { name: "setPaused", request: { paused: "yes" } }, page],
    [
      "extra fields in a request",
      { name: "reportPage", request: { reports: [{ visible: true, focused: true, at: 1, url: "x" }] } },
      webPage,
    ],
    ["a report of no change", { name: "reportPage", request: { reports: [] } }, webPage],
    [
      "more changes than a page keeps",
      {
        name: "reportPage",
        request: { reports: Array.from({ length: 17 }, (_, at) => ({ visible: true, focused: true, at })) },
      },
      webPage,
    ],
    ["not an envelope at all", "getStatus", page],
  ])("%s is refused", async (_name, message, sender) => {
    expect(await send(message, sender)).toMatchObject({ ok: false, error: expect.any(String) });
    expect(calls).toEqual([]);
  });

  it("another extension gets no answer at all", async () => {
    const sendResponse = vi.fn();
    const trigger = fakeBrowser.runtime.onMessage.trigger as unknown as (...args: unknown[]) => Promise<unknown[]>;
    // The listener declines at once (false: no answer will follow) and never answers later.
    expect(await trigger({ name: "getStatus", request: {} }, { id: "someone-else" }, sendResponse)).toEqual([false]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(sendResponse).not.toHaveBeenCalled();
    expect(calls).toEqual([]);
  });
});
