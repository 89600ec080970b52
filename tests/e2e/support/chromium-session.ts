import { type ChildProcess, spawn } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page, type Worker } from "@playwright/test";
import { findChromium } from "./chromium-path";
import type { Display } from "./xvfb";

/** How to start one browser. */
export interface SessionOptions {
  extensionPath: string;
  userDataDir: string;
  hostResolverRules: string;
  /** Run with a real window on this X display instead of headless. */
  display?: Display;
}

/**
 * A Chromium this suite starts itself and attaches to over CDP. Unlike Playwright's
 * persistent context, it does not emulate focus, so page visibility is real, and the
 * process can be closed or killed and started again on the same profile.
 */
export class ChromiumSession {
  private constructor(
    readonly options: SessionOptions,
    readonly process: ChildProcess,
    readonly browser: Browser,
    readonly context: BrowserContext,
    readonly extensionId: string,
  ) {}

  static async launch(options: SessionOptions): Promise<ChromiumSession> {
    const args = [
      `--user-data-dir=${options.userDataDir}`,
      "--remote-debugging-port=0",
      `--load-extension=${options.extensionPath}`,
      `--disable-extensions-except=${options.extensionPath}`,
      `--host-resolver-rules=${options.hostResolverRules}`,
      // The fake sites use a self-signed certificate; HSTS hosts such as chatgpt.com
      // would otherwise refuse it.
      "--ignore-certificate-errors",
      "--no-first-run",
      "--no-default-browser-check",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-default-apps",
      "--password-store=basic",
      "--use-mock-keychain",
      "--disable-gpu",
      "--window-size=1200,800",
      ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
      ...(options.display ? [] : ["--headless"]),
      "about:blank",
    ];
    // A previous run on the same profile leaves its port file behind.
    await rm(join(options.userDataDir, "DevToolsActivePort"), { force: true });
    const child = spawn(findChromium(), args, {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, ...(options.display ? { DISPLAY: options.display.name } : {}) },
    });
    let stderr = "";
    child.stderr?.on("data", (chunk) => {
      stderr += chunk;
    });
    const wsEndpoint = await waitForDevTools(options.userDataDir, child, () => stderr);
    // noDefaults: no focus emulation, so visibility and focus are the browser's own.
    const browser = await chromium.connectOverCDP(wsEndpoint, { noDefaults: true });
    const context = browser.contexts()[0];
    if (!context) throw new Error("Chromium started without a default context");
    const worker = await waitForWorker(context);
    const extensionId = new URL(worker.url()).host;
    return new ChromiumSession(options, child, browser, context, extensionId);
  }

  /** The extension's service worker, waiting for it to start if it is not running. */
  async worker(): Promise<Worker> {
    return waitForWorker(this.context);
  }

  /** Waits until the background has finished startup recovery (test build hook). */
  async ready(): Promise<Worker> {
    for (let attempt = 0; ; attempt++) {
      const worker = await this.worker();
      try {
        await worker.evaluate(async () => {
          const hooks = (globalThis as { __testHooks?: { ready(): Promise<void> } }).__testHooks;
          if (!hooks) throw new Error("No __testHooks: is this the test build (--mode e2e)?");
          await hooks.ready();
        });
        return worker;
      } catch (error) {
        // The worker may have been replaced between lookup and evaluate; try the new one.
        if (attempt >= 20 || String(error).includes("No __testHooks")) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  /** Resolves when every queued write in the worker is durable. */
  async flush(): Promise<void> {
    const worker = await this.ready();
    await worker.evaluate(() =>
      (globalThis as unknown as { __testHooks: { flush(): Promise<void> } }).__testHooks.flush(),
    );
  }

  /** Feeds an idle state through the test hook (same path as idle.onStateChanged). */
  async setIdleState(state: "active" | "idle" | "locked"): Promise<void> {
    const worker = await this.ready();
    await worker.evaluate(
      (s) => (globalThis as unknown as { __testHooks: { setIdleState(s: string): void } }).__testHooks.setIdleState(s),
      state,
    );
  }

  /** Stops the extension's service worker the way the browser does when it is idle. */
  async stopWorker(): Promise<void> {
    const cdp = await this.browser.newBrowserCDPSession();
    const { targetInfos } = await cdp.send("Target.getTargets");
    const targets = targetInfos.filter(
      (target) => target.type === "service_worker" && target.url.startsWith(`chrome-extension://${this.extensionId}/`),
    );
    if (targets.length === 0) throw new Error("No running service worker to stop");
    for (const target of targets) await cdp.send("Target.closeTarget", { targetId: target.targetId });
    await cdp.detach();
    const deadline = Date.now() + 5000;
    while (this.runningWorkers().length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    if (this.runningWorkers().length > 0) throw new Error("The service worker did not stop");
  }

  private runningWorkers(): Worker[] {
    return this.context.serviceWorkers().filter((worker) => worker.url().includes(this.extensionId));
  }

  /** Opens a new tab on a URL and waits for it to load. */
  async open(url: string): Promise<Page> {
    const page = await this.context.newPage();
    await page.goto(url);
    return page;
  }

  /** An extension page URL. */
  extensionUrl(path: string): string {
    return `chrome-extension://${this.extensionId}/${path}`;
  }

  /** Closes the browser the normal way and waits for the process to end. */
  async close(): Promise<void> {
    if (this.process.exitCode !== null) return;
    const exited = new Promise((resolve) => this.process.once("exit", resolve));
    try {
      const cdp = await this.browser.newBrowserCDPSession();
      await cdp.send("Browser.close").catch(() => {});
    } catch {
      this.process.kill("SIGTERM");
    }
    await exited;
  }

  /** Kills the browser process outright, as a crash or power loss would. */
  async kill(): Promise<void> {
    if (this.process.exitCode !== null) return;
    const exited = new Promise((resolve) => this.process.once("exit", resolve));
    // Chromium's helper processes are children of the browser process; SIGKILL the lot.
    this.process.kill("SIGKILL");
    await exited;
  }
}

async function waitForDevTools(userDataDir: string, child: ChildProcess, stderr: () => string): Promise<string> {
  const file = join(userDataDir, "DevToolsActivePort");
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Chromium exited with ${child.exitCode}:\n${stderr()}`);
    const content = await readFile(file, "utf8").catch(() => "");
    const [port, path] = content.split("\n");
    if (port && path) return `ws://127.0.0.1:${port}${path}`;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Chromium did not open its DevTools port in 30 s:\n${stderr()}`);
}

async function waitForWorker(context: BrowserContext): Promise<Worker> {
  const isExtension = (worker: Worker) => worker.url().startsWith("chrome-extension://");
  const running = context.serviceWorkers().find(isExtension);
  if (running) return running;
  return context.waitForEvent("serviceworker", { predicate: isExtension, timeout: 15_000 });
}
