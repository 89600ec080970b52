import { describe, expect, it } from "vitest";
import { hoursText, moneyText, numberText, ofParts, percentText } from "../../../lib/team/figure-text";
import type { Figure } from "../../../lib/team/view-types";

const values = [0, 1, 7.25, 12.3456, 1234.5678, 98765.4321, 1_000_000, 0.3333333];
const figure = (value: number, denominator: number | null = 40): Figure => ({
  value,
  numerator: value * 3.5,
  denominator,
  denominatorLabel: "team size",
  unit: "people",
});

describe("figure texts", () => {
  it("write numbers as the browser's own toLocaleString does, with their decimals", () => {
    for (const value of values) {
      expect(numberText(figure(value))).toBe(value.toLocaleString(undefined, { maximumFractionDigits: 0 }));
      expect(numberText(figure(value), 2)).toBe(value.toLocaleString(undefined, { maximumFractionDigits: 2 }));
      expect(moneyText(value)).toBe(value.toLocaleString(undefined, { maximumFractionDigits: 0 }));
      expect(hoursText(value)).toBe(value.toLocaleString(undefined, { maximumFractionDigits: 1 }));
      expect(ofParts(figure(1, value))).toEqual([
        (3.5).toLocaleString(undefined, { maximumFractionDigits: 1 }),
        value.toLocaleString(),
        "team size",
      ]);
    }
  });

  it("write nothing for a hidden figure or one without a value", () => {
    const hidden = { suppressed: true, reason: "fewer than 5 people" } as const;
    expect(numberText(hidden)).toBeNull();
    expect(percentText(hidden)).toBeNull();
    expect(ofParts(hidden)).toBeNull();
    expect(numberText({ ...figure(0), value: null })).toBeNull();
    expect(ofParts(figure(3, null))).toBeNull();
    expect(percentText(figure(0.426))).toBe("43 %");
  });
});
