import { describe, expect, it } from "vitest";
import { type Figure, figureTable, goalRatio, meetsGoal } from "../../bench/report";

describe("bench figures", () => {
  it.each([
    ["a time under its ceiling", { name: "t", value: 100, unit: "ms", goal: 150 }, 100 / 150, true],
    ["a time over its ceiling", { name: "t", value: 300, unit: "ms", goal: 150 }, 2, false],
    ["a rate over its floor", { name: "r", value: 3000, unit: "/s", goal: 2000, higherIsBetter: true }, 1.5, true],
    ["a rate under its floor", { name: "r", value: 1000, unit: "/s", goal: 2000, higherIsBetter: true }, 0.5, false],
    ["a figure without a goal", { name: "x", value: 1, unit: "" }, null, null],
  ] as [string, Figure, number | null, boolean | null][])("%s", (_name, figure, ratio, met) => {
    expect(goalRatio(figure)).toBe(ratio);
    expect(meetsGoal(figure)).toBe(met);
  });

  it("prints the goal and the ratio beside each figure", () => {
    const text = figureTable([
      { name: "popup ÷ empty page", value: 1.5, max: 2, unit: "×", goal: 1.2, digits: 2 },
      { name: "reference", value: 50, unit: "ms" },
    ]);
    const [header, , popup, reference] = text.split("\n");
    expect(header).toMatch(/figure\s+value\s+max\s+goal\s+÷ goal\s+goal met/);
    expect(popup).toMatch(/popup ÷ empty page\s+1\.50 ×\s+2\.00 ×\s+≤ 1\.2 ×\s+1\.25\s+no/);
    expect(reference).toMatch(/reference\s+50\.0 ms\s*$/);
  });
});
