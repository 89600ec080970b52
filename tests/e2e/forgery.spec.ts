import type { Page } from "@playwright/test";
import { recordId } from "../../lib/report/record-id";
import { isoWeekOf } from "../../lib/time/iso-week";
import { expect, test } from "./fixtures";
import { OptionsPage } from "./pages/options-page";
import { canShiftClock, daysAgo, INSTALL_FAKETIME } from "./support/clock";
import { contentScriptWorld, mainWorld, type PageWorld } from "./support/content-world";
import type { Meter } from "./support/meter";
import { lookAtPopupOnce } from "./support/production-scenarios";
import { leaveFor, measuredSeconds, openAi } from "./support/scenarios";
import { hold, Stopwatch } from "./support/truth";

// Issue 11: code running in the content-script world of an AI page (the threat
// docs/privacy.md names) must not be able to change what the person's data says. Each
// forgery is done from that very world (CDP Runtime.evaluate in the extension's isolated
// context on an AI page), on the production build; afterwards, what the person sees
// ("Download my data", the options page, the team report) must be as if nothing happened.
// The worker is stopped after each forgery, as the browser does within 30 s anyway, so that
// whatever the worker reads back at its next start is read.

const CHAT = "https://chatgpt.com/";
const ELSEWHERE = "https://example.com/";

async function forgeFrom(meter: Meter, page: Page, expression: string): Promise<unknown> {
  const world = await contentScriptWorld(meter, page);
  try {
    return await world.evaluate(expression);
  } finally {
    await world.detach();
  }
}

/** Writes keys of `storage.local` from the content script; resolves to "written" or the refusal. */
function plant(values: Record<string, unknown>): string {
  return `chrome.storage.local.set(${JSON.stringify(values)}).then(() => "written", (e) => "refused: " + e.message)`;
}

/** What a person's personal data download must never hold, whatever was forged. */
function expectNoAddress(text: string): void {
  for (const leak of ["://", "http", "chatgpt.com", "forged-secret"])
    expect(text, `download holds "${leak}"`).not.toContain(leak);
}

function expectMeasured(text: string, truth: Stopwatch): void {
  const data = JSON.parse(text);
  const measured = measuredSeconds(data).chatgpt;
  const detail = `chatgpt: measured ${measured} s, truth ${truth.seconds.toFixed(3)} s`;
  expect(Math.abs((measured ?? 0) - truth.seconds), detail).toBeLessThanOrEqual(1);
  for (const visit of data.visits as { toolId: string; activeSeconds: number }[]) {
    expect(visit.activeSeconds, `a ${visit.toolId} visit longer than all the time there was`).toBeLessThanOrEqual(
      truth.seconds + 1,
    );
  }
  for (const day of data.days as { toolId: string; activeSeconds: number }[]) {
    expect(day.toolId, "a day's tool").toMatch(/^[a-z0-9-]+$/);
  }
}

test.describe("forged tracking state", () => {
  const forgeries: { name: string; expression: string }[] = [
    {
      name: "a URL as the tool id of the open visit and of a pending segment",
      expression: `(async () => {
        const now = Date.now();
        const url = "https://chatgpt.com/c/forged-secret-conversation?q=1";
        const { tracking } = await chrome.storage.local.get("tracking");
        const engagement = tracking?.engagement ?? {};
        const activeTabs = Object.fromEntries(
          Object.entries(engagement.activeTabs ?? {}).map(([id, tab]) => [id, { ...tab, toolId: url }]),
        );
        return chrome.storage.local.set({ tracking: {
          epoch: tracking?.epoch ?? "forged",
          pending: [{ toolId: url, start: now - 60000, end: now - 30000 }],
          prunedAt: now,
          engagement: { ...engagement, activeTabs, open: { toolId: url, start: now - 5000, lastSeen: now } },
        } }).then(() => "written", (e) => "refused: " + e.message);
      })()`,
    },
    {
      name: "an open visit of 144 hours",
      expression: `(async () => {
        const now = Date.now();
        const { tracking } = await chrome.storage.local.get("tracking");
        const engagement = tracking?.engagement ?? {};
        return chrome.storage.local.set({ tracking: {
          epoch: tracking?.epoch ?? "forged",
          pending: [],
          prunedAt: now,
          engagement: { ...engagement, open: { toolId: "chatgpt", start: now - 144 * 3600000, lastSeen: now } },
        } }).then(() => "written", (e) => "refused: " + e.message);
      })()`,
    },
    {
      name: "engagement: null",
      expression: `(async () => {
        const { tracking } = await chrome.storage.local.get("tracking");
        return chrome.storage.local.set({ tracking: { ...(tracking ?? { epoch: "forged", pending: [], prunedAt: 0 }), engagement: null } })
          .then(() => "written", (e) => "refused: " + e.message);
      })()`,
    },
  ];

  for (const forgery of forgeries) {
    test(`${forgery.name}: the download holds no address and the true time, and tracking goes on`, async ({
      productionMeter: meter,
    }) => {
      await lookAtPopupOnce(meter);
      const chatgpt = new Stopwatch();
      const chat = await openAi(meter, CHAT, chatgpt);
      await hold(2000);
      await forgeFrom(meter, chat, forgery.expression);
      await meter.session.stopWorkerNow();
      await hold(1500);
      const other = await leaveFor(meter, ELSEWHERE, chatgpt);
      await hold(500);
      // A real visit afterwards still counts.
      await chatgpt.startAround(() => chat.bringToFront());
      await hold(2500);
      await chatgpt.stopAround(() => other.bringToFront());
      const text = await meter.downloadPersonalDataText();
      expectNoAddress(text);
      expectMeasured(text, chatgpt);
    });
  }
});

test("settings written straight to storage take no effect", async ({ productionMeter: meter }) => {
  await lookAtPopupOnce(meter);
  const options = new OptionsPage(await meter.openPage("options.html"));
  await expect(options.page.locator('input[name="retentionDays"]')).toHaveValue("180");
  const approvedBefore = await options
    .approvedTools()
    .evaluateAll((boxes) => boxes.map((box) => (box as HTMLInputElement).checked));
  expect(approvedBefore.filter(Boolean).length, "tools approved by default").toBeGreaterThan(0);
  await options.page.close();

  const chatgpt = new Stopwatch();
  const chat = await openAi(meter, CHAT, chatgpt);
  await hold(1500);
  const result = await forgeFrom(
    meter,
    chat,
    `chrome.storage.local.get("settings").then(({ settings }) =>
      chrome.storage.local.set({ settings: { ...(settings ?? {}), retentionDays: 7, approvedToolIds: [] } })
    ).then(() => "written", (e) => "refused: " + e.message)`,
  );
  await meter.session.stopWorkerNow();
  const other = await leaveFor(meter, ELSEWHERE, chatgpt);
  await hold(500);
  await chatgpt.startAround(() => chat.bringToFront());
  await hold(2500);
  await chatgpt.stopAround(() => other.bringToFront());

  const after = new OptionsPage(await meter.openPage("options.html"));
  await expect(after.page.locator('input[name="retentionDays"]'), `forgery ${result}`).toHaveValue("180");
  await expect
    .poll(() => after.approvedTools().evaluateAll((boxes) => boxes.map((box) => (box as HTMLInputElement).checked)))
    .toEqual(approvedBefore);
  await after.page.close();
  const text = await meter.downloadPersonalDataText();
  const data = JSON.parse(text);
  expect(data.settings.retentionDays).toBe(180);
  expect(data.settings.approvedToolIds).toBeUndefined();
  expectMeasured(text, chatgpt);
});

/** Counts what reaches the worker and what is written to storage.local, by observation only. */
async function startCounting(meter: Meter, observer: Page): Promise<string> {
  const marker = `count-${Math.random().toString(36).slice(2)}`;
  // A listener added over CDP in the running worker; the product's own listeners are untouched.
  await meter.session.evaluateInWorker(`(() => {
    const fresh = !globalThis.__observed;
    globalThis.__observed = { marker: ${JSON.stringify(marker)}, messages: 0 };
    if (fresh) {
      chrome.runtime.onMessage.addListener((_message, sender) => {
        // From web pages' content scripts only, not from the extension's own pages.
        if (sender.url && !sender.url.startsWith("chrome-extension://")) globalThis.__observed.messages += 1;
      });
    }
    return true;
  })()`);
  await observer.evaluate(() => {
    const g = globalThis as unknown as {
      __writes?: Record<string, number>;
      chrome: { storage: { onChanged: { addListener(f: (c: object, area: string) => void): void } } };
    };
    const fresh = !g.__writes;
    g.__writes = {};
    if (!fresh) return;
    g.chrome.storage.onChanged.addListener((changes, area) => {
      if (area !== "local" || !g.__writes) return;
      for (const key of Object.keys(changes)) g.__writes[key] = (g.__writes[key] ?? 0) + 1;
    });
  });
  return marker;
}

async function counted(
  meter: Meter,
  observer: Page,
  marker: string,
): Promise<{ messages: number; writes: number; perKey: Record<string, number> }> {
  const seen = await meter.session.evaluateInWorker<{ marker: string; messages: number } | null>(
    "globalThis.__observed ?? null",
  );
  // A worker that restarted lost the counting listener; its count would be short.
  expect(seen?.marker, "the worker that counted messages is still the same").toBe(marker);
  const perKey = await observer.evaluate(() => ({ ...(globalThis as { __writes?: Record<string, number> }).__writes }));
  return { messages: seen?.messages ?? 0, writes: Object.values(perKey).reduce((a, b) => a + b, 0), perKey };
}

test("10,000 synthetic visibilitychange events give a handful of messages and writes at most", async ({
  productionMeter: meter,
}) => {
  test.setTimeout(120_000);
  await lookAtPopupOnce(meter);
  const observer = await meter.openInBackground("options.html");
  const chatgpt = new Stopwatch();
  const chat = await openAi(meter, CHAT, chatgpt);
  await hold(1500);
  const windowMs = 4000;

  // The same length of time without a flood, for what the product does anyway.
  let marker = await startCounting(meter, observer);
  await hold(windowMs);
  const quiet = await counted(meter, observer, marker);

  marker = await startCounting(meter, observer);
  const started = Date.now();
  const flood = "for (let i = 0; i < 10000; i++) document.dispatchEvent(new Event('visibilitychange')); true";
  const worlds: PageWorld[] = [await contentScriptWorld(meter, chat), await mainWorld(meter, chat)];
  for (const world of worlds) {
    await world.evaluate(flood);
    await world.detach();
  }
  await hold(Math.max(0, started + windowMs - Date.now()));
  const flooded = await counted(meter, observer, marker);
  const quietMessages = quiet.messages;
  expect(
    flooded.messages,
    `messages to the worker: ${flooded.messages} in the flood, ${quietMessages} without`,
  ).toBeLessThanOrEqual(quietMessages + 5);
  expect(
    flooded.writes,
    `storage.local writes: ${JSON.stringify(flooded.perKey)} in the flood, ${JSON.stringify(quiet.perKey)} without`,
  ).toBeLessThanOrEqual(quiet.writes + 5);

  await leaveFor(meter, ELSEWHERE, chatgpt);
  expectMeasured(await meter.downloadPersonalDataText(), chatgpt);
});

// Team reports need a complete past week: the browser first runs on a clock shifted back
// seven days, browses, and is started again in the present.
test.describe("the team report", () => {
  // Outside CI a missing libfaketime skips these; CI installs it, so there they fail instead.
  test.skip(!canShiftClock() && !process.env.CI, INSTALL_FAKETIME);
  test.beforeAll(() => {
    if (!canShiftClock()) throw new Error(INSTALL_FAKETIME);
  });
  test.use({ browserEnv: daysAgo(7) });

  const lastWeek = () => isoWeekOf(Date.now() - 7 * 24 * 3600_000);

  /** A visit to ChatGPT a week ago. */
  async function browseLastWeek(meter: Meter): Promise<Page> {
    await lookAtPopupOnce(meter);
    const chat = await openAi(meter, CHAT, new Stopwatch());
    await hold(2500);
    await meter.open(ELSEWHERE);
    await hold(500);
    return chat;
  }

  /** Opens "Share with team lead" and returns the records of the report it previews. */
  async function teamReport(meter: Meter): Promise<{ id: string; week: string }[]> {
    const share = await meter.openPage("share.html");
    const row = share.getByTestId("share-table").locator(`tr[data-week="${lastWeek()}"]`);
    await expect(row, "last week's record in the team report").toContainText("ChatGPT: 1, 0 min");
    const file = JSON.parse((await share.getByTestId("share-raw").textContent()) ?? "{}");
    await share.close();
    return file.records;
  }

  async function expectIdsNotFrom(records: { id: string; week: string }[], secret: Uint8Array): Promise<void> {
    expect(records.length, "records in the report").toBeGreaterThan(0);
    for (const record of records) {
      expect(record.id, `${record.week}: the id is HMAC(planted secret, week)`).not.toBe(
        await recordId(secret, record.week as never),
      );
    }
  }

  const planted32 = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
  const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
  const secrets: { name: string; stored: string; bytes: Uint8Array }[] = [
    { name: "a 32-byte device secret", stored: base64(planted32), bytes: planted32 },
    {
      name: "a 5-byte device secret",
      stored: base64(Uint8Array.of(1, 2, 3, 4, 5)),
      bytes: Uint8Array.of(1, 2, 3, 4, 5),
    },
    {
      name: "a device secret that is not base64",
      stored: "!!not base64!!",
      bytes: new TextEncoder().encode("!!not base64!!"),
    },
  ];

  for (const secret of secrets) {
    test(`${secret.name} planted before the first team report is not adopted`, async ({ productionMeter: meter }) => {
      const chat = await browseLastWeek(meter);
      await forgeFrom(meter, chat, plant({ deviceSecret: secret.stored }));
      await meter.closeAndRelaunch({ env: {} });
      const first = await teamReport(meter);
      await expectIdsNotFrom(first, secret.bytes);
      // The same week keeps its id on the next export.
      expect((await teamReport(meter)).map((r) => r.id)).toEqual(first.map((r) => r.id));
    });
  }

  test("a device secret planted after Delete all is not adopted", async ({ productionMeter: meter }) => {
    const chat = await browseLastWeek(meter);
    // The first team report makes the secret (the running week is not exported, so it is empty here).
    const share = await meter.openPage("share.html");
    await expect(share.getByTestId("share-summary")).toBeVisible();
    await share.close();
    const options = new OptionsPage(await meter.openPage("options.html"));
    await options.deleteAllData();
    await expect(options.dataMessage()).toBeVisible();
    await options.page.close();
    await forgeFrom(meter, chat, plant({ deviceSecret: base64(planted32) }));
    // Browsing after the deletion, still last week.
    await chat.bringToFront();
    await hold(2500);
    await meter.open(ELSEWHERE);
    await hold(500);
    await meter.closeAndRelaunch({ env: {} });
    await expectIdsNotFrom(await teamReport(meter), planted32);
  });

  test("trackingSince written as a future date leaves the report whole", async ({ productionMeter: meter }) => {
    const chat = await browseLastWeek(meter);
    await forgeFrom(meter, chat, plant({ trackingSince: "2099-01-01" }));
    await meter.closeAndRelaunch({ env: {} });
    const records = await teamReport(meter);
    expect(records.map((r) => r.week)).toContain(lastWeek());
  });
});
