import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { OptionsPage } from "./pages/options-page";
import { PopupPage } from "./pages/popup-page";
import type { Meter } from "./support/meter";
import { openTab } from "./support/scenarios";
import { fitToContent } from "./support/screenshot";
import { expectWithinOneSecond, hold, Stopwatch } from "./support/truth";

// The employee's own view: the popup and the options page, after real browsing.

/** Uses ChatGPT, then Claude, then leaves for a non-AI site. */
async function browse(meter: Meter) {
  await openTab(meter, "https://chatgpt.com/");
  await hold(2500);
  await openTab(meter, "https://claude.ai/");
  await hold(1500);
  await openTab(meter, "https://example.com/");
  await meter.session.flush();
}

async function axe(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

test("the popup shows the same per-tool time and visits as the downloaded data", async ({ meter }) => {
  await browse(meter);
  const data = await meter.downloadPersonalData();
  const popup = new PopupPage(await meter.openPage("popup.html"));
  for (const [toolId, name] of [
    ["chatgpt", "ChatGPT"],
    ["claude", "Claude"],
  ] as const) {
    const day = data.days.find((d) => d.toolId === toolId);
    const row = popup.weekRow(name);
    await expect(row).toBeVisible();
    await expect(row.locator("[data-seconds]")).toHaveAttribute(
      "data-seconds",
      String(Math.round(day?.activeSeconds ?? -1)),
    );
    await expect(row.locator("td").nth(1)).toHaveText(String(day?.visits));
  }
  await expect(popup.todayTotal()).toContainText("Visits: 2");
  await expect(popup.weekTotal()).toContainText("Visits: 2");
});

test("the first day's popup says plainly that nothing is recorded yet", async ({ meter }) => {
  const popup = new PopupPage(await meter.openPage("popup.html"));
  await expect(popup.emptyState()).toContainText("Nothing recorded yet");
  await expect(popup.page.getByTestId("saved-none")).toContainText("No minutes saved recorded this week");
  await expect(popup.trackingSwitch()).toHaveAttribute("aria-checked", "true");
});

test("pausing shows a visible paused state and stops counting", async ({ meter }) => {
  const popup = new PopupPage(await meter.openPage("popup.html"));
  await popup.trackingSwitch().press("Space");
  await expect(popup.trackingSwitch()).toHaveAttribute("aria-checked", "false");
  await expect(popup.trackingState()).toHaveText(/Tracking is paused/);
  await openTab(meter, "https://chatgpt.com/");
  await hold(2000);
  await openTab(meter, "https://example.com/");
  const data = await meter.downloadPersonalData();
  expect(data.days).toEqual([]);
  expect(data.settings.paused).toBe(true);
});

test("delete all my data, after confirming, empties everything", async ({ meter }) => {
  await browse(meter);
  const options = new OptionsPage(await meter.openPage("options.html"));
  // Cancelling deletes nothing.
  await options.page.getByRole("button", { name: "Delete all my data" }).click();
  await options.page.getByRole("button", { name: "Cancel" }).click();
  expect((await meter.downloadPersonalData()).days.length).toBeGreaterThan(0);

  await options.deleteAllData();
  await expect(options.dataMessage()).toHaveText("All your data was deleted.");
  const data = await meter.downloadPersonalData();
  expect([data.days, data.visits, data.tags]).toEqual([[], [], []]);
  const counts = await options.page.evaluate(`(async () => {
    const db = await new Promise((resolve) => { const r = indexedDB.open("ai-adoption-meter"); r.onsuccess = () => resolve(r.result); });
    const count = (name) => new Promise((resolve) => { const q = db.transaction(name).objectStore(name).count(); q.onsuccess = () => resolve(q.result); });
    return [await count("visits"), await count("days"), await count("tags"), await count("secrets")];
  })()`);
  expect(counts).toEqual([0, 0, 0, 0]);
  const popup = new PopupPage(await meter.openPage("popup.html"));
  await expect(popup.emptyState()).toContainText("Nothing recorded yet");
  await expect(popup.todayTotal()).toContainText("0 s");
});

test("retention removes old raw visits and keeps the daily totals", async ({ meter }) => {
  const day = 24 * 3600_000;
  const old = Date.now() - 40 * day;
  const recent = Date.now() - 2 * day;
  await meter.session.evaluateInWorker(
    `globalThis.__testHooks.seedSegments(${JSON.stringify([
      { toolId: "chatgpt", start: old, end: old + 600_000 },
      { toolId: "chatgpt", start: recent, end: recent + 300_000 },
    ])}, 600000)`,
  );
  const before = await meter.downloadPersonalData();
  expect(before.visits).toHaveLength(2);

  const options = new OptionsPage(await meter.openPage("options.html"));
  await options.field("Keep visits for (days)").fill("30");
  await options.saveSettings();
  await expect(options.settingsMessage()).toHaveText("Settings saved.");

  const after = await meter.downloadPersonalData();
  expect(after.visits).toHaveLength(1);
  expect(after.days).toEqual(before.days);
  expect(after.settings.retentionDays).toBe(30);
});

test("invalid settings are refused with a message next to the field, and nothing is saved", async ({ meter }) => {
  const options = new OptionsPage(await meter.openPage("options.html"));
  for (const [label, name, value] of [
    ["Idle after (seconds without input)", "idleThresholdSec", "10"],
    ["Session gap (minutes)", "sessionGapMin", "-5"],
    ["Keep visits for (days)", "retentionDays", "abc"],
  ] as const) {
    await options.field(label).fill(value);
    await options.saveSettings();
    await expect(options.fieldError(name)).toContainText("Enter a whole number from");
    await expect(options.field(label)).toHaveAttribute("aria-invalid", "true");
    await expect(options.settingsMessage()).toHaveText("Nothing was saved: correct the fields marked below.");
    await options.page.reload();
  }
  const data = await meter.downloadPersonalData();
  expect(data.settings).toMatchObject({ idleThresholdSec: 120, sessionGapMin: 10, retentionDays: 180 });
});

test("a full disk shows a clear message in the popup and loses nothing already stored", async ({ meter }) => {
  await browse(meter);
  const stored = await meter.downloadPersonalData();
  await meter.setStorageFull(true);
  await openTab(meter, "https://chatgpt.com/");
  await hold(1500);
  await openTab(meter, "https://example.com/");
  const popup = new PopupPage(await meter.openPage("popup.html"));
  await expect(popup.writeError()).toContainText("Storage is full");
  // What was stored before is intact and still shown.
  await expect(popup.weekRow("Claude")).toBeVisible();

  await meter.setStorageFull(false);
  await openTab(meter, "https://claude.ai/");
  await hold(500);
  await openTab(meter, "https://example.com/");
  const after = await meter.downloadPersonalData();
  const seconds = (data: typeof stored, tool: string) => data.days.find((d) => d.toolId === tool)?.activeSeconds ?? 0;
  // The time measured while the disk was full was kept and written once there was room.
  expect(seconds(after, "chatgpt")).toBeGreaterThan(seconds(stored, "chatgpt") + 1);
  expect(seconds(after, "claude")).toBeGreaterThan(seconds(stored, "claude"));
  await popup.page.reload();
  await expect(popup.writeError()).toHaveCount(0);
});

test("unticking an approved tool stops counting it", async ({ meter }) => {
  const options = new OptionsPage(await meter.openPage("options.html"));
  const chatgpt = options.page.getByRole("checkbox", { name: "ChatGPT" });
  await chatgpt.click();
  await expect(options.settingsMessage()).toHaveText("Settings saved.");
  await expect(chatgpt).not.toBeChecked();
  await openTab(meter, "https://chatgpt.com/");
  await hold(1500);
  await openTab(meter, "https://claude.ai/");
  await hold(1000);
  await openTab(meter, "https://example.com/");
  const data = await meter.downloadPersonalData();
  expect(data.days.map((d) => d.toolId)).toEqual(["claude"]);
});

for (const scheme of ["light", "dark"] as const) {
  test(`popup and options have no accessibility violations (${scheme})`, async ({ meter }) => {
    await meter.saveSettings({ promptMinMinutes: 0 });
    await browse(meter);
    for (const path of ["popup.html", "options.html"]) {
      const page = await meter.openPage(path);
      await page.emulateMedia({ colorScheme: scheme });
      await page.waitForLoadState("networkidle");
      await axe(page);
    }
  });
}

test("popup and options work from the keyboard alone", async ({ meter }) => {
  await meter.saveSettings({ promptMinMinutes: 0 });
  await browse(meter);
  const popup = new PopupPage(await meter.openPage("popup.html"));
  // Both visits of the session were long enough to be asked about.
  await expect(popup.pending()).toHaveCount(2);
  // Tab to the first task chip, choose it with the arrow keys' radio group, then save.
  await popup.page.keyboard.press("Tab"); // the pause switch
  await expect(popup.trackingSwitch()).toBeFocused();
  await popup.page.keyboard.press("Tab"); // first task chip
  await popup.page.keyboard.press("Space");
  await popup.page.keyboard.press("Tab"); // minutes chips
  await popup.page.keyboard.press("ArrowRight"); // 5 min
  await popup.pending().first().getByRole("button", { name: "Save" }).focus();
  await popup.page.keyboard.press("Enter");
  await expect(popup.savedTotal()).toContainText("5 min saved");

  const options = new OptionsPage(await meter.openPage("options.html"));
  await options.field("Idle after (seconds without input)").waitFor();
  await options.page.keyboard.press("Tab"); // the first field: idle threshold
  await expect(options.field("Idle after (seconds without input)")).toBeFocused();
  await options.page.keyboard.press("ControlOrMeta+A");
  await options.page.keyboard.type("90");
  await options.page.keyboard.press("Enter"); // submits the settings form
  await expect(options.settingsMessage()).toHaveText("Settings saved.");
  expect((await meter.downloadPersonalData()).settings.idleThresholdSec).toBe(90);
});

test("adding a custom tool asks for its site in the browser's own prompt, then counts it", async ({
  windowedMeter: meter,
}) => {
  const options = new OptionsPage(await meter.openPage("options.html"));
  // Refusing the prompt adds nothing.
  await meter.answerPermissionPrompt(
    options.page,
    () => options.addCustomTool("Intranet AI", "ai.intranet.example"),
    false,
  );
  await expect(options.page.getByText("Access to ai.intranet.example was not allowed")).toBeVisible();
  await expect(options.customTools()).toHaveCount(0);

  await meter.answerPermissionPrompt(
    options.page,
    () => options.page.getByRole("button", { name: "Add tool" }).click(),
    true,
  );
  await expect(options.customTools()).toHaveCount(1);
  await expect(options.customTools().first()).toContainText("Intranet AI");

  // The same heartbeat runs in its pages, registered for the granted host only.
  const registered = await meter.session.evaluateInWorker<{ matches?: string[] }[]>(
    "chrome.scripting.getRegisteredContentScripts()",
  );
  expect(registered.map((script) => script.matches)).toEqual([["https://ai.intranet.example/*"]]);
  const truth = new Stopwatch();
  const tool = await meter.session.context.newPage();
  await truth.startAround(() => tool.goto("https://ai.intranet.example/assistant", { waitUntil: "commit" }));
  await expect
    .poll(() => meter.session.evaluateInWorker<{ heartbeat?: unknown }>("chrome.storage.local.get('heartbeat')"))
    .toMatchObject({ heartbeat: { tabId: expect.any(Number) } });
  await hold(3000);
  // So a crash loses no more on a custom tool than on a catalog tool.
  truth.stop();
  await meter.killAndRelaunch();
  const data = await meter.downloadPersonalData();
  const day = data.days.find((d) => d.toolId === "custom-ai-intranet-example");
  expectWithinOneSecond(day?.activeSeconds, truth.seconds, "custom tool after a crash");
  expect(day?.activeSeconds ?? 0).toBeLessThanOrEqual(truth.seconds + 0.25);
  expect(data.settings.customTools.map((t) => t.hosts)).toEqual([["ai.intranet.example"]]);
  await meter.session.context
    .pages()
    .find((page) => page.url().includes("ai.intranet.example"))
    ?.close();
  const optionsAgain = new OptionsPage(await meter.openPage("options.html"));
  await expect(optionsAgain.customTools()).toHaveCount(1);

  // Removing it gives the site access back, and its heartbeat goes with it.
  await optionsAgain.page.getByRole("button", { name: "Remove Intranet AI" }).click();
  await expect(optionsAgain.customTools()).toHaveCount(0);
  await expect
    .poll(() => meter.session.evaluateInWorker<unknown[]>("chrome.scripting.getRegisteredContentScripts()"))
    .toEqual([]);
  const stillGranted = await meter.session.evaluateInWorker<boolean>(
    `chrome.permissions.contains({ origins: ["https://ai.intranet.example/*"] })`,
  );
  expect(stillGranted).toBe(false);
});

test("screenshots of popup and options for the README", async ({ meter }) => {
  // Eight weeks of plausible history, then a real session, so the charts have content.
  const day = 24 * 3600_000;
  const segments = [];
  for (let d = 55; d >= 1; d--) {
    const start = new Date(Date.now() - d * day);
    start.setHours(9, 0, 0, 0);
    for (const [i, toolId] of ["chatgpt", "claude", "m365-copilot"].entries()) {
      if ((d + i) % 3 === 0) continue;
      const at = start.getTime() + i * 3600_000;
      segments.push({ toolId, start: at, end: at + (10 + ((d * 7 + i * 13) % 40)) * 60_000 });
    }
  }
  await meter.session.evaluateInWorker(`globalThis.__testHooks.seedSegments(${JSON.stringify(segments)}, 600000)`);
  await browse(meter);
  // Each page is shot while it is the front tab: a hidden tab draws no frames to capture.
  const popup = await meter.openPage("popup.html");
  await popup.getByTestId("stats").waitFor();
  await expect(popup.locator("canvas")).toHaveCount(2);
  await fitToContent(popup, 360);
  const popupImage = await popup.screenshot();
  const options = await meter.openPage("options.html");
  await options.setViewportSize({ width: 900, height: 1100 });
  await options.getByRole("button", { name: "Download my data" }).waitFor();
  const shots = [
    ["popup.png", popupImage],
    ["options.png", await options.screenshot()],
  ] as const;
  for (const [name, image] of shots) {
    await test.info().attach(name, { body: image, contentType: "image/png" });
    // UPDATE_SCREENSHOTS=1 npm run test:e2e -- -g screenshots refreshes the README's images.
    if (process.env.UPDATE_SCREENSHOTS)
      await writeFile(resolve(import.meta.dirname, "../../docs/screenshots", name), image);
  }
  expect(shots.every(([, image]) => image.length > 10_000)).toBe(true);
});
