import type { Page } from "@playwright/test";
import type { PopupPage } from "../pages/popup-page";
import type { Meter } from "./meter";
import {
  leaveFor,
  newTarget,
  openAi,
  openWindow,
  type Scenario,
  type ScenarioOutcome,
  setWindowState,
} from "./scenarios";
import { hold, navigate, Stopwatch } from "./truth";

/**
 * Scenarios on the production build, as a person meets it: nothing waits for the service
 * worker, the worker is stopped at the moments the browser may stop it (memory pressure, an
 * update, its own termination), and the figure comes from "Download my data". The e2e suite
 * asserts on them at 1 s; the benchmark runs them side by side and prints the errors.
 */
export interface ProductionOutcome extends ScenarioOutcome {
  /** Worker stops the scenario made while a worker was running. */
  workerStops: number;
  /** The seed of a randomized scenario, to replay it. */
  seed?: number;
  /** What the popup showed for today right after, in whole seconds, where the scenario reads it. */
  popupTodaySeconds?: number;
}

export interface ProductionScenario extends Omit<Scenario, "run"> {
  run(meter: Meter): Promise<ProductionOutcome>;
}

const CHAT = "https://chatgpt.com/";
const CLAUDE = "https://claude.ai/";
const ELSEWHERE = "https://example.com/";

/**
 * The person has opened the popup once and seen it answer, as after installing: a settled
 * start, so that a scenario about worker stops is not also a scenario about the first visit.
 * The popup's own text is the signal; nothing in the worker is asked.
 */
export async function lookAtPopupOnce(meter: Meter): Promise<void> {
  const popup = await meter.popup();
  await popup
    .trackingState()
    .filter({ hasText: /Tracking approved AI tools|Measuring/ })
    .waitFor();
  await popup.page.close();
}

/** A tab that already exists becomes the active tab of its window (and its window gets focus). */
function activate(page: Page): Promise<void> {
  return page.bringToFront();
}

async function outcome(
  meter: Meter,
  truth: Record<string, Stopwatch>,
  workerStops: number,
  extra: Partial<ProductionOutcome> = {},
): Promise<ProductionOutcome> {
  const seconds = Object.fromEntries(Object.entries(truth).map(([tool, watch]) => [tool, watch.seconds]));
  return { truth: seconds, workerStops, ...extra, data: await meter.downloadPersonalData() };
}

/** Counts the stops that hit a running worker. */
class Stops {
  count = 0;
  constructor(private readonly meter: Meter) {}
  async now(): Promise<void> {
    if (await this.meter.session.stopWorkerNow()) this.count += 1;
  }
}

/** The popup's "Today" figure in seconds, once it shows one; null if it is not in seconds. */
export async function popupTodaySeconds(popup: PopupPage): Promise<number | null> {
  const text = (await popup.todayTotal().locator(".big").textContent()) ?? "";
  const match = /^(\d+) s$/.exec(text.trim());
  return match ? Number(match[1]) : null;
}

/** The rows of the measurement table in issue 11, shortened where the shape stays the same. */
export const ISSUE_TABLE_SCENARIOS: ProductionScenario[] = [
  {
    name: "a worker stopped in the middle of a visit to claude.ai, then another tab",
    async run(meter) {
      await lookAtPopupOnce(meter);
      const stops = new Stops(meter);
      const claude = new Stopwatch();
      await openAi(meter, CLAUDE, claude);
      await hold(5000);
      await stops.now();
      await hold(5000);
      await leaveFor(meter, ELSEWHERE, claude);
      return outcome(meter, { claude }, stops.count);
    },
  },
  {
    name: "claude.ai and a non-AI tab in turn, the worker stopped just before, just after and between the switches",
    async run(meter) {
      await lookAtPopupOnce(meter);
      const stops = new Stops(meter);
      const claude = new Stopwatch();
      const claudeTab = await openAi(meter, CLAUDE, claude);
      await hold(2500);
      // Just before a switch: the event wakes a worker that is still starting.
      await stops.now();
      const other = await leaveFor(meter, ELSEWHERE, claude);
      // Just after: the worker dies while it handles the switch.
      await stops.now();
      await hold(1500);
      // Between switches.
      await stops.now();
      await hold(1000);
      // At the same moment as the switch back.
      await Promise.all([claude.startAround(() => activate(claudeTab)), stops.now()]);
      await hold(2500);
      await stops.now();
      await hold(50);
      await claude.stopAround(() => activate(other));
      await hold(50);
      await stops.now();
      await hold(1500);
      await claude.startAround(() => activate(claudeTab));
      await hold(150);
      await stops.now();
      await hold(2500);
      await Promise.all([claude.stopAround(() => activate(other)), stops.now()]);
      await hold(1000);
      return outcome(meter, { claude }, stops.count);
    },
  },
  {
    name: "installed, then straight to chatgpt.com for 12 s: the first visit counts from its first second",
    async run(meter) {
      // No popup first, no wait: the extension was just installed and the worker is starting.
      const chatgpt = new Stopwatch();
      await openAi(meter, CHAT, chatgpt);
      await hold(12_000);
      await leaveFor(meter, ELSEWHERE, chatgpt);
      // The person opens the popup at once: it must show the visit.
      const popup = await meter.popup();
      const deadline = Date.now() + 3000;
      let shown = await popupTodaySeconds(popup).catch(() => null);
      while ((shown === null || shown === 0) && Date.now() < deadline) {
        await hold(100);
        shown = await popupTodaySeconds(popup).catch(() => null);
      }
      await popup.page.close();
      return outcome(meter, { chatgpt }, 0, shown === null ? {} : { popupTodaySeconds: shown });
    },
  },
  {
    name: "chatgpt.com, a second window focused, closed, chatgpt.com again (real focus)",
    windowed: true,
    async run(meter) {
      await lookAtPopupOnce(meter);
      const chatgpt = new Stopwatch();
      const chat = meter.session.context.pages()[0] ?? (await meter.session.context.newPage());
      await activate(chat);
      await chatgpt.startAround(() => navigate(chat, CHAT));
      await hold(4000);
      const other = await openWindow(meter, ELSEWHERE, chatgpt);
      await hold(6000);
      // Closing the only tab of the second window closes it; focus returns to the first.
      await chatgpt.startAround(() => other.close());
      await hold(4000);
      await leaveFor(meter, ELSEWHERE, chatgpt);
      await hold(300);
      return outcome(meter, { chatgpt }, 0);
    },
  },
];

/** Where the person is, in the randomized scenario: AI tab active in window A, A focused, A minimized. */
interface WindowsState {
  aiActive: boolean;
  focusA: boolean;
  minimized: boolean;
}

const engaged = (s: WindowsState) => s.aiActive && s.focusA && !s.minimized;

/** A small seeded generator (mulberry32), so a randomized run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed from STOP_SEED, or a fresh one. */
export function stopSeed(): number {
  const fromEnv = process.env.STOP_SEED;
  return fromEnv ? Number(fromEnv) : Math.floor(Math.random() * 2 ** 31);
}

/**
 * Tab switches, window focus changes and minimize/restore in real windows, with the worker
 * stopped at random instants: 0–400 ms after an action (so often while it handles the event),
 * and sometimes between actions. One tool; the truth is the stopwatch.
 */
export function randomStopsScenario(options: { seed: number; minStops: number }): ProductionScenario {
  return {
    name: `worker stopped at ${options.minStops}+ random instants around switches, focus and minimize (seed ${options.seed})`,
    windowed: true,
    async run(meter) {
      const random = seededRandom(options.seed);
      const stops = new Stops(meter);
      const chatgpt = new Stopwatch();
      await lookAtPopupOnce(meter);
      // Window A: a non-AI tab and the AI tab; window B: a non-AI tab.
      const first = meter.session.context.pages()[0] ?? (await meter.session.context.newPage());
      await navigate(first, ELSEWHERE);
      const windowB = await openWindow(meter, "https://docs.example.com/");
      await activate(first);
      await hold(300);
      const chat = await newTarget(meter, "about:blank", false);
      await activate(chat);
      await chatgpt.startAround(() => navigate(chat, CHAT));
      let state: WindowsState = { aiActive: true, focusA: true, minimized: false };

      type Action = { name: string; run: () => Promise<void>; next: (s: WindowsState) => WindowsState };
      const actions = ({ aiActive, focusA, minimized }: WindowsState): Action[] => {
        if (minimized) {
          return [
            {
              name: "restore",
              run: async () => {
                await setWindowState(meter, chat, "normal");
                await activate(aiActive ? chat : first);
              },
              next: (s) => ({ ...s, minimized: false, focusA: true }),
            },
          ];
        }
        return [
          {
            name: "switch tab",
            run: () => activate(aiActive ? first : chat),
            next: (s) => ({ ...s, aiActive: !s.aiActive, focusA: true }),
          },
          {
            name: "minimize",
            run: () => setWindowState(meter, chat, "minimized"),
            next: (s) => ({ ...s, minimized: true }),
          },
          focusA
            ? { name: "focus other window", run: () => activate(windowB), next: (s) => ({ ...s, focusA: false }) }
            : {
                name: "focus back",
                run: () => activate(aiActive ? chat : first),
                next: (s) => ({ ...s, focusA: true }),
              },
        ];
      };

      for (let step = 0; stops.count < options.minStops && step < 200; step++) {
        const choices = actions(state);
        const action = choices[Math.floor(random() * choices.length)] as Action;
        const next = action.next(state);
        if (engaged(state) && !engaged(next)) await chatgpt.stopAround(action.run);
        else if (!engaged(state) && engaged(next)) await chatgpt.startAround(action.run);
        else await action.run();
        state = next;
        if (random() < 0.85) {
          await hold(Math.floor(random() * 400));
          await stops.now();
        }
        const rest = 400 + Math.floor(random() * 600);
        if (random() < 0.35) {
          const mid = Math.floor(rest / 2);
          await hold(mid);
          await stops.now();
          await hold(rest - mid);
        } else {
          await hold(rest);
        }
      }
      // End in a normal, focused window, then leave for a non-AI tab.
      if (state.minimized) {
        const restore = async () => {
          await setWindowState(meter, chat, "normal");
          await activate(state.aiActive ? chat : first);
        };
        if (state.aiActive) await chatgpt.startAround(restore);
        else await restore();
        state = { ...state, minimized: false, focusA: true };
      }
      if (engaged(state)) await chatgpt.stopAround(() => activate(first));
      await hold(300);
      return outcome(meter, { chatgpt }, stops.count, { seed: options.seed });
    },
  };
}
