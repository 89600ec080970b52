import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import type { Display } from "../../e2e/support/xvfb";

/** The add-on id from the manifest (browser_specific_settings.gecko.id). */
export const GECKO_ID = "ai-adoption-meter@ai-adoption-meter.org";
/**
 * Firefox gives each add-on a random internal UUID per profile; the tests fix it through
 * `extensions.webextensions.uuids` so extension pages have a known address.
 */
export const EXTENSION_UUID = "6f1c1d2e-5a8b-4c3d-9e7f-a0b1c2d3e4f5";
export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;

/** Debian's Firefox ESR, or FIREFOX_PATH. */
export function findFirefox(): string {
  const candidates = [process.env.FIREFOX_PATH, "/usr/bin/firefox-esr", "/usr/bin/firefox"];
  const found = candidates.find((path): path is string => Boolean(path && existsSync(path)));
  if (!found) {
    throw new Error(
      "No Firefox found. Install it with `sudo apt-get install -y firefox-esr`, or set FIREFOX_PATH to a Firefox 128+ binary.",
    );
  }
  return found;
}

/** How to start one Firefox. */
export interface FirefoxOptions {
  /** An unpacked build (.output/firefox-mv3 or .output/firefox-mv3-e2e). */
  extensionPath: string;
  profileDir: string;
  /** Port of the local proxy that serves the fake AI sites (support/proxy.ts). */
  proxyPort: number;
  /** Where "Save file" and "Download my data" land. */
  downloadDir: string;
  /** Run with a real window on this X display instead of headless. */
  display?: Display;
  /** Extra environment for the browser process (e.g. a shifted clock). */
  env?: Record<string, string>;
  /** Extra preferences. */
  prefs?: Record<string, unknown>;
}

/**
 * Installs the build into the profile the way a sideloaded add-on is: a file named after the
 * add-on id that holds the path of the unpacked folder. Unlike a temporary add-on, it stays
 * installed when the browser is closed, killed and started again on the same profile, as a
 * user's add-on does, and its storage with it.
 */
export async function installIntoProfile(profileDir: string, extensionPath: string): Promise<void> {
  await mkdir(join(profileDir, "extensions"), { recursive: true });
  await writeFile(join(profileDir, "extensions", GECKO_ID), extensionPath);
}

function preferences(options: FirefoxOptions): Record<string, unknown> {
  return {
    // An unsigned build is accepted by ESR (not by release Firefox) with this switched off.
    "xpinstall.signatures.required": false,
    // Add-ons found in the profile are enabled without asking.
    "extensions.autoDisableScopes": 0,
    "extensions.enabledScopes": 15,
    "extensions.webextensions.uuids": JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
    // A killed browser must start normally again, not offer safe mode or restore its tabs.
    "toolkit.startup.max_resumed_crashes": -1,
    "browser.sessionstore.resume_from_crash": false,
    // Every request goes through the test proxy, loopback included: see proxy.ts.
    "network.proxy.type": 1,
    "network.proxy.http": "127.0.0.1",
    "network.proxy.http_port": options.proxyPort,
    "network.proxy.ssl": "127.0.0.1",
    "network.proxy.ssl_port": options.proxyPort,
    "network.proxy.no_proxies_on": "",
    "network.proxy.allow_hijacking_localhost": true,
    "network.proxy.share_proxy_settings": false,
    // Firefox's own background services, so the proxy's log holds only what pages and the
    // extension ask for.
    "services.settings.server": "data:,#remote-settings-off",
    "network.connectivity-service.enabled": false,
    "network.captive-portal-service.enabled": false,
    "browser.safebrowsing.downloads.remote.enabled": false,
    "extensions.getAddons.cache.enabled": false,
    "extensions.update.enabled": false,
    "extensions.blocklist.enabled": false,
    "app.normandy.enabled": false,
    "browser.region.network.url": "",
    "browser.topsites.contile.enabled": false,
    "browser.newtabpage.activity-stream.feeds.topsites": false,
    "network.dns.disablePrefetch": true,
    "network.prefetch-next": false,
    "network.http.speculative-parallel-limit": 0,
    // Saved files land in the download folder without a dialog.
    "browser.download.dir": options.downloadDir,
    "browser.download.folderList": 2,
    "browser.download.useDownloadDir": true,
    "browser.download.always_ask_before_handling_new_types": false,
    "browser.download.start_downloads_in_tmp_dir": false,
    "browser.download.alwaysOpenPanel": false,
    ...options.prefs,
  };
}

/**
 * A Firefox this suite starts over WebDriver BiDi (puppeteer-core). The extension's pages
 * run in tabs; its background (an event page in Firefox, not a service worker) is reached
 * from one of them through `runtime.getBackgroundPage()`, and suspended through the
 * browser's own privileged code, which `--remote-allow-system-access` opens to the test.
 */
export class FirefoxSession {
  private constructor(
    readonly options: FirefoxOptions,
    readonly browser: Browser,
  ) {}

  static async launch(options: FirefoxOptions): Promise<FirefoxSession> {
    await mkdir(options.downloadDir, { recursive: true });
    await installIntoProfile(options.profileDir, options.extensionPath);
    const browser = await puppeteer.launch({
      browser: "firefox",
      executablePath: findFirefox(),
      headless: !options.display,
      userDataDir: options.profileDir,
      // The fake sites use a self-signed certificate; HSTS hosts such as chatgpt.com would
      // otherwise refuse it.
      acceptInsecureCerts: true,
      args: ["--remote-allow-system-access", "--width=1200", "--height=800"],
      env: { ...process.env, ...(options.display ? { DISPLAY: options.display.name } : {}), ...options.env },
      extraPrefsFirefox: preferences(options),
      protocolTimeout: 30_000,
    });
    const session = new FirefoxSession(options, browser);
    // The add-on is registered a moment after the remote agent answers.
    await session.waitForAddon();
    return session;
  }

  /** The process's PID, for tests that need it. */
  get pid(): number | undefined {
    return this.browser.process()?.pid;
  }

  private async waitForAddon(): Promise<void> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      // Its background may already be suspended again by then: getting the background page
      // (ready(), flush()) starts it.
      const state = await this.backgroundState().catch(() => "absent");
      if (state !== "absent") return;
      if (Date.now() > deadline) throw new Error("The add-on was not installed within 20 s");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /**
   * Runs JavaScript in the browser's privileged scope (the main window), where the add-on
   * manager lives. Used only to read and stop the add-on's background.
   */
  async evaluateInChrome<T>(expression: string): Promise<T> {
    // The raw BiDi connection: puppeteer has no call for the privileged scope.
    const { connection } = this.browser as unknown as {
      connection: { send(method: string, params: object): Promise<unknown> };
    };
    const tree = (await connection.send("browsingContext.getTree", {
      "moz:scope": "chrome",
    })) as { result: { contexts: { context: string }[] } };
    const context = tree.result.contexts[0]?.context;
    if (!context) throw new Error("No privileged browser window");
    const reply = (await connection.send("script.evaluate", {
      expression,
      target: { context },
      awaitPromise: true,
      resultOwnership: "none",
    })) as {
      result: { type: string; result?: { value?: T }; exceptionDetails?: { text?: string } };
    };
    if (reply.result.type !== "success") throw new Error(reply.result.exceptionDetails?.text ?? "Evaluation failed");
    return reply.result.result?.value as T;
  }

  /** "running", "stopped", "starting" or "suspending": the add-on's background as Firefox sees it. */
  backgroundState(): Promise<string> {
    return this.evaluateInChrome<string>(
      `(() => { const policy = WebExtensionPolicy.getByID(${JSON.stringify(GECKO_ID)}); if (!policy || !policy.extension) return "absent"; return String(policy.extension.backgroundState); })()`,
    );
  }

  /**
   * Suspends the background the way Firefox does when the event page has been idle
   * (`extensions.background.idle.timeout`, 30 s by default): the same terminateBackground
   * that the idle timer and about:debugging's "Terminate background script" call.
   */
  async suspendBackground(): Promise<void> {
    const state = await this.evaluateInChrome<string>(
      `(async () => { const extension = WebExtensionPolicy.getByID(${JSON.stringify(GECKO_ID)}).extension; await extension.terminateBackground({ ignoreDevToolsAttached: true, disableResetIdleForTest: true }); return String(extension.backgroundState); })()`,
    );
    if (state !== "stopped") throw new Error(`The background did not stop (${state})`);
  }

  /**
   * Opens an extension page in a new tab, in the foreground or, with `background`, without
   * activating it, so engagement is untouched.
   */
  async openExtensionPage(path: string, background = false): Promise<Page> {
    const page = await this.browser.newPage({ background });
    const url = `${EXTENSION_ORIGIN}/${path}`;
    // Firefox's remote agent does not report the load of a moz-extension page back to the
    // client, so the navigation is started and its arrival polled instead.
    await page.goto(url, { timeout: 1 }).catch(() => {});
    const deadline = Date.now() + 15_000;
    for (;;) {
      const loaded = await page
        .evaluate(`location.href === ${JSON.stringify(url)} && document.readyState === "complete"`)
        .catch(() => false);
      if (loaded) return page;
      if (Date.now() > deadline) throw new Error(`${url} did not load in 15 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private controlPage: Page | undefined;

  /**
   * Evaluates `(async (bg) => …)(backgroundWindow)` in an extension page kept in a
   * background tab. Getting the background page starts a suspended background first.
   */
  async evaluateInBackground<T>(fn: string): Promise<T> {
    if (!this.controlPage || this.controlPage.isClosed())
      this.controlPage = await this.openExtensionPage("tag.html", true);
    return this.controlPage.evaluate(
      `(async () => { const bg = await browser.runtime.getBackgroundPage(); return (${fn})(bg); })()`,
    ) as Promise<T>;
  }

  /** Evaluates an expression in an extension page (browser.* available, no background needed). */
  async evaluateInExtension<T>(expression: string): Promise<T> {
    if (!this.controlPage || this.controlPage.isClosed())
      this.controlPage = await this.openExtensionPage("tag.html", true);
    return this.controlPage.evaluate(`(async () => (${expression}))()`) as Promise<T>;
  }

  /** Waits until the background has finished startup recovery (test build hook). */
  async ready(): Promise<void> {
    const kind = await this.evaluateInBackground<string>("async (bg) => typeof bg.__testHooks");
    if (kind !== "object") throw new Error(`No __testHooks in the background (${kind}): is this the test build?`);
    await this.evaluateInBackground("async (bg) => { await bg.__testHooks.ready(); }");
  }

  /** Resolves when every queued write in the background is durable. */
  async flush(): Promise<void> {
    await this.ready();
    await this.evaluateInBackground("async (bg) => { await bg.__testHooks.flush(); }");
  }

  /** Feeds an idle state through the test hook (same path as idle.onStateChanged). */
  async setIdleState(state: "active" | "idle" | "locked"): Promise<void> {
    await this.evaluateInBackground(`async (bg) => { bg.__testHooks.setIdleState(${JSON.stringify(state)}); }`);
  }

  /** Runs an action that saves a file, and returns the file's name and content. */
  async download(action: () => Promise<unknown>): Promise<{ fileName: string; text: string }> {
    const dir = this.options.downloadDir;
    const before = new Set(await readdir(dir));
    await action();
    const deadline = Date.now() + 10_000;
    let last = "";
    for (;;) {
      const now = await readdir(dir);
      const name = now.find((entry) => !before.has(entry) && !entry.endsWith(".part"));
      // Firefox first creates the file empty beside a .part file, then fills it: take it once
      // the .part is gone and two reads agree.
      if (name && !now.includes(`${name}.part`)) {
        const text = await readFile(join(dir, name), "utf8");
        if (text !== "" && text === last) return { fileName: name, text };
        last = text;
      }
      if (Date.now() > deadline) throw new Error("The download did not finish in 10 s");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Closes the browser the normal way and waits for the process to end. */
  async close(): Promise<void> {
    const child = this.browser.process();
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    await this.browser.close().catch(() => child.kill("SIGTERM"));
    await exited;
  }

  /** Kills the browser process outright, as a crash or power loss would. */
  async kill(): Promise<void> {
    const child = this.browser.process();
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    this.browser.disconnect().catch(() => {});
  }
}
