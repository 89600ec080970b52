import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { joinVisit } from "../../../lib/tracking/visits";
import { mergeIntoVisits } from "./merge-visits";

const T0 = new Date(2026, 10, 25, 9, 0).getTime();
const min = (m: number) => T0 + m * 60_000;
const GAP = 10 * 60_000;
const seg = (toolId: string, from: number, to: number) => ({ toolId, start: min(from), end: min(to) });

describe("mergeIntoVisits", () => {
  it.each([
    ["one segment is one visit", [seg("chatgpt", 0, 5)], [["chatgpt", 0, 5, 5]]],
    ["a short gap merges", [seg("chatgpt", 0, 5), seg("chatgpt", 8, 10)], [["chatgpt", 0, 10, 7]]],
    [
      "a gap of exactly the session gap splits",
      [seg("chatgpt", 0, 5), seg("chatgpt", 15, 20)],
      [
        ["chatgpt", 0, 5, 5],
        ["chatgpt", 15, 20, 5],
      ],
    ],
    [
      "a long gap splits",
      [seg("chatgpt", 0, 5), seg("chatgpt", 30, 31)],
      [
        ["chatgpt", 0, 5, 5],
        ["chatgpt", 30, 31, 1],
      ],
    ],
    [
      "another tool in between does not break a visit",
      [seg("chatgpt", 0, 5), seg("claude", 5, 7), seg("chatgpt", 7, 9)],
      [
        ["chatgpt", 0, 9, 7],
        ["claude", 5, 7, 2],
      ],
    ],
  ] as const)("%s", (_name, segments, expected) => {
    const visits = mergeIntoVisits(segments, GAP).sort((a, b) => a.toolId.localeCompare(b.toolId) || a.start - b.start);
    const minutes = (t: number) => (t - T0) / 60_000;
    expect(visits.map((v) => [v.toolId, minutes(v.start), minutes(v.end), v.activeMs / 60_000])).toEqual(expected);
  });

  it("keeps pieces split at midnight in one visit, counted on the day it started", () => {
    const before = new Date(2026, 10, 25, 23, 55).getTime();
    const midnight = new Date(2026, 10, 26).getTime();
    const after = new Date(2026, 10, 26, 0, 5).getTime();
    const visits = mergeIntoVisits(
      [
        { toolId: "chatgpt", start: before, end: midnight },
        { toolId: "chatgpt", start: midnight, end: after },
      ],
      GAP,
    );
    expect(visits).toEqual([
      { toolId: "chatgpt", start: before, end: after, activeMs: 10 * 60_000, date: "2026-11-25" },
    ]);
  });

  it("active time of visits equals the segments' and a visit never spans a gap ≥ the session gap", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom("a", "b"),
            fc.integer({ min: 0, max: 30 * 60_000 }),
            fc.integer({ min: 1, max: 20 * 60_000 }),
          ),
          {
            maxLength: 40,
          },
        ),
        (parts) => {
          let clock = T0;
          const segments = parts.map(([toolId, gap, length]) => {
            const start = clock + gap;
            clock = start + length;
            return { toolId, start, end: clock };
          });
          const visits = mergeIntoVisits(segments, GAP);
          const total = (xs: { activeMs?: number; start: number; end: number }[]) =>
            xs.reduce((sum, x) => sum + (x.activeMs ?? x.end - x.start), 0);
          expect(total(visits)).toBe(total(segments));
          for (const visit of visits) {
            const inside = segments.filter(
              (x) => x.toolId === visit.toolId && x.start >= visit.start && x.end <= visit.end,
            );
            for (const [i, x] of inside.entries()) {
              const next = inside[i + 1];
              if (next) expect(next.start - x.end).toBeLessThan(GAP);
            }
          }
        },
      ),
    );
  });
});

describe("joinVisit", () => {
  it("starts a new visit when there is none", () => {
    expect(joinVisit(undefined, seg("chatgpt", 0, 1), GAP)).toMatchObject({
      isNew: true,
      visit: { date: "2026-11-25" },
    });
  });
});
