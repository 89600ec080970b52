import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test as base } from "@playwright/test";
import { type FakeSites, startFakeSites } from "../e2e/support/fake-sites";
import { startWindowManager } from "../e2e/support/window-manager";
import { startXvfb } from "../e2e/support/xvfb";
import { FirefoxMeter } from "./support/firefox-meter";
import { FirefoxSession } from "./support/firefox-session";
import { FIREFOX_BUILD, FIREFOX_TEST_BUILD, requireFirefoxBuild } from "./support/paths";
import { type SiteProxy, startSiteProxy } from "./support/proxy";

// Playwright is the runner; the browser is a stock Firefox driven over WebDriver BiDi by
// puppeteer-core, which Playwright's own Firefox (a patched build) cannot replace here.

interface TestFixtures {
  /** A fresh, empty Firefox profile, removed afterwards. */
  profileDir: string;
  /** The test build in headless Firefox. */
  firefox: FirefoxMeter;
  /** The test build in a real window on a private X display with a window manager (real focus). */
  windowedFirefox: FirefoxMeter;
  /** The production build in headless Firefox, without the test hooks. */
  productionFirefox: FirefoxSession;
  /** Extra environment for the browser process. */
  browserEnv: Record<string, string>;
  /** Extra Firefox preferences for `firefox`. */
  firefoxPrefs: Record<string, unknown>;
}

interface WorkerFixtures {
  /** HTTPS server answering for the real AI hostnames. */
  sites: FakeSites;
  /** The proxy that routes Firefox to the fake sites and records every connection. */
  siteProxy: SiteProxy;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  sites: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies by destructuring.
    async ({}, use) => {
      const sites = await startFakeSites();
      await use(sites);
      await sites.close();
    },
    { scope: "worker" },
  ],
  siteProxy: [
    async ({ sites }, use) => {
      const proxy = await startSiteProxy(sites.port);
      await use(proxy);
      await proxy.close();
    },
    { scope: "worker" },
  ],

  browserEnv: [{}, { option: true }],
  firefoxPrefs: [{}, { option: true }],

  // biome-ignore lint/correctness/noEmptyPattern: as above.
  profileDir: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), "ai-adoption-meter-firefox-"));
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },

  firefox: async ({ siteProxy, profileDir, browserEnv, firefoxPrefs }, use, testInfo) => {
    const meter = await FirefoxMeter.launch({
      extensionPath: requireFirefoxBuild(FIREFOX_TEST_BUILD),
      profileDir,
      proxyPort: siteProxy.port,
      downloadDir: testInfo.outputPath("downloads"),
      env: browserEnv,
      prefs: firefoxPrefs,
    });
    await use(meter);
    await meter.close();
  },

  windowedFirefox: async ({ siteProxy, profileDir }, use, testInfo) => {
    const display = await startXvfb();
    const windowManager = await startWindowManager(display);
    try {
      const meter = await FirefoxMeter.launch({
        extensionPath: requireFirefoxBuild(FIREFOX_TEST_BUILD),
        profileDir,
        proxyPort: siteProxy.port,
        downloadDir: testInfo.outputPath("downloads"),
        display,
      });
      await use(meter);
      await meter.close();
    } finally {
      await windowManager.stop();
      await display.stop();
    }
  },

  productionFirefox: async ({ siteProxy, profileDir }, use, testInfo) => {
    const session = await FirefoxSession.launch({
      extensionPath: requireFirefoxBuild(FIREFOX_BUILD),
      profileDir,
      proxyPort: siteProxy.port,
      downloadDir: testInfo.outputPath("downloads"),
    });
    await use(session);
    await session.close();
  },
});

export { expect } from "@playwright/test";
