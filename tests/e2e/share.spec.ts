import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { aggregateFileSchema } from "../../lib/report/aggregate-format";
import { isoWeekOf } from "../../lib/time/iso-week";
import { expect, test } from "./fixtures";
import { PopupPage } from "./pages/popup-page";
import { TagFormPart } from "./pages/tag-form";
import { canShiftClock, daysAgo, INSTALL_FAKETIME } from "./support/clock";
import { openTab } from "./support/scenarios";
import { hold } from "./support/truth";

// The team report, end to end: real browsing a week ago (the browser runs on a clock
// shifted back seven days), one answer, then Share with team lead → preview → Save file.

// Outside CI a missing libfaketime skips this file; CI installs it, so there it fails instead.
test.skip(!canShiftClock() && !process.env.CI, INSTALL_FAKETIME);
test.beforeAll(() => {
  if (!canShiftClock()) throw new Error(INSTALL_FAKETIME);
});
test.use({ browserEnv: daysAgo(7) });

test("the saved team report shows last week's browsing and holds no URL, host or note", async ({ meter }) => {
  const lastWeek = isoWeekOf(Date.now() - 7 * 24 * 3600_000);
  await meter.saveSettings({ promptMinMinutes: 0 });
  await openTab(meter, "https://chatgpt.com/c/secret-conversation?q=CANARY-QUERY");
  await hold(2500);
  await openTab(meter, "https://claude.ai/new");
  await hold(1500);
  await openTab(meter, "https://example.com/");
  const popup = new PopupPage(await meter.openPage("popup.html"));
  const form = new TagFormPart(popup.pending().filter({ hasText: "ChatGPT" }));
  await form.answer("Summarizing", 15, "CANARY-NOTE about the merger");
  await form.save();
  await expect(popup.savedTotal()).toContainText("15 min saved");

  // Back to the present: last week is now complete.
  await meter.closeAndRelaunch({ env: {} });
  const share = await meter.openPage("share.html");
  await expect(share.getByTestId("share-summary")).toContainText(`to ${lastWeek}`);
  const row = share.getByTestId("share-table").locator(`tr[data-week="${lastWeek}"]`);
  await expect(row).toContainText("ChatGPT: 1, 0 min");
  await expect(row).toContainText("Claude: 1, 0 min");
  await expect(row).toContainText("Summarizing: 1, 15 min");
  await expect(row).toContainText("yes");
  await expect(share.getByTestId("share-raw")).toContainText('"format": "ai-adoption-meter/aggregate@1"');

  const { fileName, text } = await meter.download(() => share.getByRole("button", { name: "Save file" }).click());
  expect(fileName).toBe(`ai-adoption-team-${lastWeek}.json`);
  const file = JSON.parse(text);
  const ajv = new Ajv2020({ strict: false });
  addFormats(ajv);
  const schema = JSON.parse(
    readFileSync(resolve(import.meta.dirname, "../../docs/formats/aggregate.schema.json"), "utf8"),
  );
  expect(ajv.validate(schema, file), JSON.stringify(ajv.errors)).toBe(true);
  aggregateFileSchema.parse(file);

  const record = file.records.find((r: { week: string }) => r.week === lastWeek);
  expect(record).toMatchObject({
    week: lastWeek,
    activeDays: 1,
    features: { active: true },
    tools: [
      { toolId: "chatgpt", visits: 1, activeMinutes: 0 },
      { toolId: "claude", visits: 1, activeMinutes: 0 },
    ],
    tasks: [{ category: "summarizing", tags: 1, minutesSaved: 15 }],
  });
  for (const leak of [
    "CANARY",
    "merger",
    "secret-conversation",
    "chatgpt.com",
    "claude.ai",
    "example.com",
    "http",
    "://",
  ]) {
    expect(text, leak).not.toContain(leak);
  }
  // Nothing finer than a week: no dates, no times.
  expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}|T\d{2}:\d{2}/);
  // This week's use is never exported, even if it happened.
  expect(file.records.map((r: { week: string }) => r.week)).not.toContain(isoWeekOf(Date.now()));
});
