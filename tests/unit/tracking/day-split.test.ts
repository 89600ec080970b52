import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { localDate, nextLocalMidnight } from "../../../lib/time/local-date";
import { splitAtLocalMidnight } from "../../../lib/tracking/day-split";

const local = (y: number, m: number, d: number, h = 0, min = 0, sec = 0) =>
  new Date(y, m - 1, d, h, min, sec).getTime();
const HOUR = 3600_000;

describe("splitAtLocalMidnight", () => {
  it.each([
    ["within one day", local(2026, 11, 25, 10), local(2026, 11, 25, 11), [["2026-11-25", HOUR]]],
    [
      "across midnight",
      local(2026, 11, 25, 23, 30),
      local(2026, 11, 26, 0, 15),
      [
        ["2026-11-25", 30 * 60_000],
        ["2026-11-26", 15 * 60_000],
      ],
    ],
    ["ending exactly at midnight", local(2026, 11, 25, 23), local(2026, 11, 26), [["2026-11-25", HOUR]]],
    [
      "across two midnights",
      local(2026, 11, 25, 23),
      local(2026, 11, 27, 1),
      [
        ["2026-11-25", HOUR],
        ["2026-11-26", 24 * HOUR],
        ["2026-11-27", HOUR],
      ],
    ],
    // Europe/Berlin: 29 March 2026 has 23 hours, 25 October 2026 has 25.
    [
      "over the spring DST change",
      local(2026, 3, 28, 23),
      local(2026, 3, 30, 1),
      [
        ["2026-03-28", HOUR],
        ["2026-03-29", 23 * HOUR],
        ["2026-03-30", HOUR],
      ],
    ],
    [
      "over the autumn DST change",
      local(2026, 10, 24, 23),
      local(2026, 10, 26, 1),
      [
        ["2026-10-24", HOUR],
        ["2026-10-25", 25 * HOUR],
        ["2026-10-26", HOUR],
      ],
    ],
  ] as const)("%s", (_name, start, end, expected) => {
    const pieces = splitAtLocalMidnight({ toolId: "chatgpt", start, end });
    expect(pieces.map((p) => [localDate(p.start), p.end - p.start])).toEqual(expected);
  });

  it("pieces are contiguous, each within one day, and sum to the whole", () => {
    const base = local(2026, 1, 1);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 365 * 24 * HOUR }),
        fc.integer({ min: 1, max: 80 * HOUR }),
        (offset, length) => {
          const start = base + offset;
          const pieces = splitAtLocalMidnight({ toolId: "x", start, end: start + length });
          expect(pieces[0]?.start).toBe(start);
          expect(pieces.at(-1)?.end).toBe(start + length);
          expect(pieces.reduce((sum, p) => sum + (p.end - p.start), 0)).toBe(length);
          for (const [i, p] of pieces.entries()) {
            expect(localDate(p.start)).toBe(localDate(p.end - 1));
            if (i > 0) expect(p.start).toBe(pieces[i - 1]?.end);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("an empty segment gives no pieces", () => {
    expect(splitAtLocalMidnight({ toolId: "x", start: 5, end: 5 })).toEqual([]);
  });
});

describe("nextLocalMidnight", () => {
  it("is the start of the next local day", () => {
    expect(nextLocalMidnight(local(2026, 12, 31, 18))).toBe(local(2027, 1, 1));
    expect(nextLocalMidnight(local(2026, 11, 25))).toBe(local(2026, 11, 26));
  });
});
