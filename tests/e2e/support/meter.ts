import { execFileSync } from "node:child_process";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { CDPSession, Page } from "@playwright/test";
import { type PersonalData, personalDataSchema } from "../../../lib/stats/personal-data";
import { OptionsPage } from "../pages/options-page";
import { PopupPage } from "./../pages/popup-page";
import { ChromiumSession, type SessionOptions } from "./chromium-session";

/**
 * Drives the test build (or, with `launchProduction`, the production build) in a browser this suite starts itself, the way a person would:
 * open AI tools, switch tabs and windows, pause, download their data. Survives the
 * browser being closed or killed and started again on the same profile.
 */
export class Meter {
  private constructor(
    private current: ChromiumSession,
    private readonly downloadDir: string,
  ) {}

  static async launch(options: SessionOptions, downloadDir: string): Promise<Meter> {
    const meter = new Meter(await ChromiumSession.launch(options), downloadDir);
    await meter.whenReady();
    return meter;
  }

  /**
   * The production build (`.output/chrome-mv3`), as a person meets it: no test hook, no
   * waiting for the worker to start or to finish a write, results read only from what a
   * person sees (the "Download my data" file, the popup).
   */
  static async launchProduction(options: Omit<SessionOptions, "production">, downloadDir: string): Promise<Meter> {
    return Meter.launch({ ...options, production: true }, downloadDir);
  }

  /** The production build: nothing in the worker is waited for or driven by a hook. */
  get production(): boolean {
    return Boolean(this.current.options.production);
  }

  /** The test build waits for start-up recovery; a person does not. */
  private async whenReady(): Promise<void> {
    if (!this.production) await this.current.ready();
  }

  private requireTestBuild(what: string): void {
    if (this.production) throw new Error(`${what} needs the test build's hooks (--mode e2e)`);
  }

  get session(): ChromiumSession {
    return this.current;
  }

  /** Opens a URL in a new tab, which becomes the active tab. */
  async open(url: string): Promise<Page> {
    return this.session.open(url);
  }

  /** Makes a tab the active tab of its window. */
  async activate(page: Page): Promise<void> {
    await page.bringToFront();
  }

  /** Opens an extension page in a new tab without activating it, so engagement is untouched. */
  async openInBackground(path: string): Promise<Page> {
    const cdp = await this.session.browser.newBrowserCDPSession();
    const pageOpened = this.session.context.waitForEvent("page", { predicate: (p) => p.url().includes(path) });
    await cdp.send("Target.createTarget", { url: this.session.extensionUrl(path), background: true });
    await cdp.detach();
    const page = await pageOpened;
    await page.waitForLoadState("domcontentloaded");
    return page;
  }

  /** Opens an extension page in a new foreground tab, as a person looking at it would. */
  async openPage(path: string): Promise<Page> {
    const page = await this.session.context.newPage();
    await page.goto(this.session.extensionUrl(path));
    return page;
  }

  /** The text on the toolbar icon's badge. */
  badgeText(): Promise<string> {
    return this.session.evaluateInWorker<string>("chrome.action.getBadgeText({})");
  }

  /** Makes every IndexedDB write fail as on a full disk (test build hook), or stops it. */
  setStorageFull(full: boolean): Promise<void> {
    this.requireTestBuild("setStorageFull");
    return this.session.evaluateInWorker(`globalThis.__testHooks.setStorageFull(${full})`);
  }

  /** Ids of the system notifications the extension shows. */
  notifications(): Promise<string[]> {
    this.requireTestBuild("notifications");
    return this.session.evaluateInWorker<string[]>("globalThis.__testHooks.notifications()");
  }

  /** Clicks a notification: feeds the same handler as notifications.onClicked. */
  clickNotification(id: string): Promise<void> {
    this.requireTestBuild("clickNotification");
    return this.session.evaluateInWorker(`globalThis.__testHooks.clickNotification(${JSON.stringify(id)})`);
  }

  /**
   * Runs `action` on `page`, which makes the browser ask for a permission, and answers the
   * browser's own prompt with the keyboard, as a person would. Needs a real window (windowed
   * sessions): the prompt is native browser UI drawn in the browser window. It takes the
   * keyboard focus from the page when it opens, and gives it back when it closes.
   * Deny has the focus; Tab moves it to Allow.
   */
  async answerPermissionPrompt(page: Page, action: () => Promise<unknown>, allow: boolean): Promise<void> {
    const display = this.session.options.display;
    if (!display) throw new Error("Permission prompts need a windowed session");
    const xdotool = (...args: string[]) =>
      execFileSync("xdotool", args, { env: { ...process.env, DISPLAY: display.name } })
        .toString()
        .trim();
    const pageHasFocus = () => page.evaluate(() => document.hasFocus());
    if (!(await pageHasFocus())) throw new Error("The page must have the focus before the prompt opens");
    await action();
    const deadline = Date.now() + 15_000;
    while (await pageHasFocus()) {
      if (Date.now() > deadline) throw new Error("The browser's permission prompt did not open within 15 s");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // It may take the focus a moment before it takes keys: answer until it has closed.
    for (;;) {
      if (allow) xdotool("key", "Tab");
      xdotool("key", "Return");
      const closed = Date.now() + 2000;
      while (Date.now() < closed && !(await pageHasFocus())) await new Promise((resolve) => setTimeout(resolve, 50));
      if (await pageHasFocus()) return;
      if (Date.now() > deadline)
        throw new Error("The browser's permission prompt did not close on the keyboard answer");
    }
  }

  /** The popup, opened in a background tab. */
  async popup(): Promise<PopupPage> {
    return new PopupPage(await this.openInBackground("popup.html"));
  }

  /** Clicks "Download my data" on the options page and returns the saved file, validated. */
  async downloadPersonalData(): Promise<PersonalData> {
    return personalDataSchema.parse(JSON.parse(await this.downloadPersonalDataText()));
  }

  /**
   * Clicks "Download my data" and returns the saved file as text, unparsed, for checks on
   * everything it holds. The test build first waits for the worker's queued writes; on the
   * production build nothing is waited for, as a person clicking the button does not wait.
   */
  async downloadPersonalDataText(): Promise<string> {
    if (!this.production) await this.session.flush();
    const options = new OptionsPage(await this.openInBackground("options.html"));
    // A background tab does not render frames, so click without waiting for animation frames.
    const { fileName, text } = await this.download(() => options.downloadButton().dispatchEvent("click"));
    await options.page.close();
    if (!/^ai-adoption-meter-my-data-\d{4}-\d{2}-\d{2}\.json$/.test(fileName)) {
      throw new Error(`Unexpected file name ${fileName}`);
    }
    return text;
  }

  /** Runs an action that saves a file, and returns the file's suggested name and content. */
  async download(action: () => Promise<unknown>): Promise<{ fileName: string; text: string }> {
    await mkdir(this.downloadDir, { recursive: true });
    const cdp = await this.session.browser.newBrowserCDPSession();
    // allowAndName saves under the download's id, so repeated downloads never collide.
    await cdp.send("Browser.setDownloadBehavior", {
      behavior: "allowAndName",
      downloadPath: this.downloadDir,
      eventsEnabled: true,
    });
    const done = waitForDownload(cdp);
    await action();
    const { guid, suggestedFilename } = await done;
    await cdp.detach();
    return { fileName: suggestedFilename, text: await readFile(join(this.downloadDir, guid), "utf8") };
  }

  /** Active seconds per tool over all days in the downloaded file. */
  async activeSeconds(): Promise<Record<string, number>> {
    const data = await this.downloadPersonalData();
    const totals: Record<string, number> = {};
    for (const day of data.days) totals[day.toolId] = (totals[day.toolId] ?? 0) + day.activeSeconds;
    return totals;
  }

  async setIdleState(state: "active" | "idle" | "locked"): Promise<void> {
    this.requireTestBuild("setIdleState");
    await this.session.setIdleState(state);
  }

  async saveSettings(patch: Record<string, unknown>): Promise<void> {
    const page = await this.openInBackground("options.html");
    // The same message the options page sends.
    const result = await page.evaluate((p) => {
      const { chrome } = globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<never> } } };
      return chrome.runtime.sendMessage({ name: "saveSettings", request: { patch: p } });
    }, patch);
    await page.close();
    const reply = result as { ok?: boolean; value?: { ok?: boolean } } | undefined;
    if (!reply?.ok || !reply.value?.ok) throw new Error(`Settings refused: ${JSON.stringify(result)}`);
  }

  /** Closes the browser normally and starts it again on the same profile, optionally with other settings. */
  async closeAndRelaunch(changes: Partial<SessionOptions> = {}): Promise<void> {
    await this.current.close();
    await this.relaunch(changes);
  }

  /** Kills the browser process (SIGKILL) and starts it again on the same profile. */
  async killAndRelaunch(): Promise<void> {
    await this.current.kill();
    await this.relaunch();
  }

  private async relaunch(changes: Partial<SessionOptions> = {}): Promise<void> {
    this.current = await ChromiumSession.launch({ ...this.current.options, ...changes });
    await this.whenReady();
  }

  async close(): Promise<void> {
    await this.current.close();
  }
}

function waitForDownload(cdp: CDPSession): Promise<{ guid: string; suggestedFilename: string }> {
  return new Promise((resolve, reject) => {
    let suggestedFilename = "";
    const timer = setTimeout(() => reject(new Error("The download did not finish in 10 s")), 10_000);
    cdp.on("Browser.downloadWillBegin", (event) => {
      suggestedFilename = event.suggestedFilename;
    });
    cdp.on("Browser.downloadProgress", (event) => {
      if (event.state === "completed") {
        clearTimeout(timer);
        resolve({ guid: event.guid, suggestedFilename });
      } else if (event.state === "canceled") {
        clearTimeout(timer);
        reject(new Error("The download was canceled"));
      }
    });
  });
}
