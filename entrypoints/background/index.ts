import { defineBackground } from "wxt/utils/define-background";
import { registerMessageHandlers } from "../../lib/platform/messaging";
import { installTestHooks, observeLatency, testIdleSource } from "../../lib/platform/test-hooks";
import { browserIdleSource, startTracking } from "../../lib/platform/tracking-wiring";

export default defineBackground(() => {
  // The test build drives idle through a hook: headless Chromium cannot produce idle
  // states, and a desktop's real idle timer would make tests depend on the machine.
  const e2e = import.meta.env.MODE === "e2e";
  const background = e2e ? startTracking(testIdleSource, observeLatency) : startTracking(browserIdleSource);
  registerMessageHandlers(background.handlers);
  if (e2e) installTestHooks(background);
});
