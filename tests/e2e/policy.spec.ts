import { expect, test } from "./fixtures";
import { OptionsPage } from "./pages/options-page";
import type { Meter } from "./support/meter";
import { canWritePolicies, removePolicy, writePolicy } from "./support/policy-file";
import { openTab } from "./support/scenarios";
import { expectWithinOneSecond, hold, Stopwatch } from "./support/truth";

// Real Chromium policy files, read by the browser and delivered through managed storage.
// Writing them needs root. Outside CI, without it, this file is skipped; CI runs as root,
// so there a missing write access fails instead.
const NEEDS_ROOT = "needs write access to /etc/chromium/policies/managed (run as root, as CI does)";
test.skip(!canWritePolicies() && !process.env.CI, NEEDS_ROOT);
test.beforeAll(() => {
  if (!canWritePolicies()) throw new Error(NEEDS_ROOT);
});

// Every test starts without a policy file and removes its own, even when it fails.
test.beforeEach(() => removePolicy());
test.afterEach(() => removePolicy());

/** A session on `url`, timed by `truth` where it should count. */
async function secondsOn(meter: Meter, url: string, truth = new Stopwatch()) {
  await truth.startAround(() => openTab(meter, url));
  await hold(1500);
  await truth.stopAround(() => openTab(meter, "https://example.com/"));
}

const measured = (data: { days: { toolId: string; activeSeconds: number }[] }) =>
  Object.fromEntries(data.days.map((d) => [d.toolId, d.activeSeconds]));

test.describe("with a policy file before the browser starts", () => {
  test.use({
    // The file must exist before launch; the fixture launches the browser.
    policyBeforeLaunch: {
      approvedToolIds: ["claude"],
      teamLabel: "Marketing",
      trainingDate: "2026-09-14",
      idleThresholdSec: 300,
      hourlyCost: -5,
      taskCategories: [
        { id: "campaign-copy", label: "Draft campaign copy" },
        { id: "social-posts", label: "Write social posts" },
      ],
    },
  });

  test("approving one tool means time on another catalog tool is not counted", async ({ meter }) => {
    await secondsOn(meter, "https://chatgpt.com/");
    await secondsOn(meter, "https://claude.ai/");
    const data = await meter.downloadPersonalData();
    expect(Object.keys(measured(data))).toEqual(["claude"]);
    expect(data.settings.approvedToolIds).toEqual(["claude"]);
  });

  test("right after install, before the policy has answered, only what it approves is kept", async ({
    productionMeter,
  }) => {
    // The production build, nothing waited for: the person goes straight to ChatGPT, which the
    // policy does not approve, then to Claude, which it does.
    const claude = new Stopwatch();
    await secondsOn(productionMeter, "https://chatgpt.com/");
    await secondsOn(productionMeter, "https://claude.ai/", claude);
    const data = await productionMeter.downloadPersonalData();
    expect(Object.keys(measured(data))).toEqual(["claude"]);
    expectWithinOneSecond(measured(data).claude, claude.seconds, "claude");
    expect(data.visits.map((visit) => visit.toolId)).toEqual(["claude"]);
  });

  test("options shows the team, the training date, what is set and what was ignored", async ({ meter }) => {
    const options = new OptionsPage(await meter.openPage("options.html"));
    const policy = options.page.getByTestId("policy");
    await expect(policy.getByTestId("policy-team")).toHaveText("Team: Marketing");
    await expect(policy.getByTestId("policy-training")).toContainText(
      new Date("2026-09-14T12:00:00").toLocaleDateString("en-US"),
    );
    await expect(policy.getByRole("row", { name: /approvedToolIds/ })).toContainText("claude");
    // A value the browser's schema lets through but that is not valid is ignored and reported.
    await expect(policy.getByTestId("policy-issues")).toContainText("hourlyCost");
    // The valid fields still apply, the task list included.
    const view = await options.page.evaluate(`chrome.runtime.sendMessage({ name: "getSettingsView", request: {} })`);
    expect(view).toMatchObject({
      ok: true,
      value: { categories: [{ id: "campaign-copy" }, { id: "social-posts" }], settings: { idleThresholdSec: 300 } },
    });
  });

  test("a locked setting cannot be changed from options", async ({ meter }) => {
    const options = new OptionsPage(await meter.openPage("options.html"));
    const idle = options.field("Idle after (seconds without input)");
    await expect(idle).toBeDisabled();
    await expect(idle).toHaveValue("300");
    await expect(options.page.getByText("Set by your organization: 300")).toBeVisible();
    // Not through the page's own message either.
    const reply = await options.page.evaluate(
      `chrome.runtime.sendMessage({ name: "saveSettings", request: { patch: { idleThresholdSec: 60 } } })`,
    );
    expect(reply).toEqual({
      ok: true,
      value: { ok: false, errors: { idleThresholdSec: "errorLockedByPolicy" } },
    });
    await expect(options.page.getByRole("checkbox", { name: "ChatGPT" })).toBeDisabled();
    expect((await meter.downloadPersonalData()).settings.idleThresholdSec).toBe(300);
  });
});

test("a policy edited while the browser runs takes effect without a restart", async ({ meter }) => {
  await writePolicy({ approvedToolIds: ["chatgpt"] });
  const options = new OptionsPage(await meter.openPage("options.html"));
  await expect(options.page.getByRole("row", { name: /approvedToolIds/ })).toContainText("chatgpt", {
    timeout: 20_000,
  });
  await secondsOn(meter, "https://claude.ai/");

  await writePolicy({ approvedToolIds: ["claude"], teamLabel: "Support" });
  await expect(options.page.getByTestId("policy-team")).toHaveText("Team: Support", { timeout: 20_000 });
  const claude = new Stopwatch();
  await secondsOn(meter, "https://claude.ai/", claude);
  await secondsOn(meter, "https://chatgpt.com/");

  await removePolicy();
  await expect(options.page.getByText("No organization policy is set for this browser.")).toBeVisible({
    timeout: 20_000,
  });
  const data = await meter.downloadPersonalData();
  expect(Object.keys(measured(data))).toEqual(["claude"]);
  expectWithinOneSecond(measured(data).claude, claude.seconds, "claude after the change");
});
