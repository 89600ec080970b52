import { expect, test } from "./fixtures";
import type { Meter } from "./support/meter";
import { expectWithinOneSecond, hold, navigate, Stopwatch } from "./support/truth";

// Real time on fake AI sites under their real hostnames, in headless Chromium that the
// suite starts itself, so page visibility is the browser's own. Active seconds always come
// from the file that "Download my data" saves.

/** Opens a new tab on a URL; the new tab becomes active as soon as it is created. */
async function openTab(meter: Meter, url: string) {
  const page = await meter.session.context.newPage();
  await navigate(page, url);
  return page;
}

test("continuous use of one tool", async ({ meter }) => {
  const truth = new Stopwatch();
  await openTab(meter, "https://chatgpt.com/");
  truth.start();
  await hold(4000);
  truth.stop();
  await openTab(meter, "https://example.com/");

  const data = await meter.downloadPersonalData();
  expectWithinOneSecond(data.days.find((d) => d.toolId === "chatgpt")?.activeSeconds, truth.seconds, "chatgpt");
  expect(data.visits.map((v) => v.toolId)).toEqual(["chatgpt"]);
  expect(data.days.find((d) => d.toolId === "chatgpt")?.visits).toBe(1);
});

test("switching to a non-AI tab and back is one visit without the time away", async ({ meter }) => {
  const truth = new Stopwatch();
  const chat = await openTab(meter, "https://chatgpt.com/");
  truth.start();
  await hold(2500);
  truth.stop();
  const other = await openTab(meter, "https://docs.example.com/");
  await hold(2000);
  truth.start();
  await meter.activate(chat);
  await hold(2500);
  truth.stop();
  await meter.activate(other);

  const data = await meter.downloadPersonalData();
  expectWithinOneSecond(data.days.find((d) => d.toolId === "chatgpt")?.activeSeconds, truth.seconds, "chatgpt");
  expect(data.visits).toHaveLength(1);
});

test("SPA navigations keep counting inside a tool and stop outside its path", async ({ meter }) => {
  const chatTruth = new Stopwatch();
  const chat = await openTab(meter, "https://chatgpt.com/");
  chatTruth.start();
  for (const move of [
    () => chat.evaluate(() => (window as unknown as { spa: { push(p: string): void } }).spa.push("/c/1")),
    () => chat.evaluate(() => (window as unknown as { spa: { replace(p: string): void } }).spa.replace("/c/2")),
    () => chat.evaluate(() => history.back()),
    () => chat.evaluate(() => (window as unknown as { spa: { hash(h: string): void } }).spa.hash("section")),
  ]) {
    await hold(700);
    await move();
  }
  await hold(700);
  chatTruth.stop();

  const copilotTruth = new Stopwatch();
  await navigate(chat, "https://github.com/copilot");
  copilotTruth.start();
  await hold(2000);
  copilotTruth.stop();
  await chat.evaluate(() => (window as unknown as { spa: { push(p: string): void } }).spa.push("/settings/profile"));
  await hold(2000);
  copilotTruth.start();
  await chat.evaluate(() => (window as unknown as { spa: { push(p: string): void } }).spa.push("/copilot/c/7"));
  await hold(2000);
  copilotTruth.stop();
  await openTab(meter, "https://example.com/");

  const data = await meter.downloadPersonalData();
  const seconds = (id: string) => data.days.find((d) => d.toolId === id)?.activeSeconds;
  expectWithinOneSecond(seconds("chatgpt"), chatTruth.seconds, "chatgpt");
  expectWithinOneSecond(seconds("github-copilot"), copilotTruth.seconds, "github-copilot");
  expect(data.visits.filter((v) => v.toolId === "chatgpt")).toHaveLength(1);
});

test("two AI tools in turn", async ({ meter }) => {
  const chatTruth = new Stopwatch();
  const claudeTruth = new Stopwatch();
  const chat = await openTab(meter, "https://chatgpt.com/");
  chatTruth.start();
  await hold(2000);
  chatTruth.stop();
  const claude = await openTab(meter, "https://claude.ai/new");
  claudeTruth.start();
  await hold(2000);
  claudeTruth.stop();
  await meter.activate(chat);
  chatTruth.start();
  await hold(1500);
  chatTruth.stop();
  await meter.activate(claude);
  claudeTruth.start();
  await hold(1500);
  claudeTruth.stop();
  await openTab(meter, "https://example.com/");

  const data = await meter.downloadPersonalData();
  const seconds = (id: string) => data.days.find((d) => d.toolId === id)?.activeSeconds;
  expectWithinOneSecond(seconds("chatgpt"), chatTruth.seconds, "chatgpt");
  expectWithinOneSecond(seconds("claude"), claudeTruth.seconds, "claude");
  expect(data.days.map((d) => [d.toolId, d.visits]).sort()).toEqual([
    ["chatgpt", 1],
    ["claude", 1],
  ]);
});

test("closing the AI tab ends its time", async ({ meter }) => {
  const truth = new Stopwatch();
  await openTab(meter, "https://example.com/");
  const chat = await openTab(meter, "https://chat.openai.com/");
  truth.start();
  await hold(3000);
  truth.stop();
  await chat.close();
  await hold(2000);

  const data = await meter.downloadPersonalData();
  expectWithinOneSecond(data.days.find((d) => d.toolId === "chatgpt")?.activeSeconds, truth.seconds, "chatgpt");
});

test("a minimized window does not count, and counts again once restored", async ({ meter }) => {
  const truth = new Stopwatch();
  const chat = await openTab(meter, "https://chatgpt.com/");
  truth.start();
  await hold(2500);
  const cdp = await meter.session.browser.newBrowserCDPSession();
  const { windowId } = await (await meter.session.context.newCDPSession(chat)).send("Browser.getWindowForTarget");
  truth.stop();
  await cdp.send("Browser.setWindowBounds", { windowId, bounds: { windowState: "minimized" } });
  await expect.poll(() => chat.evaluate(() => document.visibilityState)).toBe("hidden");
  await hold(2500);
  await cdp.send("Browser.setWindowBounds", { windowId, bounds: { windowState: "normal" } });
  truth.start();
  await expect.poll(() => chat.evaluate(() => document.visibilityState)).toBe("visible");
  await hold(2500);
  truth.stop();
  await openTab(meter, "https://example.com/");

  const data = await meter.downloadPersonalData();
  expectWithinOneSecond(data.days.find((d) => d.toolId === "chatgpt")?.activeSeconds, truth.seconds, "chatgpt");
});

test("idle is backdated by the threshold, and counting resumes on return", async ({ meter }) => {
  await meter.saveSettings({ idleThresholdSec: 15 });
  const truth = new Stopwatch();
  await openTab(meter, "https://chatgpt.com/");
  truth.start();
  await hold(18_000);
  // Chrome reports idle after 15 s without input: the last 15 s were already idle.
  const idleAt = Date.now();
  await meter.setIdleState("idle");
  const idleSpan = 15;
  truth.stop();
  await hold(2000);
  await meter.setIdleState("active");
  truth.start();
  await hold(2000);
  truth.stop();
  await openTab(meter, "https://example.com/");

  const data = await meter.downloadPersonalData();
  expect(idleAt).toBeGreaterThan(0);
  expectWithinOneSecond(
    data.days.find((d) => d.toolId === "chatgpt")?.activeSeconds,
    truth.seconds - idleSpan,
    "chatgpt",
  );
  expect(data.visits).toHaveLength(1);
});

test("a locked screen stops counting at once, without backdating", async ({ meter }) => {
  const truth = new Stopwatch();
  await openTab(meter, "https://chatgpt.com/");
  truth.start();
  await hold(2500);
  truth.stop();
  await meter.setIdleState("locked");
  await hold(2500);
  await meter.setIdleState("active");
  truth.start();
  await hold(2000);
  truth.stop();
  await openTab(meter, "https://example.com/");

  const data = await meter.downloadPersonalData();
  expectWithinOneSecond(data.days.find((d) => d.toolId === "chatgpt")?.activeSeconds, truth.seconds, "chatgpt");
});

test("pause and resume from the popup", async ({ meter }) => {
  const truth = new Stopwatch();
  await openTab(meter, "https://chatgpt.com/");
  truth.start();
  await hold(2500);
  const popup = await meter.popup();
  await expect(popup.trackingState()).toHaveText("Measuring ChatGPT now");
  truth.stop();
  await popup.pauseButton().dispatchEvent("click");
  await expect(popup.trackingState()).toHaveText("Tracking is paused");
  await hold(2500);
  await popup.pauseButton().dispatchEvent("click");
  truth.start();
  await expect(popup.trackingState()).toHaveText("Measuring ChatGPT now");
  await hold(2500);
  truth.stop();
  await openTab(meter, "https://example.com/");

  const data = await meter.downloadPersonalData();
  expectWithinOneSecond(data.days.find((d) => d.toolId === "chatgpt")?.activeSeconds, truth.seconds, "chatgpt");
  expect(data.settings.paused).toBe(false);
});
