import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CATALOG, heartbeatMatchPatterns, hostMatchPatterns } from "../../lib/catalog/catalog";
import { expect, test } from "./fixtures";
import { OptionsPage } from "./pages/options-page";
import { PopupPage } from "./pages/popup-page";
import { EXTENSION_ID, PRODUCTION_BUILD, TEST_BUILD } from "./support/paths";

// The production build, as users install it.

test("the service worker starts with the fixed extension ID and no test hooks", async ({ extension }) => {
  expect(extension.extensionId).toBe(EXTENSION_ID);
  expect(await extension.worker.evaluate(() => typeof (globalThis as { __testHooks?: unknown }).__testHooks)).toBe(
    "undefined",
  );
  const manifest = await extension.worker.evaluate(() =>
    (
      globalThis as unknown as { chrome: { runtime: { getManifest(): { permissions: string[] } } } }
    ).chrome.runtime.getManifest(),
  );
  expect(manifest.permissions.sort()).toEqual(["alarms", "idle", "notifications", "scripting", "storage"]);
});

test("the popup lists the tracked tools and says nothing is recorded yet", async ({ extension }) => {
  const page = await extension.context.newPage();
  await page.goto(extension.url("popup.html"));
  const popup = new PopupPage(page);
  await expect(popup.emptyState()).toContainText("Nothing recorded yet");
  await page.getByText(`Tools tracked (${CATALOG.length})`).click();
  await expect(popup.trackedTools()).toHaveCount(CATALOG.length);
  for (const tool of CATALOG) await expect(popup.trackedTools().filter({ hasText: tool.name })).toHaveCount(1);
  await expect(popup.trackingState()).toHaveText("Tracking approved AI tools");
});

test("the dashboard is a page of the extension, linked from the popup and from options", async ({ extension }) => {
  const page = await extension.context.newPage();
  await page.goto(extension.url("popup.html"));
  const fromPopup = extension.context.waitForEvent("page");
  await new PopupPage(page).dashboardLink().click();
  const dashboard = await fromPopup;
  await expect(dashboard).toHaveURL(extension.url("dashboard.html"));
  await expect(dashboard.getByRole("heading", { name: "Team dashboard" })).toBeVisible();

  const fromPopupToOptions = extension.context.waitForEvent("page");
  await new PopupPage(page).optionsLink().click();
  const optionsPage = await fromPopupToOptions;
  await expect(optionsPage).toHaveURL(extension.url("options.html"));
  const options = new OptionsPage(optionsPage);
  await options.dashboardLink().click();
  await expect(optionsPage).toHaveURL(extension.url("dashboard.html"));
});

test("no extension context makes a single network request", async ({ extension, sites }) => {
  const fromExtension: string[] = [];
  const fromPages: string[] = [];
  extension.context.on("request", (request) => {
    const origin = request.serviceWorker()?.url() ?? request.frame()?.page()?.url() ?? "";
    if (request.url().startsWith(`chrome-extension://${extension.extensionId}/`)) return; // its own files
    if (origin.startsWith("chrome-extension://")) fromExtension.push(`${origin} → ${request.url()}`);
    else fromPages.push(request.url());
  });

  // Use everything: AI tools, the popup, options (including a download), the dashboard.
  const chat = await extension.context.newPage();
  await chat.goto("https://chatgpt.com/");
  await chat.evaluate(() => fetch("/from-the-page").then((r) => r.status));
  const claude = await extension.context.newPage();
  await claude.goto("https://claude.ai/");
  await chat.bringToFront();
  for (const path of ["popup.html", "options.html", "dashboard.html"]) {
    const page = await extension.context.newPage();
    await page.goto(extension.url(path));
    await page.waitForLoadState("networkidle");
    if (path === "options.html") {
      const download = page.waitForEvent("download");
      await new OptionsPage(page).downloadButton().click();
      await (await download).path();
      // The page's policy refuses any connection, even one the page itself attempts.
      const attempt = await page.evaluate(() =>
        fetch("https://example.com/").then(
          () => "connected",
          (error: Error) => error.name,
        ),
      );
      expect(attempt).toBe("TypeError");
    }
  }
  await chat.bringToFront();
  await new Promise((resolve) => setTimeout(resolve, 1500));

  // The recorder does see requests: the AI page's own fetch was caught as a page request.
  expect(fromPages).toContain("https://chatgpt.com/from-the-page");
  expect(fromExtension).toEqual([]);
  expect(sites.requests.filter((r) => r.origin?.startsWith("chrome-extension://"))).toEqual([]);
});

test("the built manifest is least-privilege", async () => {
  const manifest = JSON.parse(readFileSync(join(PRODUCTION_BUILD, "manifest.json"), "utf8"));
  expect(manifest.manifest_version).toBe(3);
  expect(manifest.permissions).not.toContain("tabs");
  expect(manifest.permissions.sort()).toEqual(["alarms", "idle", "notifications", "scripting", "storage"]);
  expect(JSON.stringify(manifest)).not.toContain("<all_urls>");
  expect([...manifest.host_permissions].sort()).toEqual(hostMatchPatterns(CATALOG));
  expect(manifest.optional_host_permissions).toEqual(["https://*/*"]);
  expect(manifest.content_security_policy.extension_pages).toMatch(/(^|;)\s*connect-src 'none'\s*(;|$)/);
  expect(manifest.content_security_policy.extension_pages).toMatch(/(^|;)\s*script-src 'self'\s*(;|$)/);
  expect(manifest.key).toEqual(expect.any(String));
  expect(manifest.content_scripts).toEqual([
    { matches: heartbeatMatchPatterns(CATALOG), js: ["heartbeat.js"], run_at: "document_start" },
  ]);
  expect(manifest.web_accessible_resources).toBeUndefined();
  expect(manifest.externally_connectable).toBeUndefined();
});

test("the browser's install prompt warns of nothing beyond the AI sites: scripting adds no warning", async ({
  extension,
}) => {
  const manifest = JSON.parse(readFileSync(join(PRODUCTION_BUILD, "manifest.json"), "utf8"));
  const warnings = (m: object) =>
    extension.worker.evaluate(
      (text) =>
        (
          globalThis as unknown as {
            chrome: { management: { getPermissionWarningsByManifest(m: string): Promise<string[]> } };
          }
        ).chrome.management.getPermissionWarningsByManifest(text),
      JSON.stringify(m),
    );
  const withScripting = await warnings(manifest);
  const without = await warnings({
    ...manifest,
    permissions: manifest.permissions.filter((p: string) => p !== "scripting"),
  });
  expect(withScripting).toEqual(without);
  expect(withScripting.join("\n")).not.toMatch(/all websites|all sites/i);
});

test("the Firefox build has a gecko id instead of a key, and the same privileges", async () => {
  const manifest = JSON.parse(readFileSync(join(PRODUCTION_BUILD, "../firefox-mv3/manifest.json"), "utf8"));
  expect(manifest.key).toBeUndefined();
  expect(manifest.browser_specific_settings.gecko.id).toBe("ai-adoption-meter@ai-adoption-meter.org");
  expect(manifest.permissions.sort()).toEqual(["alarms", "idle", "notifications", "scripting", "storage"]);
  expect([...manifest.host_permissions].sort()).toEqual(hostMatchPatterns(CATALOG));
  expect(manifest.content_security_policy.extension_pages).toContain("connect-src 'none'");
});

test("the production build contains no test hooks; the test build does", async () => {
  const scan = (dir: string): string =>
    readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile() && /\.(js|html|json)$/.test(entry.name))
      .map((entry) => readFileSync(join(entry.parentPath, entry.name), "utf8"))
      .join("\n");
  const production = scan(PRODUCTION_BUILD);
  expect(production).not.toContain("__testHooks");
  expect(production).not.toContain("setIdleState");
  expect(scan(TEST_BUILD)).toContain("__testHooks");
});

test("the heartbeat script reads nothing from the page and reports only whether it is visible and in front", async ({
  extension,
}) => {
  // What it may touch: its document's visibility and focus, and the events that change them.
  const script = readFileSync(join(PRODUCTION_BUILD, "heartbeat.js"), "utf8");
  const documentUses = new Set([...script.matchAll(/document\.(\w+)/g)].map((m) => m[1]));
  expect([...documentUses].sort()).toEqual(["addEventListener", "hasFocus", "visibilityState"]);
  expect([...script.matchAll(/addEventListener\("(\w+)"/g)].map((m) => m[1]).sort()).toEqual([
    "blur",
    "focus",
    "visibilitychange",
  ]);
  for (const forbidden of [
    "location",
    "querySelector",
    "getElementBy",
    "innerText",
    "innerHTML",
    "textContent",
    "outerHTML",
    "title",
    "cookie",
    "localStorage",
    "sessionStorage",
    "MutationObserver",
    "getSelection",
    "postMessage",
    "window.",
    "fetch(",
    "XMLHttpRequest",
  ]) {
    expect(script, forbidden).not.toContain(forbidden);
  }
  // An input's value; the only `value` it reads is the background's reply (`reply?.value`).
  expect(script).not.toMatch(/(?<!\?)\.value\b/);

  // What it writes: a session id and a time, nothing from the page.
  const chat = await extension.context.newPage();
  await chat.goto("https://chatgpt.com/c/secret-conversation?q=CANARY-QUERY");
  const readStorage = () =>
    extension.worker.evaluate(() =>
      (
        globalThis as unknown as { chrome: { storage: { local: { get(k: null): Promise<Record<string, unknown>> } } } }
      ).chrome.storage.local.get(null),
    );
  // The first start of a new profile waits for the browser's first policy read.
  await expect.poll(async () => (await readStorage()).heartbeat, { timeout: 15_000 }).toBeDefined();
  const stored = await readStorage();
  expect(Object.keys(stored.heartbeat as object).sort()).toEqual(["at", "epoch", "tabId"]);
  const all = JSON.stringify(stored);
  for (const leak of ["CANARY", "secret-conversation", "chatgpt.com", "https://", "test page"]) {
    expect(all, leak).not.toContain(leak);
  }
  // The page's own scripts cannot see the extension.
  expect(await chat.evaluate(() => typeof (window as unknown as { heartbeat?: unknown }).heartbeat)).toBe("undefined");
});
