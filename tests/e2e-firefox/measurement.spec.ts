import { measuredSeconds, type ScenarioOutcome } from "../e2e/support/scenarios";
import { expect, test } from "./fixtures";
import { FIREFOX_SCENARIOS, type FirefoxScenario } from "./support/scenarios";

// The Chromium suite's accuracy scenarios in a stock Firefox ESR, with the same 1 s limit.
// Fake AI sites keep their real hostnames through a local proxy (support/proxy.ts). Headless
// scenarios run in headless Firefox, whose background tabs are hidden like a person's;
// windowed ones (focus, minimizing) run on a private X display with a window manager.

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

const byWindowing = (windowed: boolean) =>
  FIREFOX_SCENARIOS.filter((s: FirefoxScenario) => Boolean(s.windowed) === windowed);

test.describe("headless", () => {
  for (const scenario of byWindowing(false)) {
    test.describe(() => {
      if (scenario.prefs) test.use({ firefoxPrefs: scenario.prefs });
      test(scenario.name, async ({ firefox }) => check(await scenario.run(firefox)));
    });
  }
});

test.describe("in real windows", () => {
  for (const scenario of byWindowing(true)) {
    test(scenario.name, async ({ windowedFirefox }) => check(await scenario.run(windowedFirefox)));
  }
});
