import { expect, test } from "./fixtures";
import { PopupPage } from "./pages/popup-page";
import { TagFormPart } from "./pages/tag-form";
import type { Meter } from "./support/meter";
import { openTab } from "./support/scenarios";
import { hold } from "./support/truth";

// "What was it for, and how many minutes did it save?" after a real session. The minimum
// session length is lowered through settings so sessions can be seconds long.

async function session(meter: Meter, url = "https://chatgpt.com/", ms = 1500) {
  await openTab(meter, url);
  await hold(ms);
  await openTab(meter, "https://example.com/");
  await meter.session.flush();
}

test("leaving a tool after a real session sets the badge, and answering in the popup counts", async ({ meter }) => {
  await meter.saveSettings({ promptMinMinutes: 0 });
  expect(await meter.badgeText()).toBe("");
  await session(meter);
  await expect.poll(() => meter.badgeText()).toBe("1");

  const popup = new PopupPage(await meter.openPage("popup.html"));
  await expect(popup.pending()).toHaveCount(1);
  await expect(popup.pending().first()).toContainText("ChatGPT");
  const form = new TagFormPart(popup.pending().first());
  await form.answer("Summarizing", 15, "quarterly numbers");
  await form.save();
  await expect(popup.pending()).toHaveCount(0);
  await expect(popup.savedTotal()).toHaveText("15 min saved (answers: 1)");
  await expect.poll(() => meter.badgeText()).toBe("");

  const data = await meter.downloadPersonalData();
  expect(data.tags).toEqual([
    {
      toolId: "chatgpt",
      visitStart: data.visits[0]?.start,
      category: "summarizing",
      minutesSaved: 15,
      note: "quarterly numbers",
    },
  ]);
});

test("a session shorter than the minimum is not asked about", async ({ meter }) => {
  await session(meter); // the default minimum is 2 minutes
  expect(await meter.badgeText()).toBe("");
  const popup = new PopupPage(await meter.openPage("popup.html"));
  await expect(popup.pending()).toHaveCount(0);
});

test("returning within the session gap merges the visit and never asks twice", async ({ meter }) => {
  await meter.saveSettings({ promptMinMinutes: 0 });
  await session(meter);
  await session(meter);
  await expect.poll(() => meter.badgeText()).toBe("1");
  const data = await meter.downloadPersonalData();
  expect(data.visits).toHaveLength(1);
});

test("the daily limit is respected", async ({ meter }) => {
  await meter.saveSettings({ promptMinMinutes: 0, promptDailyLimit: 1 });
  await session(meter, "https://chatgpt.com/");
  await session(meter, "https://claude.ai/");
  await expect.poll(() => meter.badgeText()).toBe("1");
  const popup = new PopupPage(await meter.openPage("popup.html"));
  await expect(popup.pending()).toHaveCount(1);
  await expect(popup.pending().first()).toContainText("ChatGPT");
});

test("'Not today' skips the question and asks nothing more today", async ({ meter }) => {
  await meter.saveSettings({ promptMinMinutes: 0 });
  await session(meter, "https://chatgpt.com/");
  const popup = new PopupPage(await meter.openPage("popup.html"));
  await new TagFormPart(popup.pending().first()).notToday();
  await expect(popup.pending()).toHaveCount(0);
  await session(meter, "https://claude.ai/");
  expect(await meter.badgeText()).toBe("");
  await popup.page.reload();
  await expect(popup.pending()).toHaveCount(0);
  expect((await meter.downloadPersonalData()).tags).toEqual([]);
});

test("a notification asks where enabled, and clicking it opens the tag form", async ({ meter }) => {
  await meter.saveSettings({ promptMinMinutes: 0 });
  await session(meter, "https://claude.ai/");
  expect(await meter.notifications()).toEqual([]);

  await meter.saveSettings({ promptNotifications: true });
  await session(meter, "https://chatgpt.com/");
  const ids = await meter.notifications();
  expect(ids).toHaveLength(1);
  const opened = meter.session.context.waitForEvent("page", { predicate: (p) => p.url().includes("/tag.html?visit=") });
  await meter.clickNotification(ids[0] as string);
  const tagWindow = await opened;
  await expect(tagWindow.getByText(/^ChatGPT, \d+ min/)).toBeVisible();
  const form = new TagFormPart(tagWindow.locator("form"));
  await form.answer("Coding", 30);
  await form.save();
  await expect
    .poll(async () => (await meter.downloadPersonalData()).tags.map((t) => [t.toolId, t.category, t.minutesSaved]))
    .toEqual([["chatgpt", "coding", 30]]);
  expect(await meter.notifications()).toEqual([]);
});

test("any past visit can be tagged or re-tagged from the history list", async ({ meter }) => {
  await session(meter, "https://gemini.google.com/app");
  const popup = new PopupPage(await meter.openPage("popup.html"));
  const row = popup.page.locator(".history li").first();
  await row.getByRole("button", { name: "Tag" }).click();
  let form = new TagFormPart(row.locator("form"));
  await form.answer("Research and Q&A", 5);
  await form.save();
  await expect(row).toContainText("Research and Q&A, 5 min saved");
  await row.getByRole("button", { name: "Change" }).click();
  form = new TagFormPart(row.locator("form"));
  await form.answer("Translation", 60);
  await form.save();
  await expect(row).toContainText("Translation, 60 min saved");
  const data = await meter.downloadPersonalData();
  expect(data.tags.map((t) => [t.category, t.minutesSaved])).toEqual([["translation", 60]]);
});

test("bad answers are refused with a message and nothing is saved half-way", async ({ meter }) => {
  await session(meter);
  const popup = new PopupPage(await meter.openPage("popup.html"));
  const row = popup.page.locator(".history li").first();
  await row.getByRole("button", { name: "Tag" }).click();
  const form = new TagFormPart(row.locator("form"));
  await form.answer("Coding", "600");
  await form.save();
  await expect(form.error()).toContainText("Enter whole minutes from 0 to 480.");
  await form.answer("Coding", "-3");
  await form.save();
  await expect(form.error()).toContainText("Enter whole minutes from 0 to 480.");
  // No task chosen: refused too.
  await popup.page.reload();
  await row.getByRole("button", { name: "Tag" }).click();
  await new TagFormPart(row.locator("form")).save();
  await expect(row.locator(".field-error")).toHaveCount(2);
  expect((await meter.downloadPersonalData()).tags).toEqual([]);
});

test("an answer given on a full disk is refused with a message, and saves once there is room", async ({ meter }) => {
  await meter.saveSettings({ promptMinMinutes: 0 });
  await session(meter);
  const popup = new PopupPage(await meter.openPage("popup.html"));
  const form = new TagFormPart(popup.pending().first());
  await form.answer("Coding", 30);
  await meter.setStorageFull(true);
  await form.save();
  await expect(popup.pending().first()).toContainText("Storage is full, so this answer was not saved.");
  await expect(popup.pending()).toHaveCount(1);

  await meter.setStorageFull(false);
  await form.save();
  await expect(popup.pending()).toHaveCount(0);
  await expect(popup.savedTotal()).toHaveText("30 min saved (answers: 1)");
  expect((await meter.downloadPersonalData()).tags).toMatchObject([{ category: "coding", minutesSaved: 30 }]);
});
