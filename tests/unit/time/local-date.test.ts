import { describe, expect, it } from "vitest";
import { localDate, localDateSchema, startOfLocalDay } from "../../../lib/time/local-date";

describe("localDateSchema", () => {
  it.each([
    ["2026-11-25", true],
    ["2026-1-5", false],
    ["2026-11-25T00:00", false],
    ["", false],
  ])("%j passes: %s", (value, ok) => {
    expect(localDateSchema.safeParse(value).success).toBe(ok);
  });
});

describe("startOfLocalDay", () => {
  it.each(["2026-03-29", "2026-10-25", "2026-11-25"])("%s starts at the local midnight of that day", (date) => {
    const start = startOfLocalDay(date);
    expect(localDate(start)).toBe(date);
    expect(localDate(start - 1)).not.toBe(date);
  });
});
