import { checkOutcome as check } from "../e2e/support/check-outcome";

import { test } from "./fixtures";
import { FIREFOX_SCENARIOS, type FirefoxScenario } from "./support/scenarios";

// The Chromium suite's accuracy scenarios in a stock Firefox ESR, with the same 1 s limit.
// Fake AI sites keep their real hostnames through a local proxy (support/proxy.ts). Headless
// scenarios run in headless Firefox, whose background tabs are hidden like a person's;
// windowed ones (focus, minimizing) run on a private X display with a window manager.

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
