import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, test as base, chromium, type Worker } from "@playwright/test";
import { findChromium } from "./support/chromium-path";
import { type FakeSites, startFakeSites } from "./support/fake-sites";
import { Meter } from "./support/meter";
import { PRODUCTION_BUILD, requireBuild, TEST_BUILD } from "./support/paths";
import { removePolicy, writePolicy } from "./support/policy-file";
import { startWindowManager } from "./support/window-manager";
import { type Display, startXvfb } from "./support/xvfb";

/** The production build loaded in Playwright's persistent context (focus is emulated there). */
export interface LoadedExtension {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  url(path: string): string;
}

interface TestFixtures {
  /** A fresh, empty browser profile directory, removed afterwards. */
  profileDir: string;
  /** The test build in headless Chromium started by the suite (real page visibility). */
  meter: Meter;
  /** The test build in a real window on a private X display with a window manager (real focus). */
  windowedMeter: Meter;
  /**
   * The production build in headless Chromium started by the suite, on a fresh profile: no
   * hook, nothing waited for; the test acts as soon as the browser is up, as after an install.
   */
  productionMeter: Meter;
  /** The production build in a real window on a private X display with a window manager. */
  windowedProductionMeter: Meter;
  /** The production build in Playwright's persistent context. */
  extension: LoadedExtension;
  /** A managed policy written (as root) before the browser starts, removed afterwards; none by default. */
  policyBeforeLaunch: Record<string, unknown> | null;
  /** Extra environment for the browser process of `meter`, e.g. a clock shifted into the past. */
  browserEnv: Record<string, string>;
}

interface WorkerFixtures {
  /** HTTPS server answering for the real AI hostnames. */
  sites: FakeSites;
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

  // biome-ignore lint/correctness/noEmptyPattern: as above.
  profileDir: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), "ai-adoption-meter-profile-"));
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },

  policyBeforeLaunch: [null, { option: true }],
  browserEnv: [{}, { option: true }],

  meter: async ({ sites, profileDir, policyBeforeLaunch, browserEnv }, use, testInfo) => {
    if (policyBeforeLaunch) await writePolicy(policyBeforeLaunch);
    const meter = await Meter.launch(
      {
        extensionPath: requireBuild(TEST_BUILD),
        userDataDir: profileDir,
        hostResolverRules: sites.hostResolverRules,
        env: browserEnv,
      },
      testInfo.outputPath("downloads"),
    );
    await use(meter);
    await meter.close();
    if (policyBeforeLaunch) await removePolicy();
  },

  windowedMeter: async ({ sites, profileDir }, use, testInfo) => {
    await withWindowManager(async (display) => {
      const meter = await Meter.launch(
        {
          extensionPath: requireBuild(TEST_BUILD),
          userDataDir: profileDir,
          hostResolverRules: sites.hostResolverRules,
          display,
        },
        testInfo.outputPath("downloads"),
      );
      await use(meter);
      await meter.close();
    });
  },

  productionMeter: async ({ sites, profileDir, browserEnv, policyBeforeLaunch }, use, testInfo) => {
    if (policyBeforeLaunch) await writePolicy(policyBeforeLaunch);
    const meter = await Meter.launchProduction(
      {
        extensionPath: requireBuild(PRODUCTION_BUILD),
        userDataDir: profileDir,
        hostResolverRules: sites.hostResolverRules,
        env: browserEnv,
      },
      testInfo.outputPath("downloads"),
    );
    await use(meter);
    await meter.close();
    if (policyBeforeLaunch) await removePolicy();
  },

  windowedProductionMeter: async ({ sites, profileDir }, use, testInfo) => {
    await withWindowManager(async (display) => {
      const meter = await Meter.launchProduction(
        {
          extensionPath: requireBuild(PRODUCTION_BUILD),
          userDataDir: profileDir,
          hostResolverRules: sites.hostResolverRules,
          display,
        },
        testInfo.outputPath("downloads"),
      );
      await use(meter);
      await meter.close();
    });
  },

  extension: async ({ sites, profileDir }, use) => {
    const path = requireBuild(PRODUCTION_BUILD);
    const context = await chromium.launchPersistentContext(profileDir, {
      executablePath: findChromium(),
      headless: true,
      ignoreHTTPSErrors: true,
      args: [
        `--disable-extensions-except=${path}`,
        `--load-extension=${path}`,
        `--host-resolver-rules=${sites.hostResolverRules}`,
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    const worker =
      context.serviceWorkers().find((w) => w.url().startsWith("chrome-extension://")) ??
      (await context.waitForEvent("serviceworker", { predicate: (w) => w.url().startsWith("chrome-extension://") }));
    const extensionId = new URL(worker.url()).host;
    await use({ context, worker, extensionId, url: (p) => `chrome-extension://${extensionId}/${p}` });
    await context.close();
  },
});

export { expect } from "@playwright/test";

/** Runs `body` with a private X display managed by openbox, and stops both afterwards. */
async function withWindowManager(body: (display: Display) => Promise<void>): Promise<void> {
  const display = await startXvfb();
  try {
    const windowManager = await startWindowManager(display);
    try {
      await body(display);
    } finally {
      await windowManager.stop();
    }
  } finally {
    await display.stop();
  }
}
