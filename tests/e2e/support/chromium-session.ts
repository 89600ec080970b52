import { type ChildProcess, spawn } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { type Browser, type BrowserContext, type CDPSession, chromium, type Page, type Worker } from "@playwright/test";
import { findChromium } from "./chromium-path";
import { EXTENSION_ID } from "./paths";
import type { Display } from "./xvfb";

/** How to start one browser. */
export interface SessionOptions {
  extensionPath: string;
  userDataDir: string;
  hostResolverRules: string;
  /** Run with a real window on this X display instead of headless. */
  display?: Display;
  /** Extra environment for the browser process (e.g. a shifted clock). */
  env?: Record<string, string>;
  /**
   * The production build, as a person meets it: the session neither waits for the service
   * worker to appear nor expects test hooks, and its extension id is the fixed one.
   */
  production?: boolean;
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
      env: { ...process.env, ...(options.display ? { DISPLAY: options.display.name } : {}), ...options.env },
    });
    let stderr = "";
    child.stderr?.on("data", (chunk) => {
      stderr += chunk;
    });
    const wsEndpoint = await waitForDevTools(options.userDataDir, child, () => stderr);
    // noDefaults: no focus emulation, so visibility and focus are the browser's own. isLocal:
    // the browser shares this file system, so picked files are passed by path.
    const browser = await chromium.connectOverCDP(wsEndpoint, { noDefaults: true, isLocal: true });
    const context = browser.contexts()[0];
    if (!context) throw new Error("Chromium started without a default context");
    // A person does not wait for the worker: the production session goes on at once, with the
    // id the manifest key fixes.
    const extensionId = options.production ? EXTENSION_ID : new URL((await waitForWorker(context)).url()).host;
    return new ChromiumSession(options, child, browser, context, extensionId);
  }

  /**
   * Evaluates an expression in the extension's service worker and returns its value.
   * It talks CDP to the worker target itself: a worker that was stopped and started again
   * keeps its target id, which Playwright's own Worker objects do not survive.
   */
  async evaluateInWorker<T>(expression: string, timeoutMs = 15_000): Promise<T> {
    const cdp = await this.browser.newBrowserCDPSession();
    try {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const target = (await this.workerTargets(cdp))[0];
        if (target) {
          try {
            return await evaluateInTarget<T>(cdp, target.targetId, expression);
          } catch (error) {
            // The worker stopped between lookup and evaluation: look again.
            if (Date.now() > deadline || !String(error).includes("detached")) throw error;
          }
        }
        if (Date.now() > deadline) throw new Error("The extension's service worker is not running");
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await cdp.detach().catch(() => {});
    }
  }

  /** Waits until the background has finished startup recovery (test build hook). */
  async ready(): Promise<void> {
    // The worker target appears a moment before the background's code has run, and an
    // evaluation that early can land in a scope that is not ready: poll from here.
    const deadline = Date.now() + 15_000;
    for (;;) {
      const kind = await this.evaluateInWorker<string>("typeof globalThis.__testHooks").catch(() => "unreachable");
      if (kind === "object") break;
      if (Date.now() > deadline) {
        throw new Error(`No __testHooks in the service worker (${kind}): is this the test build (--mode e2e)?`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await this.evaluateInWorker("globalThis.__testHooks.ready()");
  }

  /**
   * Resolves when every queued write in the worker is durable; a stopped worker has none. A
   * worker that is starting again may not have run the background's code yet: wait for it.
   */
  async flush(): Promise<void> {
    const cdp = await this.browser.newBrowserCDPSession();
    const running = (await this.workerTargets(cdp)).length > 0;
    await cdp.detach();
    if (!running) return;
    await this.ready();
    await this.evaluateInWorker("globalThis.__testHooks.flush()");
  }

  /** Feeds an idle state through the test hook (same path as idle.onStateChanged). */
  async setIdleState(state: "active" | "idle" | "locked"): Promise<void> {
    await this.evaluateInWorker(`globalThis.__testHooks.setIdleState(${JSON.stringify(state)})`);
  }

  private async workerTargets(cdp: CDPSession) {
    const { targetInfos } = await cdp.send("Target.getTargets");
    return targetInfos.filter(
      (target) => target.type === "service_worker" && target.url.startsWith(`chrome-extension://${this.extensionId}/`),
    );
  }

  /** Whether the extension's service worker is running right now. */
  async workerRunning(): Promise<boolean> {
    const cdp = await this.browser.newBrowserCDPSession();
    try {
      return (await this.workerTargets(cdp)).length > 0;
    } finally {
      await cdp.detach().catch(() => {});
    }
  }

  /**
   * Stops the extension's service worker at once, as memory pressure, an update or the
   * browser's own idle timeout can, whatever it is doing (in the middle of an event too),
   * and waits until it is gone. `ServiceWorker.stopAllWorkers` is what the browser's own
   * stop does; `closeTarget` closes the worker's DevTools target. Returns false when no
   * worker was running, so nothing was stopped.
   */
  async stopWorkerNow(how: "stopAllWorkers" | "closeTarget" = "stopAllWorkers"): Promise<boolean> {
    const cdp = await this.browser.newBrowserCDPSession();
    try {
      const targets = await this.workerTargets(cdp);
      if (targets.length === 0) return false;
      // An event can start the worker again at once, under the same target id: wait for the
      // target to be destroyed, not for it to be absent.
      const ids = new Set(targets.map((target) => target.targetId));
      let destroyed = false;
      cdp.on("Target.targetDestroyed", ({ targetId }) => {
        if (ids.has(targetId)) destroyed = true;
      });
      await cdp.send("Target.setDiscoverTargets", { discover: true });
      const stop = async () => {
        if (how === "stopAllWorkers") {
          // The ServiceWorker domain lives on page targets, not on the browser's.
          const page = this.context.pages()[0];
          if (!page) throw new Error("Stopping the worker through ServiceWorker.stopAllWorkers needs an open page");
          const pageCdp = await this.context.newCDPSession(page);
          try {
            await pageCdp.send("ServiceWorker.enable");
            await pageCdp.send("ServiceWorker.stopAllWorkers");
          } finally {
            await pageCdp.detach().catch(() => {});
          }
        } else {
          for (const target of targets) await cdp.send("Target.closeTarget", { targetId: target.targetId });
        }
      };
      // A worker that is still starting may not take the stop: ask again until it is gone.
      // Generous: on a loaded machine a starting worker can take seconds before it stops.
      const deadline = Date.now() + 15_000;
      for (let asked = 0; !destroyed; ) {
        if (Date.now() >= asked + 500) {
          await stop();
          asked = Date.now();
        }
        const { targetInfos: now } = await cdp.send("Target.getTargets");
        if (destroyed || !now.some((target) => ids.has(target.targetId))) break;
        if (Date.now() > deadline) throw new Error("The service worker did not stop within 15 s");
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return true;
    } finally {
      await cdp.detach().catch(() => {});
    }
  }

  /** Stops the extension's service worker the way the browser does when it is idle. */
  async stopWorker(): Promise<void> {
    const cdp = await this.browser.newBrowserCDPSession();
    const targets = await this.workerTargets(cdp);
    if (targets.length === 0) throw new Error("No running service worker to stop");
    for (const target of targets) await cdp.send("Target.closeTarget", { targetId: target.targetId });
    const deadline = Date.now() + 5000;
    for (;;) {
      const { targetInfos: now } = await cdp.send("Target.getTargets");
      if (!now.some((target) => targets.some((gone) => gone.targetId === target.targetId))) break;
      if (Date.now() > deadline) throw new Error("The service worker did not stop");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await cdp.detach();
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

/**
 * Runs Runtime.evaluate in a target through a non-flattened session, so it does not
 * disturb the sessions Playwright keeps for the same target.
 */
export async function evaluateInTarget<T>(cdp: CDPSession, targetId: string, expression: string): Promise<T> {
  const { sessionId } = await cdp.send("Target.attachToTarget", { targetId, flatten: false });
  const raw = cdp as unknown as {
    send(method: string, params: object): Promise<unknown>;
    on(event: string, handler: (event: { sessionId: string; message: string }) => void): void;
    off(event: string, handler: (event: { sessionId: string; message: string }) => void): void;
  };
  const reply = await new Promise<{
    result?: { result?: { value?: T }; exceptionDetails?: { exception?: { description?: string } } };
    error?: { message: string };
  }>((resolve, reject) => {
    const onMessage = (event: { sessionId: string; message: string }) => {
      if (event.sessionId !== sessionId) return;
      const message = JSON.parse(event.message);
      if (message.id !== 1) return;
      raw.off("Target.receivedMessageFromTarget", onMessage);
      raw.off("Target.detachedFromTarget", onDetached);
      resolve(message);
    };
    const onDetached = (event: { sessionId: string }) => {
      if (event.sessionId !== sessionId) return;
      raw.off("Target.receivedMessageFromTarget", onMessage);
      reject(new Error("Target detached during evaluation"));
    };
    raw.on("Target.receivedMessageFromTarget", onMessage);
    raw.on("Target.detachedFromTarget", onDetached);
    const params = { expression, awaitPromise: true, returnByValue: true };
    raw
      .send("Target.sendMessageToTarget", {
        sessionId,
        message: JSON.stringify({ id: 1, method: "Runtime.evaluate", params }),
      })
      .catch(reject);
  });
  await raw.send("Target.detachFromTarget", { sessionId }).catch(() => {});
  if (reply.error) throw new Error(reply.error.message);
  const failure = reply.result?.exceptionDetails;
  if (failure) throw new Error(failure.exception?.description ?? "Evaluation failed in the target");
  return reply.result?.result?.value as T;
}
