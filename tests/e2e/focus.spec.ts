import { test } from "./fixtures";
import type { Meter } from "./support/meter";
import { expectWithinOneSecond, hold, navigate, Stopwatch } from "./support/truth";

// Window focus is only real with real windows: these run headful on a private X display
// with a window manager. Headless Chromium reports every window as focused.

async function newWindow(meter: Meter, url: string) {
  const cdp = await meter.session.browser.newBrowserCDPSession();
  const opened = meter.session.context.waitForEvent("page");
  await cdp.send("Target.createTarget", { url: "about:blank", newWindow: true });
  await cdp.detach();
  const page = await opened;
  await navigate(page, url);
  return page;
}

test("a second window with focus stops the count while the AI tab stays active in the first", async ({
  windowedMeter: meter,
}) => {
  const truth = new Stopwatch();
  const chat = meter.session.context.pages()[0] ?? (await meter.session.context.newPage());
  await navigate(chat, "https://chatgpt.com/");
  truth.start();
  await hold(2500);
  truth.stop();
  const other = await newWindow(meter, "https://example.com/");
  await hold(2500);
  await meter.activate(chat);
  truth.start();
  await hold(2500);
  truth.stop();
  await meter.activate(other);
  await hold(500);

  const data = await meter.downloadPersonalData();
  expectWithinOneSecond(data.days.find((d) => d.toolId === "chatgpt")?.activeSeconds, truth.seconds, "chatgpt");
});

test("minimizing the AI window stops the count; restoring it resumes", async ({ windowedMeter: meter }) => {
  const truth = new Stopwatch();
  const chat = meter.session.context.pages()[0] ?? (await meter.session.context.newPage());
  await navigate(chat, "https://claude.ai/");
  truth.start();
  await hold(2500);
  const cdp = await meter.session.browser.newBrowserCDPSession();
  const { windowId } = await (await meter.session.context.newCDPSession(chat)).send("Browser.getWindowForTarget");
  truth.stop();
  await cdp.send("Browser.setWindowBounds", { windowId, bounds: { windowState: "minimized" } });
  await hold(2500);
  await cdp.send("Browser.setWindowBounds", { windowId, bounds: { windowState: "normal" } });
  await meter.activate(chat);
  truth.start();
  await hold(2500);
  truth.stop();
  await newWindow(meter, "https://example.com/");
  await hold(500);

  const data = await meter.downloadPersonalData();
  expectWithinOneSecond(data.days.find((d) => d.toolId === "claude")?.activeSeconds, truth.seconds, "claude");
});
