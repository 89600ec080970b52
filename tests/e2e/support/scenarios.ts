import type { Page } from "@playwright/test";
import type { PersonalData } from "../../../lib/stats/personal-data";
import type { Meter } from "./meter";
import { hold, navigate, Stopwatch } from "./truth";

/**
 * Usage scenarios in real time. Each acts like a person would, keeps the true engaged
 * time with its own stopwatch, and returns it with the file "Download my data" saved.
 * The e2e suite asserts on them; the benchmark runs them repeatedly and reports errors.
 */
export interface Scenario {
  name: string;
  /** Needs real windows and a window manager (focus); otherwise runs headless. */
  windowed?: boolean;
  /** Drives idle through the test build's hook, so it cannot run on the production build. */
  needsIdleHook?: boolean;
  run(meter: Meter): Promise<ScenarioOutcome>;
}

export interface ScenarioOutcome {
  /** True engaged seconds per tool. */
  truth: Record<string, number>;
  /** Visits per tool the file must show, where the scenario defines it. */
  visits?: Record<string, number>;
  /** The browser ended abruptly: the measurement may fall short by the loss limit, never exceed the truth. */
  abrupt?: boolean;
  data: PersonalData;
}

/** Opens a new tab on a URL; a new tab becomes active as soon as it is created. */
export async function openTab(meter: Meter, url: string): Promise<Page> {
  const page = await meter.session.context.newPage();
  await navigate(page, url);
  return page;
}

/** Opens an AI tool in a new tab; engagement starts as its URL commits. */
export async function openAi(meter: Meter, url: string, truth: Stopwatch): Promise<Page> {
  const page = await meter.session.context.newPage();
  await truth.startAround(() => navigate(page, url));
  return page;
}

/** Leaves for a non-AI site in a new tab; engagement ends as the new tab becomes active. */
export async function leaveFor(meter: Meter, url: string, truth: Stopwatch): Promise<Page> {
  return newTarget(meter, url, false, truth);
}

/**
 * Creates a tab (or window) through CDP and, with a stopwatch, stops it around the creation
 * alone: the new tab is active once Target.createTarget returns, before Playwright has
 * finished setting up its page object.
 */
export async function newTarget(meter: Meter, url: string, newWindow: boolean, truth?: Stopwatch): Promise<Page> {
  const cdp = await meter.session.browser.newBrowserCDPSession();
  const opened = meter.session.context.waitForEvent("page");
  const create = () => cdp.send("Target.createTarget", { url: "about:blank", newWindow });
  await (truth ? truth.stopAround(create) : create());
  await cdp.detach();
  const page = await opened;
  await navigate(page, url);
  return page;
}

/** Opens a URL in a new window, which takes focus; stops the stopwatch as it does. */
export async function openWindow(meter: Meter, url: string, truth?: Stopwatch): Promise<Page> {
  return newTarget(meter, url, true, truth);
}

export async function setWindowState(meter: Meter, page: Page, windowState: "minimized" | "normal"): Promise<void> {
  const { windowId } = await (await meter.session.context.newCDPSession(page)).send("Browser.getWindowForTarget");
  const cdp = await meter.session.browser.newBrowserCDPSession();
  await cdp.send("Browser.setWindowBounds", { windowId, bounds: { windowState } });
  await cdp.detach();
}

export async function waitForVisibility(page: Page, state: "hidden" | "visible"): Promise<void> {
  // Polled by time: a hidden page runs no animation frames.
  await page.waitForFunction((wanted) => document.visibilityState === wanted, state, { polling: 50, timeout: 10_000 });
}

const CHAT = "https://chatgpt.com/";
const ELSEWHERE = "https://example.com/";

/** The outcome of a one-tool scenario, once its file is downloaded. */
async function outcome(meter: Meter, truth: Record<string, Stopwatch>, extra: Partial<ScenarioOutcome> = {}) {
  const seconds = Object.fromEntries(Object.entries(truth).map(([tool, watch]) => [tool, watch.seconds]));
  const visits = Object.fromEntries(Object.keys(truth).map((tool) => [tool, 1]));
  return { truth: seconds, visits, ...extra, data: await meter.downloadPersonalData() };
}

export const SCENARIOS: Scenario[] = [
  {
    name: "continuous use of one tool",
    async run(meter) {
      const chatgpt = new Stopwatch();
      await openAi(meter, CHAT, chatgpt);
      await hold(4000);
      await leaveFor(meter, ELSEWHERE, chatgpt);
      return outcome(meter, { chatgpt });
    },
  },
  {
    name: "switching to a non-AI tab and back is one visit without the time away",
    async run(meter) {
      const chatgpt = new Stopwatch();
      const chat = await openAi(meter, CHAT, chatgpt);
      await hold(2500);
      const other = await leaveFor(meter, "https://docs.example.com/", chatgpt);
      await hold(2000);
      await chatgpt.startAround(() => meter.activate(chat));
      await hold(2500);
      await chatgpt.stopAround(() => meter.activate(other));
      return outcome(meter, { chatgpt });
    },
  },
  {
    name: "SPA navigations keep counting inside a tool and stop outside its path",
    async run(meter) {
      const chatgpt = new Stopwatch();
      const copilot = new Stopwatch();
      const chat = await openAi(meter, CHAT, chatgpt);
      // The fake pages expose window.spa: pushState, replaceState and hash changes.
      const spa = (code: string) => chat.evaluate(code);
      for (const move of ['spa.push("/c/1")', 'spa.replace("/c/2")', "history.back()", 'spa.hash("section")']) {
        await hold(700);
        await spa(move);
      }
      await hold(700);
      await chatgpt.stopAround(async () => {
        await copilot.startAround(() => navigate(chat, "https://github.com/copilot"));
      });
      await hold(2000);
      await copilot.stopAround(() => spa('spa.push("/settings/profile")'));
      await hold(2000);
      await copilot.startAround(() => spa('spa.push("/copilot/c/7")'));
      await hold(2000);
      await leaveFor(meter, ELSEWHERE, copilot);
      return outcome(meter, { chatgpt, "github-copilot": copilot });
    },
  },
  {
    name: "two AI tools in turn",
    async run(meter) {
      const chatgpt = new Stopwatch();
      const claude = new Stopwatch();
      const chat = await openAi(meter, CHAT, chatgpt);
      await hold(2000);
      const claudeTab = await chatgpt.stopAround(() => openAi(meter, "https://claude.ai/new", claude));
      await hold(2000);
      await claude.stopAround(() => chatgpt.startAround(() => meter.activate(chat)));
      await hold(1500);
      await chatgpt.stopAround(() => claude.startAround(() => meter.activate(claudeTab)));
      await hold(1500);
      await leaveFor(meter, ELSEWHERE, claude);
      return outcome(meter, { chatgpt, claude });
    },
  },
  {
    name: "closing the AI tab ends its time",
    async run(meter) {
      const chatgpt = new Stopwatch();
      await openTab(meter, ELSEWHERE);
      const chat = await openAi(meter, "https://chat.openai.com/", chatgpt);
      await hold(3000);
      await chatgpt.stopAround(() => chat.close());
      await hold(1500);
      return outcome(meter, { chatgpt });
    },
  },
  {
    name: "a minimized window does not count, and counts again once restored",
    async run(meter) {
      const chatgpt = new Stopwatch();
      const chat = await openAi(meter, CHAT, chatgpt);
      await hold(2500);
      await chatgpt.stopAround(() => setWindowState(meter, chat, "minimized"));
      await waitForVisibility(chat, "hidden");
      await hold(2500);
      await chatgpt.startAround(() => setWindowState(meter, chat, "normal"));
      await waitForVisibility(chat, "visible");
      await hold(2500);
      await leaveFor(meter, ELSEWHERE, chatgpt);
      return outcome(meter, { chatgpt });
    },
  },
  {
    name: "idle is backdated by the threshold, and counting resumes on return",
    needsIdleHook: true,
    async run(meter) {
      await meter.saveSettings({ idleThresholdSec: 15 });
      const chatgpt = new Stopwatch();
      await openAi(meter, CHAT, chatgpt);
      // 18 s on the page, the last 15 s without input: Chrome reports idle only once the
      // threshold has passed, so the true end is 15 s before the report.
      await hold(3000);
      chatgpt.stop();
      await hold(15_000);
      await meter.setIdleState("idle");
      await hold(2000);
      await chatgpt.startAround(() => meter.setIdleState("active"));
      await hold(2000);
      await leaveFor(meter, ELSEWHERE, chatgpt);
      return outcome(meter, { chatgpt });
    },
  },
  {
    name: "a locked screen stops counting at once, without backdating",
    needsIdleHook: true,
    async run(meter) {
      const chatgpt = new Stopwatch();
      await openAi(meter, CHAT, chatgpt);
      await hold(2500);
      await chatgpt.stopAround(() => meter.setIdleState("locked"));
      await hold(2500);
      await chatgpt.startAround(() => meter.setIdleState("active"));
      await hold(2000);
      await leaveFor(meter, ELSEWHERE, chatgpt);
      return outcome(meter, { chatgpt });
    },
  },
  {
    name: "pause and resume from the popup",
    async run(meter) {
      const chatgpt = new Stopwatch();
      await openAi(meter, CHAT, chatgpt);
      await hold(2500);
      const popup = await meter.popup();
      await popup.trackingState().filter({ hasText: "Measuring ChatGPT now" }).waitFor();
      await chatgpt.stopAround(() => popup.trackingSwitch().dispatchEvent("click"));
      await popup.trackingState().filter({ hasText: "Tracking is paused" }).waitFor();
      await hold(2500);
      await chatgpt.startAround(() => popup.trackingSwitch().dispatchEvent("click"));
      await popup.trackingState().filter({ hasText: "Measuring ChatGPT now" }).waitFor();
      await hold(2500);
      await leaveFor(meter, ELSEWHERE, chatgpt);
      return outcome(meter, { chatgpt });
    },
  },
  {
    name: "a service worker stopped in the middle of a session loses nothing",
    async run(meter) {
      const chatgpt = new Stopwatch();
      await openAi(meter, CHAT, chatgpt);
      await hold(2000);
      await meter.session.stopWorker();
      await hold(3000);
      // Switching tabs wakes a new worker, which continues the segment the old one left open.
      await leaveFor(meter, ELSEWHERE, chatgpt);
      return outcome(meter, { chatgpt });
    },
  },
  ...(["closed normally", "killed (SIGKILL)"] as const).map(
    (how): Scenario => ({
      name: `a browser ${how} during a session loses at most a second`,
      async run(meter) {
        const chatgpt = new Stopwatch();
        await openAi(meter, CHAT, chatgpt);
        await hold(3000);
        chatgpt.stop();
        await (how === "closed normally" ? meter.closeAndRelaunch() : meter.killAndRelaunch());
        return outcome(meter, { chatgpt }, { abrupt: true });
      },
    }),
  ),
  {
    name: "a relaunched browser keeps counting the tools it shows",
    async run(meter) {
      const claude = new Stopwatch();
      await openAi(meter, "https://claude.ai/", claude);
      await hold(1500);
      claude.stop();
      await meter.killAndRelaunch();
      await openAi(meter, "https://claude.ai/chat/2", claude);
      await hold(1500);
      await leaveFor(meter, ELSEWHERE, claude);
      return outcome(meter, { claude }, { abrupt: true, visits: {} });
    },
  },
  {
    name: "a second window with focus stops the count while the AI tab stays active in the first",
    windowed: true,
    async run(meter) {
      const chatgpt = new Stopwatch();
      const chat = meter.session.context.pages()[0] ?? (await meter.session.context.newPage());
      await chatgpt.startAround(() => navigate(chat, CHAT));
      await hold(2500);
      const other = await openWindow(meter, ELSEWHERE, chatgpt);
      await hold(2500);
      await chatgpt.startAround(() => meter.activate(chat));
      await hold(2500);
      await chatgpt.stopAround(() => meter.activate(other));
      await hold(500);
      return outcome(meter, { chatgpt });
    },
  },
  {
    name: "minimizing the AI window moves focus away; restoring it resumes",
    windowed: true,
    async run(meter) {
      const claude = new Stopwatch();
      const tab = meter.session.context.pages()[0] ?? (await meter.session.context.newPage());
      await claude.startAround(() => navigate(tab, "https://claude.ai/"));
      await hold(2500);
      await claude.stopAround(() => setWindowState(meter, tab, "minimized"));
      await hold(2500);
      await claude.startAround(async () => {
        await setWindowState(meter, tab, "normal");
        await meter.activate(tab);
      });
      await hold(2500);
      await openWindow(meter, ELSEWHERE, claude);
      await hold(500);
      return outcome(meter, { claude });
    },
  },
];

/** Active seconds per tool in a personal data file. */
export function measuredSeconds(data: PersonalData): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const day of data.days) totals[day.toolId] = (totals[day.toolId] ?? 0) + day.activeSeconds;
  return totals;
}
