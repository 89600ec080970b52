import { expect, test } from "./fixtures";
import { measuredSeconds, SCENARIOS, type Scenario, type ScenarioOutcome } from "./support/scenarios";

// Real time on fake AI sites under their real hostnames. Headless scenarios run in a
// Chromium the suite starts itself, so page visibility is the browser's own; windowed ones
// run headful on a private X display with a window manager, because headless Chromium
// reports every window as focused. Measured seconds always come from the file that
// "Download my data" saves. The limit is 1 s: a test that needs more is a bug.

function check(outcome: ScenarioOutcome): void {
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

const byWindowing = (windowed: boolean) => SCENARIOS.filter((s: Scenario) => Boolean(s.windowed) === windowed);

test.describe("headless", () => {
  for (const scenario of byWindowing(false)) {
    test(scenario.name, async ({ meter }) => check(await scenario.run(meter)));
  }
});

test.describe("in real windows", () => {
  for (const scenario of byWindowing(true)) {
    test(scenario.name, async ({ windowedMeter }) => check(await scenario.run(windowedMeter)));
  }
});
