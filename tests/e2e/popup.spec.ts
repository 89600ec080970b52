import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { OptionsPage } from "./pages/options-page";
import { PopupPage } from "./pages/popup-page";
import type { Meter } from "./support/meter";
import { PRODUCTION_BUILD } from "./support/paths";
import { openTab } from "./support/scenarios";
import { hold, navigate } from "./support/truth";

// Issue 16: the popup paints its figures before the rest of it loads, from its own reads.
// No figure may be older than the data it shows, not even the first one painted. On the
// production build, as a person meets it: nothing waits for the worker or reads a test hook.

// Runs before the popup's own code: keeps every text today's figure shows, in order.
// Also keeps how the first figure was styled: the popup's styles apply from the first paint.
const RECORD_TODAY = `globalThis.__todayTexts = [];
new MutationObserver(() => {
  const node = document.querySelector('[data-testid="today-total"]');
  const texts = globalThis.__todayTexts;
  if (node && texts.at(-1) !== node.textContent) texts.push(node.textContent);
  if (node && globalThis.__firstWeight === undefined) globalThis.__firstWeight = getComputedStyle(node.querySelector(".big")).fontWeight;
}).observe(document, { childList: true, subtree: true, characterData: true });`;

/** Seconds in a duration as the popup shows it: "40 s", "12 min", "1 h 05 min". */
function seconds(text: string): number {
  const match = /(?:(\d+) h )?(\d+) (s|min)/.exec(text);
  if (!match) throw new Error(`not a duration: ${text}`);
  const [, hours, value, unit] = match;
  return Number(hours ?? 0) * 3600 + Number(value) * (unit === "s" ? 1 : 60);
}

/**
 * Waits until the popup says the extension is tracking, as a person would see before using an
 * AI tool: a fresh profile's worker is still starting at first, and nothing is measured yet.
 */
async function untilTracking(meter: Meter): Promise<void> {
  const popup = new PopupPage(await meter.openInBackground("popup.html"));
  await expect(popup.trackingState()).toHaveText("Tracking approved AI tools");
  await popup.page.close();
}

async function todayTexts(page: Page): Promise<string[]> {
  return (await page.evaluate("globalThis.__todayTexts")) as string[];
}

test("a visit that just ended is in the very first figures the popup paints", async ({ productionMeter: meter }) => {
  await untilTracking(meter);
  await openTab(meter, "https://chatgpt.com/");
  await hold(2500);
  await openTab(meter, "https://example.com/");
  // At once: no wait for the worker to finish recording.
  const page = await meter.session.context.newPage();
  await page.addInitScript(RECORD_TODAY);
  await page.goto(meter.session.extensionUrl("popup.html"));
  const popup = new PopupPage(page);
  await expect(popup.todayTotal()).toContainText("Visits: 1");
  await expect(popup.weekTotal()).toContainText("Visits: 1");
  await expect(popup.weekRow("ChatGPT")).toBeVisible();
  const shown = await todayTexts(page);
  expect(shown.length).toBeGreaterThan(0);
  // The page's CSP allows the styles popup-first.js brings: the figure was bold from the start.
  expect(await page.evaluate("globalThis.__firstWeight")).toBe("600");
  for (const text of shown) {
    expect(text).toContain("Visits: 1");
    expect(seconds(text)).toBeGreaterThanOrEqual(2);
  }
  // Once recorded, the popup shows what was recorded.
  const data = await meter.downloadPersonalData();
  const recorded = data.days.find((day) => day.toolId === "chatgpt")?.activeSeconds ?? -1;
  await expect
    .poll(async () => seconds((await popup.todayTotal().locator(".big").textContent()) ?? ""))
    .toBe(Math.round(recorded));
});

test("the time of the visit going on right now counts today, before any of it is recorded", async ({
  productionMeter: meter,
}) => {
  await untilTracking(meter);
  const chat = await openTab(meter, "https://chatgpt.com/");
  await hold(3000);
  // Beside the AI tool, not in front of it, as the toolbar popup opens: the tool stays engaged.
  const popup = new PopupPage(await meter.openInBackground("popup.html"));
  await expect(popup.todayTotal()).toContainText("Visits: 1");
  await expect(popup.weekTotal()).toContainText("Visits: 1");
  const shownAt = seconds((await popup.todayTotal().locator(".big").textContent()) ?? "");
  expect(shownAt).toBeGreaterThanOrEqual(3);
  // Nothing of it is in the daily totals yet: the figure comes from the segment being measured.
  const stored = await popup.page.evaluate(`new Promise((resolve) => {
    const open = indexedDB.open("ai-adoption-meter");
    open.onsuccess = () => { const request = open.result.transaction("days").objectStore("days").count(); request.onsuccess = () => resolve(request.result); };
  })`);
  expect(stored).toBe(0);
  await expect(chat).toHaveURL("https://chatgpt.com/");
  // A popup opened later shows more of it: the time goes on.
  await hold(1500);
  const later = new PopupPage(await meter.openInBackground("popup.html"));
  await expect(later.todayTotal()).toContainText("Visits: 1");
  expect(seconds((await later.todayTotal().locator(".big").textContent()) ?? "")).toBeGreaterThan(shownAt);
});

test("a visit going on right now adds no visit when it continues the last one", async ({ productionMeter: meter }) => {
  await untilTracking(meter);
  await openTab(meter, "https://claude.ai/");
  await hold(1500);
  const other = await openTab(meter, "https://example.com/");
  await hold(500);
  // Back within the session gap: the same visit goes on.
  await navigate(other, "https://claude.ai/");
  await hold(1500);
  const popup = new PopupPage(await meter.openInBackground("popup.html"));
  await expect(popup.todayTotal()).toContainText("Visits: 1");
  expect(seconds((await popup.todayTotal().locator(".big").textContent()) ?? "")).toBeGreaterThanOrEqual(3);
});

/** Today's figure as the first paint showed it, and the texts it showed after. */
async function openPopupAtOnce(meter: Meter): Promise<{ popup: PopupPage; shown: () => Promise<string[]> }> {
  const page = await meter.session.context.newPage();
  await page.addInitScript(RECORD_TODAY);
  await page.goto(meter.session.extensionUrl("popup.html"));
  return { popup: new PopupPage(page), shown: () => todayTexts(page) };
}

/** Whether the worker's copy of the popup's rows is in session storage now. */
async function copyKept(page: Page): Promise<boolean> {
  const kept = (await page.evaluate(`chrome.storage.session.get("popupFigures")`)) as Record<string, unknown>;
  return kept.popupFigures !== undefined;
}

test("after Delete all, the very first figures the popup paints are empty", async ({ productionMeter: meter }) => {
  await untilTracking(meter);
  await openTab(meter, "https://chatgpt.com/");
  await hold(2500);
  await openTab(meter, "https://example.com/");
  const before = await openPopupAtOnce(meter);
  await expect(before.popup.todayTotal()).toContainText("Visits: 1");
  // The copy the first figures came from is there, with the visit in it.
  await expect.poll(() => copyKept(before.popup.page)).toBe(true);
  const options = new OptionsPage(await meter.openPage("options.html"));
  await options.deleteAllData();
  await expect(options.dataMessage()).toHaveText("All your data was deleted.");
  const after = await openPopupAtOnce(meter);
  await expect(after.popup.emptyState()).toContainText("Nothing recorded yet");
  // Not one frame of the figures from before the deletion.
  for (const text of await after.shown()) expect(text).toContain("Visits: 0");
});

test("after a browser restart, which empties session storage, the first figures are the recorded ones", async ({
  productionMeter: meter,
}) => {
  await untilTracking(meter);
  await openTab(meter, "https://claude.ai/");
  await hold(2500);
  await openTab(meter, "https://example.com/");
  const recorded = await meter.downloadPersonalData();
  const seconds0 = Math.round(recorded.days.find((day) => day.toolId === "claude")?.activeSeconds ?? -1);
  expect(seconds0).toBeGreaterThanOrEqual(2);
  await meter.closeAndRelaunch();
  const { popup, shown } = await openPopupAtOnce(meter);
  await expect(popup.todayTotal()).toContainText("Visits: 1");
  const texts = await shown();
  expect(texts.length).toBeGreaterThan(0);
  for (const text of texts) {
    expect(text).toContain("Visits: 1");
    expect(seconds(text)).toBe(seconds0);
  }
});

test("a visit that began after the copy was kept is in the first figures: a new segment drops the copy", async ({
  productionMeter: meter,
}) => {
  await untilTracking(meter);
  await openTab(meter, "https://chatgpt.com/");
  await hold(1500);
  await openTab(meter, "https://example.com/");
  // Past the session gap would be a new visit; a second tool is one at once.
  const first = await openPopupAtOnce(meter);
  await expect(first.popup.todayTotal()).toContainText("Visits: 1");
  await expect.poll(() => copyKept(first.popup.page)).toBe(true);
  await first.popup.page.close();
  await openTab(meter, "https://gemini.google.com/");
  await hold(1500);
  // Beside the tool, at once: the copy from before this visit must not be what is painted.
  const page = await meter.session.context.newPage();
  await page.addInitScript(RECORD_TODAY);
  const second = new PopupPage(page);
  await page.goto(meter.session.extensionUrl("popup.html"));
  await expect(second.todayTotal()).toContainText("Visits: 2");
  for (const text of await todayTexts(page)) expect(text).toContain("Visits: 2");
});

test("the first paint's script is popup.html's alone, a classic script, and the popup waits for no stylesheet", async () => {
  const html = (name: string) => readFile(join(PRODUCTION_BUILD, name), "utf8");
  const popup = await html("popup.html");
  // Loaded from the head, before the module graph, and no stylesheet holds the first paint.
  expect(popup).toMatch(
    /<script defer fetchpriority="high" src="\/popup-first\.js" data-rest="\/chunks\/popup-[\w-]+\.js"><\/script>/,
  );
  expect(popup).not.toMatch(/rel="stylesheet"/);
  // Nothing else is fetched beside it: the rest of the popup loads once the figures are painted.
  expect(popup.match(/<script/g)).toHaveLength(1);
  expect(popup).not.toMatch(/modulepreload/);
  const code = await readFile(join(PRODUCTION_BUILD, "popup-first.js"), "utf8");
  expect(code).not.toMatch(/\bimport\s*[({"']|\bexport\s/);
  for (const page of (await readdir(PRODUCTION_BUILD)).filter(
    (name) => name.endsWith(".html") && name !== "popup.html",
  )) {
    expect(await html(page), page).not.toContain("popup-first");
  }
});
