import type { Page } from "puppeteer-core";
import { type PersonalData, personalDataSchema } from "../../../lib/stats/personal-data";
import { type FirefoxOptions, FirefoxSession } from "./firefox-session";

/**
 * Drives the Firefox test build the way a person would: open AI tools, switch tabs and
 * windows, pause, download their data. Survives the browser being closed or killed and
 * started again on the same profile. The Firefox twin of tests/e2e/support/meter.ts.
 */
export class FirefoxMeter {
  private constructor(private current: FirefoxSession) {}

  static async launch(options: FirefoxOptions): Promise<FirefoxMeter> {
    const meter = new FirefoxMeter(await FirefoxSession.launch(options));
    await meter.session.ready();
    return meter;
  }

  get session(): FirefoxSession {
    return this.current;
  }

  /** Opens a URL in a new foreground tab. */
  async open(url: string): Promise<Page> {
    const page = await this.session.browser.newPage();
    await navigate(page, url);
    return page;
  }

  /** Opens a new window (which takes the focus) on a URL. */
  async openWindow(url: string): Promise<Page> {
    const page = await this.session.browser.newPage({ type: "window" });
    await navigate(page, url);
    return page;
  }

  /** Makes a tab the active tab of its window, and its window the focused one. */
  async activate(page: Page): Promise<void> {
    await page.bringToFront();
  }

  async setWindowState(page: Page, windowState: "minimized" | "normal"): Promise<void> {
    const windowId = await page.windowId();
    await this.session.browser.setWindowBounds(windowId, { windowState });
  }

  /** Opens an extension page in a background tab, so engagement is untouched. */
  openInBackground(path: string): Promise<Page> {
    return this.session.openExtensionPage(path, true);
  }

  /** Opens an extension page in a foreground tab, as a person looking at it would. */
  openPage(path: string): Promise<Page> {
    return this.session.openExtensionPage(path, false);
  }

  /** The text on the toolbar icon's badge. */
  badgeText(): Promise<string> {
    return this.session.evaluateInExtension<string>("browser.action.getBadgeText({})");
  }

  /** Clicks "Download my data" on the options page and returns the saved file, validated. */
  async downloadPersonalData(): Promise<PersonalData> {
    await this.session.flush();
    const options = await this.openInBackground("options.html");
    await waitForButton(options, "Download my data");
    const { fileName, text } = await this.session.download(() => clickButton(options, "Download my data"));
    await options.close();
    if (!/^ai-adoption-meter-my-data-\d{4}-\d{2}-\d{2}(\(\d+\))?\.json$/.test(fileName)) {
      throw new Error(`Unexpected file name ${fileName}`);
    }
    return personalDataSchema.parse(JSON.parse(text));
  }

  setIdleState(state: "active" | "idle" | "locked"): Promise<void> {
    return this.session.setIdleState(state);
  }

  /** Saves settings through the same message the options page sends. */
  async saveSettings(patch: Record<string, unknown>): Promise<void> {
    const reply = await this.session.evaluateInExtension<{ ok?: boolean; value?: { ok?: boolean } } | undefined>(
      `browser.runtime.sendMessage({ name: "saveSettings", request: { patch: ${JSON.stringify(patch)} } })`,
    );
    if (!reply?.ok || !reply.value?.ok) throw new Error(`Settings refused: ${JSON.stringify(reply)}`);
  }

  /** Closes the browser normally and starts it again on the same profile, optionally with other settings. */
  async closeAndRelaunch(changes: Partial<FirefoxOptions> = {}): Promise<void> {
    await this.current.close();
    await this.relaunch(changes);
  }

  /** Kills the browser process (SIGKILL) and starts it again on the same profile. */
  async killAndRelaunch(): Promise<void> {
    await this.current.kill();
    await this.relaunch();
  }

  private async relaunch(changes: Partial<FirefoxOptions> = {}): Promise<void> {
    this.current = await FirefoxSession.launch({ ...this.current.options, ...changes });
    await this.current.ready();
  }

  async close(): Promise<void> {
    await this.current.close();
  }
}

/**
 * Navigates and returns once the document has started: the nearest moment to the URL's
 * commit that WebDriver BiDi reports (Playwright's "commit" has no BiDi equivalent).
 */
export async function navigate(page: Page, url: string): Promise<void> {
  await page.goto(url, { waitUntil: "domcontentloaded" });
}

/** Waits for a button with this accessible text. */
export async function waitForButton(page: Page, name: string): Promise<void> {
  await page.waitForFunction(
    (text) => [...document.querySelectorAll("button")].some((b) => b.textContent?.trim() === text && !b.disabled),
    { polling: 50, timeout: 10_000 },
    name,
  );
}

/** Clicks the button with this text (dispatched: background tabs paint no frames). */
export async function clickButton(page: Page, name: string): Promise<void> {
  const clicked = await page.evaluate((text) => {
    const button = [...document.querySelectorAll("button")].find((b) => b.textContent?.trim() === text);
    button?.click();
    return Boolean(button);
  }, name);
  if (!clicked) throw new Error(`No button "${name}"`);
}

/** The text of the element with this data-testid, or null while it is absent. */
export function testIdText(page: Page, testId: string): Promise<string | null> {
  return page.evaluate((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? null, testId);
}

/** Waits until the element with this data-testid contains `text`. */
export async function waitForTestIdText(page: Page, testId: string, text: string, timeout = 10_000): Promise<void> {
  await page
    .waitForFunction(
      (id, wanted) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.includes(wanted) ?? false,
      { polling: 50, timeout },
      testId,
      text,
    )
    .catch(async () => {
      throw new Error(`[data-testid=${testId}] never contained "${text}"; it says: ${await testIdText(page, testId)}`);
    });
}
