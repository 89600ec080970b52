import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DayRow } from "../../../lib/db/database";
import { applyPolicy, parsePolicy } from "../../../lib/policy/policy";
import { parseSettings } from "../../../lib/settings/settings";
import { type LatestVisit, sessionGapMsOf, withOpenSegment, withUnrecordedTime } from "../../../lib/stats/open-segment";
import { localDate } from "../../../lib/time/local-date";

// Tests run in Europe/Berlin (vitest.config.ts).
const T0 = new Date(2026, 10, 25, 9, 0).getTime(); // Wednesday 25 November 2026, 09:00
const at = (minutes: number) => T0 + minutes * 60_000;
const GAP = 10 * 60_000;
const row = (date: string, toolId: string, minutes: number, visits: number): DayRow => ({
  date,
  toolId,
  activeMs: minutes * 60_000,
  visits,
});
const visit = (toolId: string, start: number, end: number): LatestVisit => ({
  toolId,
  start,
  end,
  activeMs: end - start,
  date: localDate(start),
});
const open = (toolId: string, start: number) => ({ toolId, start, lastSeen: start });
const stored = [row("2026-11-25", "chatgpt", 5, 1), row("2026-11-24", "claude", 7, 2)];

describe("withOpenSegment", () => {
  it.each([
    ["nothing is being measured", null, undefined, at(30), stored],
    [
      "a new visit: started after the session gap",
      open("chatgpt", at(20)),
      visit("chatgpt", at(0), at(5)),
      at(30),
      [row("2026-11-25", "chatgpt", 15, 2), stored[1]],
    ],
    [
      "the latest visit goes on: started within the gap, no visit added",
      open("chatgpt", at(10)),
      visit("chatgpt", at(0), at(5)),
      at(30),
      [row("2026-11-25", "chatgpt", 25, 1), stored[1]],
    ],
    [
      "only the part not yet recorded counts (recorded while the state still reads as open)",
      open("chatgpt", at(0)),
      visit("chatgpt", at(0), at(5)),
      at(8),
      [row("2026-11-25", "chatgpt", 8, 1), stored[1]],
    ],
    [
      "all of it recorded already: nothing added",
      open("chatgpt", at(0)),
      visit("chatgpt", at(0), at(5)),
      at(5),
      stored,
    ],
    [
      "a tool with no row yet gets one",
      open("gemini", at(0)),
      undefined,
      at(3),
      [...stored, row("2026-11-25", "gemini", 3, 1)],
    ],
    [
      "another tool's latest visit does not count as this one's",
      open("gemini", at(6)),
      visit("chatgpt", at(0), at(5)),
      at(9),
      [...stored, row("2026-11-25", "gemini", 3, 1)],
    ],
    ["a clock behind the segment's start adds nothing", open("chatgpt", at(20)), undefined, at(10), stored],
  ] as const)("%s", (_name, segment, latest, now, expected) => {
    expect(withOpenSegment(stored, segment, latest, now, GAP)).toEqual(expected);
  });

  it("cuts at local midnight: time on each day, the visit on the day it began", () => {
    const lateEvening = new Date(2026, 10, 24, 23, 50).getTime();
    const after = new Date(2026, 10, 25, 0, 20).getTime();
    expect(withOpenSegment([], open("claude", lateEvening), undefined, after, GAP)).toEqual([
      row("2026-11-24", "claude", 10, 1),
      row("2026-11-25", "claude", 20, 0),
    ]);
  });

  it("never changes the rows it is given", () => {
    const rows = [row("2026-11-25", "chatgpt", 5, 1)];
    withOpenSegment(rows, open("chatgpt", at(20)), undefined, at(30), GAP);
    expect(rows).toEqual([row("2026-11-25", "chatgpt", 5, 1)]);
  });

  it("adds exactly the open time not yet recorded, and at most one visit", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 600 }),
        fc.integer({ min: 0, max: 600 }),
        fc.integer({ min: 0, max: 600 }),
        fc.integer({ min: 0, max: 1200 }),
        (visitEnd, openStart, length, nowOffset) => {
          const latest = visit("chatgpt", at(0) - 60_000, at(0) + visitEnd * 1000);
          const now = at(0) + nowOffset * 1000;
          const segment = open("chatgpt", at(0) + openStart * 1000);
          const result = withOpenSegment(stored, segment, latest, now, GAP + length);
          const total = (rows: readonly DayRow[]) => rows.reduce((sum, r) => sum + r.activeMs, 0);
          const visits = (rows: readonly DayRow[]) => rows.reduce((sum, r) => sum + r.visits, 0);
          const expected = Math.max(0, now - Math.max(segment.start, latest.end));
          expect(total(result) - total(stored)).toBe(expected);
          expect(visits(result) - visits(stored)).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});

describe("sessionGapMsOf", () => {
  it.each([
    ["nothing stored: the default", undefined, undefined, 10],
    ["the user's setting", { sessionGapMin: 25 }, undefined, 25],
    ["the policy over the user's setting", { sessionGapMin: 25 }, { sessionGapMin: 5 }, 5],
    ["a policy without it leaves the user's", { sessionGapMin: 25 }, { retentionDays: 30 }, 25],
    ["out of range falls back", { sessionGapMin: 0 }, { sessionGapMin: 241 }, 10],
    ["not a whole number falls back", { sessionGapMin: 2.5 }, { sessionGapMin: "5" }, 10],
    ["a stored value that is not an object", "garbage", null, 10],
  ])("%s", (_name, user, policy, minutes) => {
    expect(sessionGapMsOf(user, policy)).toBe(minutes * 60_000);
  });

  it("agrees with the settings and policy parsed in full", () => {
    const value = fc.oneof(fc.integer({ min: -5, max: 300 }), fc.double(), fc.string(), fc.constant(undefined));
    fc.assert(
      fc.property(value, value, (user, policy) => {
        const userSettings = user === undefined ? {} : { sessionGapMin: user };
        const policyRaw = policy === undefined ? {} : { sessionGapMin: policy };
        const parsed = applyPolicy(parseSettings(userSettings), parsePolicy(policyRaw).policy);
        expect(sessionGapMsOf(userSettings, policyRaw)).toBe(parsed.sessionGapMin * 60_000);
      }),
    );
  });
});

describe("withUnrecordedTime", () => {
  const T = new Date(2026, 10, 25, 9, 0).getTime();
  it("adds segments waiting to be recorded, then the open one, joining them into one visit", () => {
    const days = withUnrecordedTime(
      [],
      [{ toolId: "claude", start: T, end: T + 1500 }],
      { toolId: "claude", start: T + 2000, lastSeen: T + 2000 },
      undefined,
      T + 3500,
      10 * 60_000,
    );
    expect(days).toEqual([{ date: "2026-11-25", toolId: "claude", activeMs: 3000, visits: 1 }]);
  });

  it("adds nothing twice: time before the tool's latest stored visit ended is already counted", () => {
    const latest = { toolId: "claude", start: T, end: T + 1500, activeMs: 1500, date: "2026-11-25" };
    const stored = [{ date: "2026-11-25", toolId: "claude", activeMs: 1500, visits: 1 }];
    const days = withUnrecordedTime(
      stored,
      [{ toolId: "claude", start: T, end: T + 1500 }],
      null,
      latest,
      T + 9000,
      600_000,
    );
    expect(days).toEqual(stored);
  });
});
