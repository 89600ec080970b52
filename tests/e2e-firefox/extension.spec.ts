import { hold } from "../e2e/support/truth";
import { expect, test } from "./fixtures";
import { clickButton, navigate, waitForButton } from "./support/firefox-meter";
import { GECKO_ID } from "./support/firefox-session";

// The Firefox production build, as users install it.

test("the add-on runs with the gecko id, least privilege and no test hooks", async ({ productionFirefox }) => {
  const granted = await productionFirefox.evaluateInExtension<{ permissions: string[]; origins: string[] }>(
    "browser.permissions.getAll()",
  );
  expect(granted.permissions.sort()).toEqual(["alarms", "idle", "notifications", "scripting", "storage"]);
  // Only AI hosts of the catalog: no <all_urls>, no wildcard host, no tabs permission.
  for (const origin of granted.origins) expect(origin).toMatch(/^https:\/\/[a-z0-9.-]+\/\*$/);
  expect(granted.origins).not.toContain("https://*/*");
  expect(await productionFirefox.evaluateInExtension("browser.runtime.id")).toBe(GECKO_ID);
  const hooks = await productionFirefox.evaluateInBackground<string>("async (bg) => typeof bg.__testHooks");
  expect(hooks).toBe("undefined");
});

test("no extension context makes a single network request", async ({ productionFirefox, siteProxy, sites }) => {
  // Every connection of this Firefox goes through the test proxy, which records it: the
  // pages the test opens, and anything the add-on would ask for.
  siteProxy.requests.length = 0;
  sites.requests.length = 0;
  const browser = productionFirefox.browser;
  const chat = await browser.newPage();
  await navigate(chat, "https://chatgpt.com/");
  const claude = await browser.newPage();
  await navigate(claude, "https://claude.ai/");
  await chat.bringToFront();
  await hold(1500);
  for (const path of ["popup.html", "options.html", "dashboard.html", "share.html"]) {
    const page = await productionFirefox.openExtensionPage(path);
    await hold(500);
    if (path === "options.html") {
      await waitForButton(page, "Download my data");
      await productionFirefox.download(() => clickButton(page, "Download my data"));
      // The page's policy refuses any connection, even one the page itself attempts.
      const attempt = await page.evaluate(() =>
        fetch("https://example.com/").then(
          () => "connected",
          () => "refused",
        ),
      );
      expect(attempt).toBe("refused");
    }
  }
  await hold(1500);
  const pagesOpened = new Set(["chatgpt.com:443", "claude.ai:443"]);
  // Firefox's own remote-settings service ignores the preference that points it elsewhere in
  // release builds; it is the browser's, not the add-on's (it calls no such host).
  const firefoxOwn = new Set(["firefox.settings.services.mozilla.com:443"]);
  const unexpected = siteProxy.requests.filter((r) => !pagesOpened.has(r.target) && !firefoxOwn.has(r.target));
  expect(unexpected).toEqual([]);
  // And on the fake sites, only the two documents the test opened (and their icons).
  expect(sites.requests.map((r) => `${r.host}${r.path}`).filter((r) => !r.endsWith("/favicon.ico"))).toEqual([
    "chatgpt.com/",
    "claude.ai/",
  ]);
});
