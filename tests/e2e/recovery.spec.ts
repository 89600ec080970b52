import { expect, test } from "./fixtures";
import type { Meter } from "./support/meter";
import { expectWithinOneSecond, hold, navigate, Stopwatch } from "./support/truth";

// The service worker and the browser can end at any moment. A stopped worker must lose
// nothing; a closed or killed browser at most about one heartbeat interval (≤ 1 s).

async function openTab(meter: Meter, url: string) {
  const page = await meter.session.context.newPage();
  await navigate(page, url);
  return page;
}

test("a service worker stopped in the middle of a session loses nothing", async ({ meter }) => {
  const truth = new Stopwatch();
  await openTab(meter, "https://chatgpt.com/");
  truth.start();
  await hold(2000);
  await meter.session.stopWorker();
  await hold(3000);
  truth.stop();
  // Switching tabs wakes a new worker, which continues the segment the old one left open.
  await openTab(meter, "https://example.com/");

  const data = await meter.downloadPersonalData();
  expectWithinOneSecond(data.days.find((d) => d.toolId === "chatgpt")?.activeSeconds, truth.seconds, "chatgpt");
  expect(data.visits).toHaveLength(1);
});

for (const [how, end] of [
  ["closed normally", (meter: Meter) => meter.closeAndRelaunch()],
  ["killed (SIGKILL)", (meter: Meter) => meter.killAndRelaunch()],
] as const) {
  test(`a browser ${how} during a session loses at most a second`, async ({ meter }) => {
    const truth = new Stopwatch();
    await openTab(meter, "https://chatgpt.com/");
    truth.start();
    await hold(3000);
    truth.stop();
    await end(meter);

    const data = await meter.downloadPersonalData();
    const measured = data.days.find((d) => d.toolId === "chatgpt")?.activeSeconds;
    expectWithinOneSecond(measured, truth.seconds, "chatgpt");
    expect(measured ?? 0).toBeLessThanOrEqual(truth.seconds + 0.25);
    expect(data.visits).toHaveLength(1);
  });
}

test("a relaunched browser keeps counting the tools it shows", async ({ meter }) => {
  const truth = new Stopwatch();
  await openTab(meter, "https://claude.ai/");
  truth.start();
  await hold(1500);
  truth.stop();
  await meter.killAndRelaunch();
  await openTab(meter, "https://claude.ai/chat/2");
  truth.start();
  await hold(1500);
  truth.stop();
  await openTab(meter, "https://example.com/");

  const data = await meter.downloadPersonalData();
  expectWithinOneSecond(data.days.find((d) => d.toolId === "claude")?.activeSeconds, truth.seconds, "claude");
});
