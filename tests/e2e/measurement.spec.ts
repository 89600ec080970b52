import { test } from "./fixtures";
import { checkOutcome as check } from "./support/check-outcome";
import { SCENARIOS, type Scenario } from "./support/scenarios";

// Real time on fake AI sites under their real hostnames. Headless scenarios run in a
// Chromium the suite starts itself, so page visibility is the browser's own; windowed ones
// run headful on a private X display with a window manager, because headless Chromium
// reports every window as focused. Measured seconds always come from the file that
// "Download my data" saves. The limit is 1 s: a test that needs more is a bug.

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
