import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, test as base, chromium, type Worker } from "@playwright/test";
import { findChromium } from "./support/chromium-path";
import { type FakeSites, startFakeSites } from "./support/fake-sites";
import { Meter } from "./support/meter";
import { PRODUCTION_BUILD, requireBuild, TEST_BUILD } from "./support/paths";
import { removePolicy, writePolicy } from "./support/policy-file";
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
    const display = await startXvfb();
    const windowManager = await startWindowManager(display);
    try {
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
    } finally {
      await windowManager.stop();
      await display.stop();
    }
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

/**
 * Openbox on the display: without a window manager, X gives no window the focus and
 * cannot minimize one, so Chromium's focus events would not be what users see.
 */
export async function startWindowManager(display: Display): Promise<{ stop(): Promise<void> }> {
  // Openbox runs its start-up command once it manages the screen: that file says it is ready.
  const folder = await mkdtemp(join(tmpdir(), "openbox-"));
  const ready = join(folder, "ready");
  const child = spawn("openbox", ["--sm-disable", "--startup", `touch ${ready}`], {
    env: { ...process.env, DISPLAY: display.name },
    stdio: "ignore",
  });
  const failed = new Promise<never>((_, reject) => {
    child.once("error", (error) =>
      reject(
        new Error(`openbox could not start (${error.message}). Install it with \`sudo apt-get install -y openbox\`.`),
      ),
    );
    child.once("exit", (code) => reject(new Error(`openbox exited at start (code ${code})`)));
  });
  failed.catch(() => {});
  const started = (async () => {
    for (const deadline = Date.now() + 10_000; !existsSync(ready); ) {
      if (Date.now() > deadline) throw new Error("openbox did not become ready within 10 s");
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  started.catch(() => {});
  try {
    await Promise.race([started, failed]);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
  return {
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
