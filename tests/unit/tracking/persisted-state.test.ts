import { describe, expect, it } from "vitest";
import { initialEngagementState } from "../../../lib/tracking/engagement";
import { parsePersistedTracking } from "../../../lib/tracking/persisted-state";

const T0 = new Date(2026, 10, 25, 10, 0, 0).getTime();

/** A valid stored state whose engagement takes these fields. */
function stored(engagement: Record<string, unknown>): unknown {
  return {
    epoch: "epoch-1",
    engagement: { ...initialEngagementState(T0), ...engagement },
    pending: [],
    provisional: [],
    prunedAt: 0,
  };
}

describe("the stored tracking state, read back", () => {
  it("keeps each tab's latest report and a tab in front on its page's word", () => {
    const parsed = parsePersistedTracking(
      stored({ reported: { "5": T0 - 10 }, vouched: { tabId: 5, toolId: "chatgpt", from: T0 - 10, until: T0 } }),
    );
    expect(parsed?.engagement.reported).toEqual({ "5": T0 - 10 });
    expect(parsed?.engagement.vouched).toEqual({ tabId: 5, toolId: "chatgpt", from: T0 - 10, until: T0 });
  });

  it("reads a state of the version before, which had neither", () => {
    expect(parsePersistedTracking(stored({}))).not.toBeNull();
  });

  it.each<[string, Record<string, unknown>]>([
    [
      "a URL as the tool of a tab on its page's word",
      { vouched: { tabId: 5, toolId: "https://evil.example/x", from: 1, until: 2 } },
    ],
    [
      "a tab on its page's word that ended before it began",
      { vouched: { tabId: 5, toolId: "chatgpt", from: 9, until: 2 } },
    ],
    [
      "a tab on its page's word with an extra field",
      { vouched: { tabId: 5, toolId: "chatgpt", from: 1, until: 2, url: "x" } },
    ],
    ["a latest report that is not a time", { reported: { "5": "soon" } }],
    ["a latest report for a key that is not a tab id", { reported: { "https://chatgpt.com/": 1 } }],
    [
      "more tabs' reports than are kept",
      { reported: Object.fromEntries(Array.from({ length: 65 }, (_, tab) => [String(tab), 1])) },
    ],
  ])("refuses %s", (_what, engagement) => {
    expect(parsePersistedTracking(stored(engagement))).toBeNull();
  });
});
