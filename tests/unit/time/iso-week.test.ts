import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addWeeks,
  compareWeeks,
  datesOfWeek,
  isIsoWeek,
  isoWeekOf,
  isoWeekOfLocalDate,
  mondayOf,
  weeksBetween,
} from "../../../lib/time/iso-week";
import { isLocalDate } from "../../../lib/time/local-date";

describe("isoWeekOfLocalDate", () => {
  it.each([
    ["2026-11-25", "2026-W48", "an ordinary Wednesday"],
    ["2026-01-01", "2026-W01", "a year that starts on Thursday"],
    ["2025-12-29", "2026-W01", "a December Monday already in next year's week 1"],
    ["2026-12-31", "2026-W53", "2026 has 53 weeks"],
    ["2027-01-01", "2026-W53", "New Year's Day in the previous year's week 53"],
    ["2027-01-03", "2026-W53", "the Sunday that ends 2026-W53"],
    ["2027-01-04", "2027-W01", "the Monday that starts 2027"],
    ["2020-12-31", "2020-W53", "a leap year starting on Wednesday has 53 weeks"],
    ["2021-01-03", "2020-W53", "2020-W53 ends in January 2021"],
    ["2021-01-04", "2021-W01", "2021 starts on the 4th"],
    ["2019-12-30", "2020-W01", "week 1 of 2020 starts in 2019"],
    ["2024-12-30", "2025-W01", "week 1 of 2025 starts in 2024"],
    ["2015-12-31", "2015-W53", "2015 has 53 weeks"],
    ["2010-01-03", "2009-W53", "2009 has 53 weeks"],
    ["2023-01-01", "2022-W52", "a Sunday New Year's Day belongs to the last week"],
    ["2026-03-29", "2026-W13", "the Sunday clocks go forward in Europe"],
    ["2026-03-30", "2026-W14", "the Monday after the spring change"],
    ["2026-10-25", "2026-W43", "the Sunday clocks go back in Europe"],
    ["2026-10-26", "2026-W44", "the Monday after the autumn change"],
  ])("%s is %s (%s)", (date, week) => {
    expect(isoWeekOfLocalDate(date)).toBe(week);
  });
});

describe("isoWeekOf uses the local calendar day (tests run in Europe/Berlin)", () => {
  it.each([
    [new Date(2026, 2, 29, 23, 59, 59), "2026-W13", "last second of the 23-hour spring Sunday"],
    [new Date(2026, 2, 30, 0, 0, 0), "2026-W14", "local midnight after the spring change"],
    [new Date(2026, 2, 29, 3, 0, 0), "2026-W13", "just after the skipped hour"],
    [new Date(2026, 9, 25, 2, 30, 0), "2026-W43", "inside the repeated autumn hour"],
    [new Date(2026, 9, 25, 23, 59, 59), "2026-W43", "last second of the 25-hour autumn Sunday"],
    [new Date(2026, 9, 26, 0, 0, 0), "2026-W44", "local midnight after the autumn change"],
    [new Date(2027, 0, 3, 23, 59), "2026-W53", "late on the last Sunday of 2026-W53"],
    [new Date(2027, 0, 4, 0, 0), "2027-W01", "midnight that starts 2027-W01"],
  ])("%s is %s (%s)", (date, week) => {
    expect(isoWeekOf(date.getTime())).toBe(week);
  });

  it("a Monday just after local midnight is in the new week, though it is still Sunday in UTC", () => {
    const justAfterMidnight = new Date(2026, 10, 30, 0, 30).getTime();
    expect(new Date(justAfterMidnight).getUTCDay()).toBe(0);
    expect(isoWeekOf(justAfterMidnight)).toBe("2026-W49");
  });
});

describe("mondayOf and datesOfWeek", () => {
  it.each([
    ["2020-W53", "2020-12-28"],
    ["2021-W01", "2021-01-04"],
    ["2026-W01", "2025-12-29"],
    ["2026-W13", "2026-03-23"],
    ["2026-W53", "2026-12-28"],
    ["2027-W01", "2027-01-04"],
  ])("%s starts on Monday %s", (week, monday) => {
    expect(mondayOf(week)).toBe(monday);
    expect(new Date(`${monday}T00:00:00Z`).getUTCDay()).toBe(1);
  });

  it("lists the seven days of a week across a year boundary", () => {
    expect(datesOfWeek("2026-W53")).toEqual([
      "2026-12-28",
      "2026-12-29",
      "2026-12-30",
      "2026-12-31",
      "2027-01-01",
      "2027-01-02",
      "2027-01-03",
    ]);
  });

  it("lists the seven days of the week in which clocks go forward", () => {
    expect(datesOfWeek("2026-W13")).toEqual([
      "2026-03-23",
      "2026-03-24",
      "2026-03-25",
      "2026-03-26",
      "2026-03-27",
      "2026-03-28",
      "2026-03-29",
    ]);
  });
});

describe("week arithmetic", () => {
  it.each([
    ["2026-W52", 1, "2026-W53"],
    ["2026-W53", 1, "2027-W01"],
    ["2021-W01", -1, "2020-W53"],
    ["2025-W52", 1, "2026-W01"],
    ["2026-W13", 1, "2026-W14"],
    ["2026-W43", 1, "2026-W44"],
    ["2026-W48", -52, "2025-W48"],
    ["2026-W48", 0, "2026-W48"],
  ])("%s %+d weeks is %s", (week, count, expected) => {
    expect(addWeeks(week, count)).toBe(expected);
  });

  it.each([
    ["2020-W53", "2021-W01", 1],
    ["2026-W01", "2027-W01", 53],
    ["2025-W01", "2026-W01", 52],
    ["2026-W13", "2026-W14", 1],
    ["2026-W43", "2026-W44", 1],
    ["2026-W48", "2026-W40", -8],
  ])("from %s to %s is %d weeks", (from, to, weeks) => {
    expect(weeksBetween(from, to)).toBe(weeks);
  });

  it.each([
    ["2026-W09", "2026-W10", -1],
    ["2026-W53", "2027-W01", -1],
    ["2027-W01", "2026-W53", 1],
    ["2026-W10", "2026-W10", 0],
  ])("compareWeeks(%s, %s) is %d", (a, b, order) => {
    expect(compareWeeks(a, b)).toBe(order);
  });
});

describe("validation", () => {
  it.each([
    ["2020-W53", true],
    ["2026-W53", true],
    ["2015-W53", true],
    ["2021-W53", false],
    ["2027-W53", false],
    ["2026-W00", false],
    ["2026-W54", false],
    ["2026-W1", false],
    ["2026W01", false],
    ["", false],
  ])("isIsoWeek(%j) is %s", (value, valid) => {
    expect(isIsoWeek(value)).toBe(valid);
  });

  it.each([
    ["2024-02-29", true],
    ["2026-02-29", false],
    ["2026-12-31", true],
    ["2026-13-01", false],
    ["2026-04-31", false],
    ["2026-1-01", false],
    ["2026-01-01T00:00", false],
  ])("isLocalDate(%j) is %s", (value, valid) => {
    expect(isLocalDate(value)).toBe(valid);
  });
});

describe("properties", () => {
  const dateArb = fc
    .date({ min: new Date(Date.UTC(1990, 0, 1)), max: new Date(Date.UTC(2090, 11, 31)), noInvalidDate: true })
    .map((date) => date.toISOString().slice(0, 10));

  it("every date lies in the seven days of its week, and its week exists", () => {
    fc.assert(
      fc.property(dateArb, (date) => {
        const week = isoWeekOfLocalDate(date);
        expect(isIsoWeek(week)).toBe(true);
        expect(datesOfWeek(week)).toContain(date);
      }),
      { numRuns: 500 },
    );
  });

  it("adding weeks and counting them agree, and order follows the string order", () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -600, max: 600 }), (date, count) => {
        const week = isoWeekOfLocalDate(date);
        const later = addWeeks(week, count);
        expect(weeksBetween(week, later)).toBe(count);
        expect(addWeeks(later, -count)).toBe(week);
        expect(Math.sign(compareWeeks(later, week))).toBe(Math.sign(count));
      }),
      { numRuns: 500 },
    );
  });
});
