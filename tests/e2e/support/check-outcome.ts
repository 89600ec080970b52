import { expect } from "@playwright/test";
import { measuredSeconds, type ScenarioOutcome } from "./scenarios";

/**
 * The suite's accuracy check, the same in every browser: the tools with time, each within
 * 1 s of the truth, an abrupt end only ever losing time, and the visits the scenario defines.
 */
export function checkOutcome(outcome: ScenarioOutcome): void {
  const measured = measuredSeconds(outcome.data);
  expect(Object.keys(measured).sort(), "tools with time").toEqual(Object.keys(outcome.truth).sort());
  for (const [tool, truth] of Object.entries(outcome.truth)) {
    const error = (measured[tool] ?? 0) - truth;
    const detail = `${tool}: measured ${measured[tool]} s, truth ${truth.toFixed(3)} s`;
    expect(Math.abs(error), detail).toBeLessThanOrEqual(1);
    // An abrupt end can only lose time; it must never invent any.
    if (outcome.abrupt) expect(error, detail).toBeLessThanOrEqual(0.25);
  }
  for (const [tool, visits] of Object.entries(outcome.visits ?? {})) {
    expect(
      outcome.data.visits.filter((v) => v.toolId === tool),
      `${tool} visits`,
    ).toHaveLength(visits);
    expect(outcome.data.days.find((d) => d.toolId === tool)?.visits, `${tool} visits that day`).toBe(visits);
  }
}
