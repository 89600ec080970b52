import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CATALOG } from "../../../lib/catalog/catalog";
import { localDate } from "../../../lib/time/local-date";
import type { Segment } from "../../../lib/tracking/day-split";
import {
  type BrowserSnapshot,
  type EngagementConfig,
  type EngagementEvent,
  type EngagementState,
  engagedTool,
  FOCUS_FLICKER_MS,
  initialEngagementState,
  nextDeadline,
  REPORTED_TABS_MAX,
  step,
  stepAll,
  WINDOW_ID_NONE,
} from "../../../lib/tracking/engagement";

const T0 = new Date(2026, 10, 25, 10, 0, 0).getTime();
const s = (seconds: number) => T0 + seconds * 1000;
const W = 1;
const W2 = 2;
const CHAT = "https://chatgpt.com/c/1";
const CLAUDE = "https://claude.ai/new";
const OTHER = undefined; // a non-AI tab: the browser withholds its URL
const config: EngagementConfig = { tools: CATALOG, idleThresholdSec: 120 };

/** A browser with window W focused and the given URL in its active tab, at time `at`. */
function focusedOn(url: string | undefined, at = s(0)): EngagementEvent[] {
  return [
    { type: "windowFocusChanged", at, windowId: W },
    { type: "tabActivated", at, windowId: W, tabId: 10, url },
  ];
}

function run(events: EngagementEvent[], cfg = config, state = initialEngagementState(s(0))) {
  const segments: Segment[] = [];
  for (const event of events) {
    const result = step(state, event, cfg);
    state = result.state;
    segments.push(...result.closed);
  }
  return { state, segments };
}

const seconds = (segments: Segment[]) => segments.map((x) => [x.toolId, (x.start - T0) / 1000, (x.end - T0) / 1000]);

describe("engagement: what counts", () => {
  it.each<[string, EngagementEvent[], (string | number)[][]]>([
    [
      "continuous use until switching to a non-AI tab",
      [...focusedOn(CHAT), { type: "tabActivated", at: s(10), windowId: W, tabId: 11, url: OTHER }],
      [["chatgpt", 0, 10]],
    ],
    ["a non-AI tab never counts", [...focusedOn("https://example.com/"), { type: "tick", at: s(60) }], []],
    [
      "an AI tab in a window without focus does not count",
      [
        { type: "tabActivated", at: s(0), windowId: W, tabId: 10, url: CHAT },
        { type: "tick", at: s(30) },
      ],
      [],
    ],
    [
      "SPA navigation inside one tool does not split the segment",
      [
        ...focusedOn(CHAT),
        { type: "tabUpdated", at: s(3), windowId: W, tabId: 10, active: true, url: "https://chatgpt.com/c/2" },
        { type: "tabUpdated", at: s(5), windowId: W, tabId: 10, active: true, url: "https://chatgpt.com/c/2#x" },
        { type: "tabActivated", at: s(8), windowId: W, tabId: 11, url: OTHER },
      ],
      [["chatgpt", 0, 8]],
    ],
    [
      "navigating the same tab off the tool stops it",
      [
        ...focusedOn(CHAT),
        { type: "tabUpdated", at: s(4), windowId: W, tabId: 10, active: true, url: OTHER },
        { type: "tick", at: s(20) },
      ],
      [["chatgpt", 0, 4]],
    ],
    [
      "leaving a path prefix by SPA navigation stops it",
      [
        ...focusedOn("https://github.com/copilot"),
        { type: "tabUpdated", at: s(6), windowId: W, tabId: 10, active: true, url: "https://github.com/settings" },
        { type: "tick", at: s(20) },
      ],
      [["github-copilot", 0, 6]],
    ],
    [
      "two tools in turn",
      [
        ...focusedOn(CHAT),
        { type: "tabActivated", at: s(5), windowId: W, tabId: 12, url: CLAUDE },
        { type: "tabActivated", at: s(9), windowId: W, tabId: 10, url: CHAT },
        { type: "tabActivated", at: s(12), windowId: W, tabId: 11, url: OTHER },
      ],
      [
        ["chatgpt", 0, 5],
        ["claude", 5, 9],
        ["chatgpt", 9, 12],
      ],
    ],
    [
      "closing the active AI tab",
      [...focusedOn(CHAT), { type: "tabRemoved", at: s(7), windowId: W, tabId: 10 }, { type: "tick", at: s(9) }],
      [["chatgpt", 0, 7]],
    ],
    [
      "closing another tab changes nothing",
      [
        ...focusedOn(CHAT),
        { type: "tabRemoved", at: s(3), windowId: W, tabId: 99 },
        { type: "tabActivated", at: s(7), windowId: W, tabId: 11, url: OTHER },
      ],
      [["chatgpt", 0, 7]],
    ],
    ["closing the window", [...focusedOn(CHAT), { type: "windowRemoved", at: s(4), windowId: W }], [["chatgpt", 0, 4]]],
    [
      "a second window takes focus while the AI tab stays active in the first",
      [
        ...focusedOn(CHAT),
        { type: "tabActivated", at: s(4), windowId: W2, tabId: 20, url: OTHER },
        { type: "windowFocusChanged", at: s(4), windowId: W2 },
        { type: "windowFocusChanged", at: s(9), windowId: W },
        { type: "tabActivated", at: s(12), windowId: W, tabId: 11, url: OTHER },
      ],
      [
        ["chatgpt", 0, 4],
        ["chatgpt", 9, 12],
      ],
    ],
    [
      "the browser loses OS focus for real",
      [
        ...focusedOn(CHAT),
        { type: "windowFocusChanged", at: s(5), windowId: WINDOW_ID_NONE },
        { type: "windowFocusChanged", at: s(8), windowId: W },
        { type: "tabActivated", at: s(10), windowId: W, tabId: 11, url: OTHER },
      ],
      [
        ["chatgpt", 0, 5],
        ["chatgpt", 8, 10],
      ],
    ],
    [
      "a focus flicker shorter than the flicker window is ignored",
      [
        ...focusedOn(CHAT),
        { type: "windowFocusChanged", at: s(5), windowId: WINDOW_ID_NONE },
        { type: "windowFocusChanged", at: s(5) + 150, windowId: W },
        { type: "tabActivated", at: s(10), windowId: W, tabId: 11, url: OTHER },
      ],
      [["chatgpt", 0, 10]],
    ],
    [
      "a focus loss settled by a later tick ends when it was reported",
      [
        ...focusedOn(CHAT),
        { type: "windowFocusChanged", at: s(5), windowId: WINDOW_ID_NONE },
        { type: "tick", at: s(5) + FOCUS_FLICKER_MS + 1 },
      ],
      [["chatgpt", 0, 5]],
    ],
    [
      "a focus loss that the browser denies after the flicker window is no loss",
      [
        ...focusedOn(CHAT),
        { type: "windowFocusChanged", at: s(5), windowId: WINDOW_ID_NONE },
        { type: "tick", at: s(5) + FOCUS_FLICKER_MS + 1, focusedWindowId: W },
        { type: "tabActivated", at: s(9), windowId: W, tabId: 11, url: OTHER },
      ],
      [["chatgpt", 0, 9]],
    ],
    [
      "a focus loss the browser confirms ends when it was reported",
      [
        ...focusedOn(CHAT),
        { type: "windowFocusChanged", at: s(5), windowId: WINDOW_ID_NONE },
        { type: "tick", at: s(5) + FOCUS_FLICKER_MS + 1, focusedWindowId: WINDOW_ID_NONE },
        { type: "tick", at: s(9) },
      ],
      [["chatgpt", 0, 5]],
    ],
    [
      "a minimized window's page reports hidden, then visible again",
      [
        ...focusedOn(CHAT),
        { type: "pageReport", at: s(3), windowId: W, tabId: 10, visible: false },
        { type: "pageReport", at: s(6), windowId: W, tabId: 10, visible: true },
        { type: "tabActivated", at: s(8), windowId: W, tabId: 11, url: OTHER },
      ],
      [
        ["chatgpt", 0, 3],
        ["chatgpt", 6, 8],
      ],
    ],
    [
      "a navigation shows a new document, which is visible until it says otherwise",
      [
        ...focusedOn(CHAT),
        { type: "pageReport", at: s(3), windowId: W, tabId: 10, visible: false },
        { type: "tabUpdated", at: s(5), windowId: W, tabId: 10, active: true, url: CLAUDE },
        { type: "tabActivated", at: s(8), windowId: W, tabId: 11, url: OTHER },
      ],
      [
        ["chatgpt", 0, 3],
        ["claude", 5, 8],
      ],
    ],
    [
      "visibility of a tab that is not active is ignored",
      [
        ...focusedOn(CHAT),
        { type: "pageReport", at: s(3), windowId: W, tabId: 77, visible: false },
        { type: "tabActivated", at: s(8), windowId: W, tabId: 11, url: OTHER },
      ],
      [["chatgpt", 0, 8]],
    ],
    [
      "idle is backdated by the threshold",
      [...focusedOn(CHAT), { type: "idleChanged", at: s(200), state: "idle" }, { type: "tick", at: s(300) }],
      [["chatgpt", 0, 80]],
    ],
    [
      "idle is never backdated before the segment's start",
      [
        ...focusedOn(OTHER),
        { type: "tabActivated", at: s(100), windowId: W, tabId: 10, url: CHAT },
        { type: "idleChanged", at: s(130), state: "idle" },
      ],
      [],
    ],
    [
      "idle, then active again, starts a new segment at the return",
      [
        ...focusedOn(CHAT),
        { type: "idleChanged", at: s(150), state: "idle" },
        { type: "idleChanged", at: s(400), state: "active" },
        { type: "tabActivated", at: s(410), windowId: W, tabId: 11, url: OTHER },
      ],
      [
        ["chatgpt", 0, 30],
        ["chatgpt", 400, 410],
      ],
    ],
    [
      "locking the screen ends the segment at once, without backdating",
      [
        ...focusedOn(CHAT),
        { type: "idleChanged", at: s(50), state: "locked" },
        { type: "idleChanged", at: s(70), state: "active" },
        { type: "tabActivated", at: s(75), windowId: W, tabId: 11, url: OTHER },
      ],
      [
        ["chatgpt", 0, 50],
        ["chatgpt", 70, 75],
      ],
    ],
    [
      "idle after locked does not backdate a second time",
      [
        ...focusedOn(CHAT),
        { type: "idleChanged", at: s(50), state: "locked" },
        { type: "idleChanged", at: s(180), state: "idle" },
      ],
      [["chatgpt", 0, 50]],
    ],
    [
      "pause and resume",
      [
        ...focusedOn(CHAT),
        { type: "paused", at: s(4) },
        { type: "tick", at: s(8) },
        { type: "resumed", at: s(10) },
        { type: "tabActivated", at: s(13), windowId: W, tabId: 11, url: OTHER },
      ],
      [
        ["chatgpt", 0, 4],
        ["chatgpt", 10, 13],
      ],
    ],
    [
      "a checkpoint closes and reopens without losing time",
      [
        ...focusedOn(CHAT),
        { type: "checkpoint", at: s(5) },
        { type: "tabActivated", at: s(9), windowId: W, tabId: 11, url: OTHER },
      ],
      [
        ["chatgpt", 0, 5],
        ["chatgpt", 5, 9],
      ],
    ],
    [
      "an event stamped before the previous one does not run time backwards",
      [
        ...focusedOn(CHAT),
        { type: "tick", at: s(10) },
        { type: "tabActivated", at: s(8), windowId: W, tabId: 11, url: OTHER },
      ],
      [["chatgpt", 0, 10]],
    ],
  ])("%s", (_name, events, expected) => {
    expect(seconds(run(events).segments)).toEqual(expected);
  });

  it("does not count a tool that is not approved", () => {
    const claudeOnly = { ...config, tools: CATALOG.filter((tool) => tool.id === "claude") };
    const { segments } = run(
      [
        ...focusedOn(CHAT),
        { type: "tabActivated", at: s(5), windowId: W, tabId: 11, url: CLAUDE },
        { type: "tick", at: s(9) },
      ],
      claudeOnly,
    );
    expect(seconds(segments)).toEqual([]);
    expect(engagedTool(run([...focusedOn(CLAUDE)], claudeOnly).state)).toBe("claude");
  });

  it("splits a segment at local midnight", () => {
    const late = new Date(2026, 10, 25, 23, 59, 50).getTime();
    const { segments } = run(
      [...focusedOn(CHAT, late), { type: "tabActivated", at: late + 20_000, windowId: W, tabId: 11, url: OTHER }],
      config,
      initialEngagementState(late),
    );
    expect(segments.map((x) => [localDate(x.start), (x.end - x.start) / 1000])).toEqual([
      ["2026-11-25", 10],
      ["2026-11-26", 10],
    ]);
  });

  it("asks for a tick just after the flicker window while a focus loss is pending", () => {
    const { state } = run([...focusedOn(CHAT), { type: "windowFocusChanged", at: s(5), windowId: WINDOW_ID_NONE }]);
    expect(nextDeadline(state)).toBe(s(5) + FOCUS_FLICKER_MS + 1);
    expect(engagedTool(state)).toBe("chatgpt");
    expect(nextDeadline(run(focusedOn(CHAT)).state)).toBeNull();
  });
});

describe("engagement: startup and recovery", () => {
  const snapshot = (url: string | undefined): BrowserSnapshot => ({
    focusedWindowId: W,
    activeTabs: [{ windowId: W, tabId: 10, url }],
  });

  it("closes a segment left open by a closed or crashed browser at its last-seen time", () => {
    const before = run([...focusedOn(CHAT), { type: "tick", at: s(30) }]).state;
    const { segments, state } = run(
      [{ type: "startup", at: s(600), lastSeen: s(42), snapshot: snapshot(OTHER) }],
      config,
      before,
    );
    expect(seconds(segments)).toEqual([["chatgpt", 0, 42]]);
    expect(state.open).toBeNull();
  });

  it("uses the worker's own last-seen time when no heartbeat is newer", () => {
    const before = run([...focusedOn(CHAT), { type: "tick", at: s(30) }]).state;
    const { segments } = run(
      [{ type: "startup", at: s(600), lastSeen: s(12), snapshot: snapshot(OTHER) }],
      config,
      before,
    );
    expect(seconds(segments)).toEqual([["chatgpt", 0, 30]]);
  });

  it("a pending focus loss caps recovery at the loss", () => {
    const before = run([...focusedOn(CHAT), { type: "windowFocusChanged", at: s(5), windowId: WINDOW_ID_NONE }]).state;
    const { segments } = run(
      [{ type: "startup", at: s(600), lastSeen: s(50), snapshot: snapshot(OTHER) }],
      config,
      before,
    );
    expect(seconds(segments)).toEqual([["chatgpt", 0, 5]]);
  });

  it("opens a segment at startup when an AI tool is already in front", () => {
    const { state } = run([{ type: "startup", at: s(0), lastSeen: null, snapshot: snapshot(CHAT) }]);
    expect(state.open).toMatchObject({ toolId: "chatgpt", start: s(0) });
  });

  it("the first visit after install counts from the page's report, made before the worker first ran", () => {
    const page: EngagementEvent = {
      type: "pageReport",
      at: s(2) - 300,
      windowId: W,
      tabId: 10,
      visible: true,
      focused: true,
      snapshot: snapshot(CHAT),
    };
    const { state } = run(
      [{ type: "startup", at: s(2), lastSeen: null, snapshot: snapshot(CHAT) }, page],
      config,
      initialEngagementState(s(2)),
    );
    expect(state.open).toMatchObject({ toolId: "chatgpt", start: s(2) - 300 });
  });

  it("after a browser restart, a page's report dates the new segment back, never into the old one", () => {
    const before = run([...focusedOn(CHAT), { type: "tick", at: s(30) }]).state;
    const report = (at: number): EngagementEvent => ({
      type: "pageReport",
      at,
      windowId: W,
      tabId: 10,
      visible: true,
      focused: true,
      snapshot: snapshot(CHAT),
    });
    const restarted = run([{ type: "startup", at: s(600), lastSeen: s(42), snapshot: snapshot(CHAT) }], config, before);
    expect(seconds(restarted.segments)).toEqual([["chatgpt", 0, 42]]);
    // The restored page was in front from 599 s, before the worker got to look.
    expect(run([report(s(599))], config, restarted.state).state.open).toMatchObject({ start: s(599) });
    // A report dated inside the old session's recorded time is held at its end.
    expect(run([report(s(40))], config, restarted.state).state.open).toMatchObject({ start: s(42) });
  });

  it("a page report without focus does not date the segment a startup opened", () => {
    const { state } = run(
      [
        { type: "startup", at: s(2), lastSeen: null, snapshot: snapshot(CHAT) },
        {
          type: "pageReport",
          at: s(1),
          windowId: W,
          tabId: 10,
          visible: true,
          focused: false,
          snapshot: snapshot(CHAT),
        },
      ],
      config,
      initialEngagementState(s(2)),
    );
    expect(state.open).toMatchObject({ start: s(2) });
  });

  it("a settings sync that removes the tool closes its segment", () => {
    const before = run(focusedOn(CHAT)).state;
    const noChat = { ...config, tools: CATALOG.filter((tool) => tool.id !== "chatgpt") };
    const { segments } = run([{ type: "sync", at: s(15), snapshot: snapshot(CHAT) }], noChat, before);
    expect(seconds(segments)).toEqual([["chatgpt", 0, 15]]);
  });
});

describe("engagement: an event lost with a dying worker", () => {
  /** Window W shows the AI tab 10, window W2 a non-AI tab 20. */
  const twoWindows = (focused: number): BrowserSnapshot => ({
    focusedWindowId: focused,
    activeTabs: [
      { windowId: W, tabId: 10, url: CHAT },
      { windowId: W2, tabId: 20, url: OTHER },
    ],
  });
  const front = (url: string | undefined, tabId = 10, windowId = W): BrowserSnapshot => ({
    focusedWindowId: windowId,
    activeTabs: [{ windowId, tabId, url }],
  });
  const reconcile = (at: number, snapshot: BrowserSnapshot, beat: number | null, tabId = 10): EngagementEvent => ({
    type: "reconcile",
    at,
    snapshot,
    heartbeat: beat === null ? null : { tabId, at: beat },
  });
  const report = (at: number, visible: boolean, snapshot?: BrowserSnapshot, tabId = 10): EngagementEvent => ({
    type: "pageReport",
    at,
    windowId: W,
    tabId,
    visible,
    ...(snapshot ? { snapshot } : {}),
  });

  it.each<[string, EngagementEvent[], (string | number)[][]]>([
    [
      "a lost tab switch away ends at the counted page's last beat",
      [...focusedOn(CHAT), { type: "tick", at: s(5) }, reconcile(s(30), front(OTHER, 11), s(12))],
      [["chatgpt", 0, 12]],
    ],
    [
      "without a beat of that tab, at the last event the old worker saw",
      [...focusedOn(CHAT), { type: "tick", at: s(5) }, reconcile(s(30), front(OTHER, 11), s(25), 99)],
      [["chatgpt", 0, 5]],
    ],
    [
      "a beat is never believed past the reconciliation",
      [...focusedOn(CHAT), reconcile(s(30), front(OTHER, 11), s(90))],
      [["chatgpt", 0, 30]],
    ],
    [
      "what the browser still shows in front goes on, with nothing lost",
      [
        ...focusedOn(CHAT),
        reconcile(s(30), front(CHAT), s(29)),
        { type: "tabActivated", at: s(40), windowId: W, tabId: 11 },
      ],
      [["chatgpt", 0, 40]],
    ],
    [
      "a lost switch to another window's tab is seen in the focus the browser reports",
      [...focusedOn(CHAT), reconcile(s(30), front(OTHER, 20, W2), s(18))],
      [["chatgpt", 0, 18]],
    ],
    [
      "idle whose event was lost is backdated by the threshold",
      [...focusedOn(CHAT), reconcile(s(400), { ...front(CHAT), idle: "idle" }, s(399))],
      [["chatgpt", 0, 280]],
    ],
    [
      "a lost switch to an AI tab is dated back by that page's own late report",
      [
        ...focusedOn(OTHER),
        { type: "tick", at: s(5) },
        reconcile(s(20), front(CHAT, 12), null),
        report(s(14), true, front(CHAT, 12), 12),
        { type: "tabActivated", at: s(30), windowId: W, tabId: 11 },
      ],
      [["chatgpt", 14, 30]],
    ],
    [
      "a late report is never dated before what the old worker knew",
      [
        ...focusedOn(OTHER),
        { type: "tick", at: s(16) },
        reconcile(s(20), front(CHAT, 12), null),
        report(s(14), true, front(CHAT, 12), 12),
        { type: "tabActivated", at: s(30), windowId: W, tabId: 11 },
      ],
      [["chatgpt", 16, 30]],
    ],
    [
      "a page restored while no worker ran dates its time, though two workers looked before its report came",
      [
        ...focusedOn(CHAT),
        report(s(5), false, front(CHAT)),
        { type: "tick", at: s(8) },
        // Restored at 12 s; the worker that woke for it died, and the next one too.
        reconcile(s(14), front(CHAT), null),
        reconcile(s(17), front(CHAT), null),
        report(s(12), true, front(CHAT)),
        { type: "tabActivated", at: s(30), windowId: W, tabId: 11 },
      ],
      [
        ["chatgpt", 0, 5],
        ["chatgpt", 12, 30],
      ],
    ],
    [
      "a late report of the page turning hidden ends the segment when it happened",
      [...focusedOn(CHAT), { type: "tick", at: s(30) }, report(s(12), false, front(CHAT))],
      [["chatgpt", 0, 12]],
    ],
    [
      "a page hidden at 12 s, reported at 30 s after a reconciliation, ends at 12 s",
      [...focusedOn(CHAT), reconcile(s(30), front(CHAT), s(12)), report(s(12), false, front(CHAT))],
      [["chatgpt", 0, 12]],
    ],
    [
      "a blur that the browser's answer shows was not a focus loss changes nothing",
      [
        ...focusedOn(CHAT),
        report(s(10), true, front(CHAT)),
        { type: "tabActivated", at: s(20), windowId: W, tabId: 11 },
      ],
      [["chatgpt", 0, 20]],
    ],
    [
      "a blur to another window is dated by the page",
      [...focusedOn(CHAT), { type: "tick", at: s(9) }, report(s(10), true, front(OTHER, 20, W2))],
      [["chatgpt", 0, 10]],
    ],
  ])("%s", (_name, events, expected) => {
    expect(seconds(run(events).segments)).toEqual(expected);
  });

  it("a segment opened by reconciliation is marked estimated until its page dates it", () => {
    const { state } = run([...focusedOn(OTHER), reconcile(s(20), front(CHAT, 12), null)]);
    expect(state.open).toMatchObject({ toolId: "chatgpt", tabId: 12, start: s(20), estimated: true });
    const dated = step(state, report(s(15), true, front(CHAT, 12), 12), config).state;
    expect(dated.open).toMatchObject({ start: s(15) });
    expect(dated.open?.estimated).toBeUndefined();
  });

  it("a report of a page without focus does not date an estimated start back; its next focused report does", () => {
    const { state } = run([...focusedOn(OTHER), reconcile(s(20), front(CHAT, 12), null)]);
    const blurred = { ...report(s(12), true, front(CHAT, 12), 12), focused: false } as EngagementEvent;
    const afterBlur = step(state, blurred, config).state;
    expect(afterBlur.open).toMatchObject({ start: s(20), estimated: true });
    const focused = { ...report(s(15), true, front(CHAT, 12), 12), focused: true } as EngagementEvent;
    expect(step(afterBlur, focused, config).state.open).toMatchObject({ start: s(15) });
  });

  it("an event that woke the new worker, dated late and changing nothing, leaves the page to date an estimated start", () => {
    const { state } = run([...focusedOn(OTHER), reconcile(s(20), front(CHAT, 12), null)]);
    const woke = step(state, { type: "tabActivated", at: s(21), windowId: W, tabId: 12, url: CHAT }, config).state;
    expect(step(woke, report(s(15), true, front(CHAT, 12), 12), config).state.open).toMatchObject({ start: s(15) });
  });

  it("a late report of a hide from before an estimated start leaves the page's next report to date it", () => {
    const { state } = run([...focusedOn(OTHER), { type: "tick", at: s(5) }, reconcile(s(20), front(CHAT, 12), null)]);
    const hidden = step(state, report(s(10), false, front(CHAT, 12), 12), config);
    expect(hidden.closed).toEqual([]);
    expect(hidden.state.open).toBeNull();
    const shown = step(hidden.state, report(s(18), true, front(CHAT, 12), 12), config).state;
    expect(shown.open).toMatchObject({ start: s(18) });
  });

  it("a page that had focus while no worker ran is counted from its report to its next one", () => {
    // Focus came to the AI window and left again for window 2 while workers were dead.
    const events: EngagementEvent[] = [
      { type: "sync", at: s(0), snapshot: twoWindows(W2) },
      reconcile(s(30), twoWindows(W2), null),
      { ...report(s(12), true, twoWindows(W2)), focused: true } as EngagementEvent,
      { ...report(s(25), true, twoWindows(W2)), focused: false } as EngagementEvent,
    ];
    expect(seconds(run(events).segments)).toEqual([["chatgpt", 12, 25]]);
  });

  it("a page's report of focus from before a browser event that changed engagement does not override it", () => {
    const events: EngagementEvent[] = [
      ...focusedOn(CHAT),
      { type: "windowFocusChanged", at: s(20), windowId: W2 },
      { ...report(s(15), true, front(OTHER, 20, W2)), focused: true } as EngagementEvent,
      { type: "tick", at: s(40) },
    ];
    expect(seconds(run(events).segments)).toEqual([["chatgpt", 0, 20]]);
  });

  it("a second reconciliation that finds the same estimated segment leaves the page to date it as far back", () => {
    const { state } = run([
      ...focusedOn(OTHER),
      { type: "tick", at: s(5) },
      reconcile(s(20), front(CHAT, 12), null),
      reconcile(s(25), front(CHAT, 12), null),
    ]);
    expect(state.open).toMatchObject({ start: s(20), estimated: true });
    const focused = { ...report(s(12), true, front(CHAT, 12), 12), focused: true } as EngagementEvent;
    expect(step(state, focused, config).state.open).toMatchObject({ start: s(12) });
  });

  it("a report applied by a worker that died before answering, sent again later, changes nothing", () => {
    const page = (at: number, focused: boolean) => ({ ...report(at, true, twoWindows(W)), focused }) as EngagementEvent;
    const events: EngagementEvent[] = [
      { type: "sync", at: s(0), snapshot: twoWindows(W2) },
      // Focus comes to the AI page at 15 s; its report is applied, but the answer is lost.
      reconcile(s(20), twoWindows(W), null),
      page(s(15), true),
      { type: "windowFocusChanged", at: s(25), windowId: W2 },
      reconcile(s(30), twoWindows(W2), null),
      // The person comes back at 38 s; that event is lost too, and the page's reports queue up.
      reconcile(s(40), twoWindows(W), null),
      page(s(15), true),
      page(s(24.5), false),
      page(s(38), true),
      { type: "tabActivated", at: s(50), windowId: W, tabId: 11, url: OTHER },
    ];
    expect(seconds(run(events).segments)).toEqual([
      ["chatgpt", 15, 25],
      ["chatgpt", 38, 50],
    ]);
  });

  it("a page's queued reports, applied together, skip one that its next overtakes at the floor", () => {
    const page = (at: number, focused: boolean) => ({ ...report(at, true, twoWindows(W)), focused }) as EngagementEvent;
    // Counted from 0 s; the worker dies, focus goes to window 2 at 20 s and comes back at 35 s.
    const { state, segments } = run([
      { type: "sync", at: s(0), snapshot: twoWindows(W) },
      reconcile(s(30), twoWindows(W2), s(20)),
      reconcile(s(40), twoWindows(W), null),
    ]);
    expect(state.since).toBe(s(30));
    // The page's changes since 10 s, never answered, arrive in one report.
    const together = stepAll(state, [page(s(10), true), page(s(20), false), page(s(35), true)], config);
    const left = step(together.state, { type: "tabActivated", at: s(50), windowId: W, tabId: 11, url: OTHER }, config);
    expect(seconds([...segments, ...together.closed, ...left.closed])).toEqual([
      ["chatgpt", 0, 20],
      ["chatgpt", 35, 50],
    ]);
  });

  it("a page's queued reports, applied together, end what they began before a later browser event", () => {
    const page = (at: number, focused: boolean) =>
      ({ ...report(at, true, twoWindows(W2)), focused }) as EngagementEvent;
    // Focus came to the AI page at 10 s and left at 12 s while no worker ran.
    const { state } = run([
      { type: "sync", at: s(0), snapshot: twoWindows(W2) },
      reconcile(s(30), twoWindows(W2), null),
    ]);
    const together = stepAll(state, [page(s(10), true), page(s(12), false)], config);
    const later = step(together.state, { type: "windowFocusChanged", at: s(31), windowId: W2 }, config);
    expect(seconds([...together.closed, ...later.closed])).toEqual([["chatgpt", 10, 12]]);
  });

  it("a page in front on its own word, after the browser shows another tab, counts from its report to its next one", () => {
    const withPage = (event: EngagementEvent) => ({ ...event, url: CHAT }) as EngagementEvent;
    const page = (at: number, visible: boolean, focused: boolean) =>
      withPage({ ...report(at, visible, front(OTHER, 11), 10), focused } as EngagementEvent);
    // The AI tab was in front from 10 s to 15 s while workers died; the browser, asked at 16 s,
    // shows the tab the person switched to.
    const { state } = run([...focusedOn(OTHER), reconcile(s(16), front(OTHER, 11), null)]);
    const gained = step(state, page(s(10), true, true), config);
    expect(gained.closed).toEqual([]);
    const left = step(gained.state, page(s(15), false, false), config);
    expect(seconds(left.closed)).toEqual([["chatgpt", 10, 15]]);
    // Never past the moment the browser already showed another tab.
    const late = step(gained.state, page(s(40), false, false), config);
    expect(seconds(late.closed)).toEqual([["chatgpt", 10, 16]]);
    // Without its next report, nothing is counted.
    const never = step(gained.state, { type: "tabActivated", at: s(20), windowId: W, tabId: 12, url: CLAUDE }, config);
    expect(seconds(never.closed)).toEqual([]);
    expect(never.state.vouched).toBeNull();
  });

  it("a segment whose page beat last before it began ends when the worker last saw it", () => {
    // The page's report opened the segment at 10 s, seen at 12 s; the worker died before the
    // page heard it is counted, so its last beat is from 4 s, an earlier time in front.
    const { state } = run([
      ...focusedOn(OTHER),
      { type: "tick", at: s(2) },
      reconcile(s(12), front(CHAT, 10), null),
      { ...report(s(10), true, front(CHAT, 10), 10), focused: true } as EngagementEvent,
    ]);
    expect(state.open).toMatchObject({ start: s(10), lastSeen: s(12) });
    const { closed } = step(state, reconcile(s(20), front(OTHER, 11), s(4)), config);
    expect(seconds(closed)).toEqual([["chatgpt", 10, 12]]);
  });

  it("a page's reports are remembered per tab, only the newest tabs, and forgotten with the tab", () => {
    let state = run(focusedOn(CHAT)).state;
    for (let tab = 1; tab <= REPORTED_TABS_MAX + 5; tab++) {
      state = step(state, report(s(1) + tab, true, undefined, tab), config).state;
    }
    expect(Object.keys(state.reported ?? {})).toHaveLength(REPORTED_TABS_MAX);
    expect(state.reported?.["1"]).toBeUndefined();
    expect(state.reported?.[String(REPORTED_TABS_MAX + 5)]).toBe(s(1) + REPORTED_TABS_MAX + 5);
    state = step(state, { type: "tabRemoved", at: s(2), windowId: W, tabId: REPORTED_TABS_MAX + 5 }, config).state;
    expect(state.reported?.[String(REPORTED_TABS_MAX + 5)]).toBeUndefined();
  });

  it("a report from another tab does not move an estimated start", () => {
    const { state } = run([...focusedOn(OTHER), reconcile(s(20), front(CHAT, 12), null)]);
    expect(step(state, report(s(15), true, front(CHAT, 12), 13), config).state.open).toMatchObject({ start: s(20) });
  });

  it("the counted tab follows the front tab of the same tool", () => {
    const { state } = run([
      ...focusedOn(CHAT),
      { type: "tabActivated", at: s(5), windowId: W, tabId: 11, url: "https://chatgpt.com/c/9" },
    ]);
    expect(state.open).toMatchObject({ toolId: "chatgpt", tabId: 11, start: s(0) });
  });

  it("a page that reported itself hidden stays hidden through a snapshot, which cannot see it", () => {
    const { state } = run([...focusedOn(CHAT), report(s(5), false), { type: "sync", at: s(9), snapshot: front(CHAT) }]);
    expect(engagedTool(state)).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------
// Properties over random event streams.

const URLS = [
  CHAT,
  "https://chatgpt.com/c/2?q=secret",
  CLAUDE,
  "https://gemini.google.com/app",
  "https://github.com/copilot",
  "https://github.com/settings",
  "https://huggingface.co/chat/x",
  "https://example.com/",
  "http://chatgpt.com/",
  "https://chatgpt.com.evil.example/",
  "file:///tmp/x.html",
  "chrome://newtab/",
  undefined,
];

const eventArb: fc.Arbitrary<(at: number) => EngagementEvent> = fc.oneof(
  fc
    .record({ windowId: fc.constantFrom(1, 2), tabId: fc.integer({ min: 1, max: 5 }), url: fc.constantFrom(...URLS) })
    .map((e) => (at: number) => ({ type: "tabActivated" as const, at, ...e })),
  fc
    .record({
      windowId: fc.constantFrom(1, 2),
      tabId: fc.integer({ min: 1, max: 5 }),
      active: fc.boolean(),
      url: fc.constantFrom(...URLS),
    })
    .map((e) => (at: number) => ({ type: "tabUpdated" as const, at, ...e })),
  fc
    .record({ windowId: fc.constantFrom(1, 2), tabId: fc.integer({ min: 1, max: 5 }) })
    .map((e) => (at: number) => ({ type: "tabRemoved" as const, at, ...e })),
  fc
    .constantFrom(1, 2, WINDOW_ID_NONE)
    .map((windowId) => (at: number) => ({ type: "windowFocusChanged" as const, at, windowId })),
  // A page's report may be stamped up to 20 s before it arrives, and carry the browser's answer.
  fc
    .record({
      windowId: fc.constantFrom(1, 2),
      tabId: fc.integer({ min: 1, max: 5 }),
      visible: fc.boolean(),
      late: fc.integer({ min: 0, max: 20_000 }),
      front: fc.option(fc.record({ windowId: fc.constantFrom(1, 2, WINDOW_ID_NONE), url: fc.constantFrom(...URLS) })),
    })
    .map(({ late, front, ...e }) => (at: number) => ({
      type: "pageReport" as const,
      at: at - late,
      ...e,
      ...(front
        ? {
            snapshot: {
              focusedWindowId: front.windowId,
              activeTabs: [{ windowId: 1, tabId: e.tabId, url: front.url }],
            },
          }
        : {}),
    })),
  fc
    .record({
      url: fc.constantFrom(...URLS),
      focused: fc.constantFrom(1, 2, WINDOW_ID_NONE),
      beatBack: fc.option(fc.integer({ min: -5000, max: 60_000 })),
      beatTab: fc.integer({ min: 1, max: 5 }),
      idle: fc.constantFrom("active", "idle", "locked"),
    })
    .map(
      ({ url, focused, beatBack, beatTab, idle }) =>
        (at: number): EngagementEvent => ({
          type: "reconcile",
          at,
          snapshot: {
            focusedWindowId: focused,
            activeTabs: [{ windowId: 1, tabId: beatTab, url }],
            idle: idle as "active",
          },
          heartbeat: beatBack === null ? null : { tabId: beatTab, at: at - beatBack },
        }),
    ),
  fc
    .constantFrom("active", "idle", "locked")
    .map((state) => (at: number) => ({ type: "idleChanged" as const, at, state: state as "active" })),
  fc
    .constantFrom("paused", "resumed", "tick", "checkpoint")
    .map((type) => (at: number) => ({ type, at }) as EngagementEvent),
  fc.record({ lastSeenBack: fc.integer({ min: 0, max: 600_000 }), url: fc.constantFrom(...URLS) }).map(
    ({ lastSeenBack, url }) =>
      (at: number): EngagementEvent => ({
        type: "startup",
        at,
        lastSeen: at - lastSeenBack,
        snapshot: { focusedWindowId: 1, activeTabs: [{ windowId: 1, tabId: 1, url }] },
      }),
  ),
);

/** Random streams: gaps from 0 ms to 3 h (so some cross midnight), sometimes stamped late. */
const streamArb = fc
  .array(
    fc.tuple(
      eventArb,
      fc.oneof(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 3 * 3600_000 })),
      fc.integer({ min: -500, max: 0 }),
    ),
    {
      minLength: 1,
      maxLength: 60,
    },
  )
  .map((items) => {
    let clock = new Date(2026, 2, 29, 0, 30).getTime(); // includes the spring DST change
    return items.map(([make, gap, jitter]) => {
      clock += gap;
      return make(clock + jitter);
    });
  });

function runAll(events: EngagementEvent[], cfg = config) {
  const start = Math.min(...events.map((e) => e.at));
  return run(events, cfg, initialEngagementState(start));
}

describe("engagement: invariants", () => {
  it("segments are positive, ordered and never overlap", () => {
    fc.assert(
      fc.property(streamArb, (events) => {
        const { segments } = runAll(events);
        for (const [i, x] of segments.entries()) {
          expect(x.end).toBeGreaterThan(x.start);
          const next = segments[i + 1];
          if (next) expect(next.start).toBeGreaterThanOrEqual(x.end);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("active time never exceeds wall time", () => {
    fc.assert(
      fc.property(streamArb, (events) => {
        const { segments } = runAll(events);
        const first = Math.min(...events.map((e) => e.at));
        const last = Math.max(...events.map((e) => e.at));
        const active = segments.reduce((sum, x) => sum + (x.end - x.start), 0);
        expect(active).toBeLessThanOrEqual(last - first);
        for (const x of segments) {
          expect(x.start).toBeGreaterThanOrEqual(first);
          expect(x.end).toBeLessThanOrEqual(last);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("every segment lies within one local day", () => {
    fc.assert(
      fc.property(streamArb, (events) => {
        for (const x of runAll(events).segments) expect(localDate(x.start)).toBe(localDate(x.end - 1));
      }),
      { numRuns: 300 },
    );
  });

  it("replaying the same events gives the same result", () => {
    fc.assert(
      fc.property(streamArb, (events) => {
        expect(runAll(events)).toEqual(runAll(events));
      }),
      { numRuns: 300 },
    );
  });

  it("persisting the state as JSON between any two events changes nothing", () => {
    fc.assert(
      fc.property(streamArb, fc.nat(), (events, cut) => {
        const at = cut % events.length;
        const whole = runAll(events);
        const firstPart = run(
          events.slice(0, at),
          config,
          initialEngagementState(Math.min(...events.map((e) => e.at))),
        );
        const restored = JSON.parse(JSON.stringify(firstPart.state)) as EngagementState;
        const secondPart = run(events.slice(at), config, restored);
        expect([...firstPart.segments, ...secondPart.segments]).toEqual(whole.segments);
        expect(secondPart.state).toEqual(whole.state);
      }),
      { numRuns: 300 },
    );
  });

  it("a URL of a tool that is not approved never produces time", () => {
    const geminiOnly = { ...config, tools: CATALOG.filter((tool) => tool.id === "gemini") };
    fc.assert(
      fc.property(streamArb, (events) => {
        const notGemini = (url: string | undefined) => (url?.includes("gemini") ? CHAT : url);
        const withoutGemini = events.map((e) => {
          if ("url" in e) return { ...e, url: notGemini(e.url) };
          if (!("snapshot" in e) || !e.snapshot) return e;
          const activeTabs = e.snapshot.activeTabs.map((tab) => ({ ...tab, url: notGemini(tab.url) }));
          return { ...e, snapshot: { ...e.snapshot, activeTabs } };
        }) as EngagementEvent[];
        expect(runAll(withoutGemini, geminiOnly).segments).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("only approved tools appear in segments", () => {
    const ids = new Set(CATALOG.map((tool) => tool.id));
    fc.assert(
      fc.property(streamArb, (events) => {
        for (const x of runAll(events).segments) expect(ids.has(x.toolId)).toBe(true);
      }),
    );
  });
});
