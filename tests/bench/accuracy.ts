import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";
import { findChromium } from "../e2e/support/chromium-path";
import { Meter } from "../e2e/support/meter";
import { EXTENSION_ID, PRODUCTION_BUILD, requireBuild, TEST_BUILD } from "../e2e/support/paths";
import {
  ISSUE_TABLE_SCENARIOS,
  lookAtPopupOnce,
  type ProductionOutcome,
  type ProductionScenario,
  randomStopsScenario,
  stopSeed,
} from "../e2e/support/production-scenarios";
import { measuredSeconds, SCENARIOS, type Scenario } from "../e2e/support/scenarios";
import { hold } from "../e2e/support/truth";
import { startWindowManager } from "../e2e/support/window-manager";
import { startXvfb } from "../e2e/support/xvfb";
import type { AccuracyFigures } from "./firefox";
import { median, table } from "./stats";

// Accuracy on the production build, as a person meets it: several browsers at once on this
// machine (three by default), each run on a fresh profile, no test hook and no waiting for the
// worker, the figure read from the file "Download my data" saves. Printed, never asserted.

/** One scenario of the accuracy table, with the build it runs on. */
interface BenchScenario {
  name: string;
  windowed: boolean;
  /** Runs on the test build because it drives idle through the hook. */
  testBuild: boolean;
  run(meter: Meter, runIndex: number): Promise<ProductionOutcome>;
}

interface RunResult {
  errors: number[];
  truths: number[];
  measured: number[];
  workerStops: number;
  failure?: string;
}

export interface AccuracyOptions {
  hostResolverRules: string;
  /** Runs per scenario (at least 5 for the figures the issue asks for). */
  runs: number;
  /** Browsers running at once. */
  parallel: number;
  /** Only scenarios whose name contains this. */
  only?: string;
  print(text: string): void;
}

/** How a scenario that needs the test build's idle hook is named in the table. */
const IDLE_HOOK_MARK = " [test build: idle hook]";

/** An existing scenario on the production build, after the person has looked at the popup once. */
function fromScenario(scenario: Scenario): BenchScenario {
  const testBuild = Boolean(scenario.needsIdleHook);
  return {
    name: testBuild ? `${scenario.name}${IDLE_HOOK_MARK}` : scenario.name,
    windowed: Boolean(scenario.windowed),
    testBuild,
    async run(meter) {
      if (!testBuild) await lookAtPopupOnce(meter);
      const stopsMidSession = scenario.name.includes("service worker stopped") ? 1 : 0;
      return { ...(await scenario.run(meter)), workerStops: stopsMidSession };
    },
  };
}

function fromProduction(scenario: ProductionScenario): BenchScenario {
  return {
    name: scenario.name,
    windowed: Boolean(scenario.windowed),
    testBuild: false,
    run: (meter) => scenario.run(meter),
  };
}

/** Every scenario of the accuracy table. */
function benchScenarios(): BenchScenario[] {
  const baseSeed = stopSeed();
  return [
    ...ISSUE_TABLE_SCENARIOS.map(fromProduction),
    {
      name: `worker stopped at 30+ random instants (seeds ${baseSeed}+run)`,
      windowed: true,
      testBuild: false,
      run: (meter, runIndex) => randomStopsScenario({ seed: baseSeed + runIndex, minStops: 30 }).run(meter),
    },
    ...SCENARIOS.map(fromScenario),
  ];
}

/** Runs `jobs` with at most `parallel` at once. */
async function pool<T>(jobs: (() => Promise<T>)[], parallel: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const lane = async () => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await (jobs[index] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, jobs.length) }, lane));
  return results;
}

/** A fresh profile with the build the scenario needs, in a real window where it needs one. */
async function withBrowser<T>(
  hostResolverRules: string,
  options: { windowed: boolean; testBuild: boolean },
  body: (meter: Meter) => Promise<T>,
): Promise<T> {
  const profile = await mkdtemp(join(tmpdir(), "meter-bench-"));
  const display = options.windowed ? await startXvfb() : undefined;
  const windowManager = display ? await startWindowManager(display) : undefined;
  try {
    const session = {
      extensionPath: requireBuild(options.testBuild ? TEST_BUILD : PRODUCTION_BUILD),
      userDataDir: profile,
      hostResolverRules,
      display,
    };
    const downloads = join(profile, "downloads");
    const meter = options.testBuild
      ? await Meter.launch(session, downloads)
      : await Meter.launchProduction(session, downloads);
    try {
      return await body(meter);
    } finally {
      await meter.close();
    }
  } finally {
    await windowManager?.stop();
    await display?.stop();
    await rm(profile, { recursive: true, force: true });
  }
}

async function runOnce(options: AccuracyOptions, scenario: BenchScenario, runIndex: number): Promise<RunResult> {
  try {
    const outcome = await withBrowser(options.hostResolverRules, scenario, (meter) => scenario.run(meter, runIndex));
    const got = measuredSeconds(outcome.data);
    const result: RunResult = { errors: [], truths: [], measured: [], workerStops: outcome.workerStops };
    for (const [tool, truth] of Object.entries(outcome.truth)) {
      result.truths.push(truth);
      result.measured.push(got[tool] ?? 0);
      result.errors.push((got[tool] ?? 0) - truth);
    }
    return result;
  } catch (error) {
    return { errors: [], truths: [], measured: [], workerStops: 0, failure: String(error).split("\n")[0] };
  }
}

/**
 * "0 s lost on a worker stop", within what the test's own stopwatch can tell: it dates an action
 * to the middle of the call that made it, so a loss under 0.1 s is not a loss it can see.
 */
const STOPWATCH_RESOLUTION_S = 0.1;

const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : "–");

/**
 * Runs every scenario `runs` times, `parallel` browsers at once, and prints the table; returns
 * the figures by scenario name, for the table with a column per browser.
 */
export async function benchAccuracy(options: AccuracyOptions): Promise<Map<string, AccuracyFigures>> {
  const scenarios = benchScenarios().filter((s) => !options.only || s.name.includes(options.only));
  const jobs = scenarios.flatMap((scenario) =>
    Array.from({ length: options.runs }, (_, run) => async () => {
      const result = await runOnce(options, scenario, run);
      options.print(`  ${result.failure ? "failed" : "measured"}: ${scenario.name} (run ${run + 1})`);
      return { scenario, result };
    }),
  );
  // Interleaved, so the browsers running at once play different scenarios.
  const order = jobs.map((job, index) => ({ job, key: (index % options.runs) * jobs.length + index }));
  order.sort((a, b) => a.key - b.key);
  const done = await pool(
    order.map((o) => o.job),
    options.parallel,
  );

  const rows: (string | number)[][] = [];
  const figures = new Map<string, AccuracyFigures>();
  for (const scenario of scenarios) {
    const results = done.filter((d) => d.scenario === scenario).map((d) => d.result);
    const errors = results.flatMap((r) => r.errors);
    const abs = errors.map(Math.abs);
    if (abs.length > 0) {
      figures.set(scenario.name.replace(IDLE_HOOK_MARK, ""), {
        errorMedian: median(errors),
        absMedian: median(abs),
        absMax: Math.max(...abs),
      });
    }
    const stops = results.reduce((sum, r) => sum + r.workerStops, 0);
    const maxLoss = Math.max(0, ...errors.map((e) => -e));
    const failures = results.filter((r) => r.failure);
    const max = abs.length ? Math.max(...abs) : Number.NaN;
    rows.push([
      scenario.name,
      `${results.length - failures.length}/${results.length}`,
      abs.length ? fmt(median(results.flatMap((r) => r.truths))) : "–",
      abs.length ? fmt(median(results.flatMap((r) => r.measured))) : "–",
      abs.length ? fmt(median(abs)) : "–",
      fmt(max),
      stops > 0 ? `${stops} / ${fmt(maxLoss)}` : "–",
      !abs.length ? "no run" : max <= 0.5 && (stops === 0 || maxLoss <= STOPWATCH_RESOLUTION_S) ? "met" : "MISSED",
    ]);
    for (const failure of failures) options.print(`  ${scenario.name}: a run failed: ${failure.failure}`);
  }
  options.print(
    `\nAccuracy on the production build, seconds: ${options.runs} runs per scenario, ${options.parallel} browsers at once, fresh profile per run,\n` +
      `read from "Download my data". Goal: |error| max ≤ 0.5 s everywhere, 0 s lost on a worker stop (≤ ${STOPWATCH_RESOLUTION_S} s, the\n` +
      `stopwatch's resolution). Scenarios marked\n` +
      `[test build: idle hook] drive idle through the test build's hook (headless Chromium cannot go idle) and run there.\n` +
      `Before each scenario the person has opened the popup once, except in the first-visit row.\n`,
  );
  options.print(
    table(
      [
        "scenario",
        "runs ok",
        "truth med",
        "measured med",
        "|error| med",
        "|error| max",
        "worker stops / max lost",
        "goal",
      ],
      rows,
    ),
  );
  return figures;
}

/**
 * Worker starts while nothing is counted, scaled to an hour: the production build with the
 * browser open on a non-AI page, and with an AI page in a minimized (hidden) window. A
 * DevTools client attached to the worker keeps it alive, so this browser is driven over
 * `--remote-debugging-pipe` with target discovery only, never attached to the worker; starts
 * are the browser's own `Target.targetCreated` events for the extension's service worker,
 * counted after a minute for the start-up to settle.
 */
export async function benchIdleWakes(options: {
  hostResolverRules: string;
  minutes: number;
  print(text: string): void;
}): Promise<void> {
  const settleMs = 60_000;
  const cases = [
    { name: "non-AI page in front", url: "https://example.com/", minimize: false },
    { name: "AI page in a minimized window (hidden)", url: "https://chatgpt.com/", minimize: true },
  ];
  const counts = await Promise.all(
    cases.map(async (c) => {
      const profile = await mkdtemp(join(tmpdir(), "meter-wakes-"));
      const browser = launchOverPipe(profile, options.hostResolverRules, c.url);
      try {
        await hold(3000);
        if (c.minimize) {
          const { targetInfos } = (await browser.send("Target.getTargets")) as {
            targetInfos: { targetId: string; type: string; url: string }[];
          };
          const page = targetInfos.find((t) => t.type === "page" && t.url.startsWith(c.url));
          if (!page) throw new Error(`No page on ${c.url}`);
          const { windowId } = (await browser.send("Browser.getWindowForTarget", { targetId: page.targetId })) as {
            windowId: number;
          };
          await browser.send("Browser.setWindowBounds", { windowId, bounds: { windowState: "minimized" } });
        }
        let counting = false;
        let starts = 0;
        let stops = 0;
        const isWorker = (t: { type: string; url: string }) =>
          t.type === "service_worker" && t.url.startsWith(`chrome-extension://${EXTENSION_ID}/`);
        const workers = new Set<string>();
        browser.on((method, params) => {
          const info = (params as { targetInfo?: { targetId: string; type: string; url: string } }).targetInfo;
          if (method === "Target.targetCreated" && info && isWorker(info)) {
            workers.add(info.targetId);
            if (counting) starts += 1;
          }
          if (method === "Target.targetDestroyed" && counting) {
            if (workers.has((params as { targetId: string }).targetId)) stops += 1;
          }
        });
        await browser.send("Target.setDiscoverTargets", { discover: true });
        await hold(settleMs);
        counting = true;
        await hold(options.minutes * 60_000);
        return { starts, stops };
      } finally {
        await browser.close();
        await rm(profile, { recursive: true, force: true });
      }
    }),
  );
  options.print(
    `\nService worker starts while nothing is counted (production build, ${options.minutes} min after 1 min to settle;\n` +
      "browser driven over a DevTools pipe, never attached to the worker; starts are CDP Target.targetCreated events\n" +
      "for the worker, scaled to an hour)\n",
  );
  options.print(
    table(
      ["browser state", `starts in ${options.minutes} min`, "stops", "wakes per idle hour"],
      cases.map((c, i) => [
        c.name,
        counts[i]?.starts ?? 0,
        counts[i]?.stops ?? 0,
        fmt(((counts[i]?.starts ?? 0) * 60) / options.minutes, 1),
      ]),
    ),
  );
}

interface PipeBrowser {
  send(method: string, params?: object): Promise<unknown>;
  on(listener: (method: string, params: unknown) => void): void;
  close(): Promise<void>;
}

/** Chromium with the production build, driven over `--remote-debugging-pipe` (fd 3 in, fd 4 out, NUL-separated JSON). */
function launchOverPipe(profile: string, hostResolverRules: string, url: string): PipeBrowser {
  const extension = requireBuild(PRODUCTION_BUILD);
  const child = spawn(
    findChromium(),
    [
      `--user-data-dir=${profile}`,
      "--remote-debugging-pipe",
      `--load-extension=${extension}`,
      `--disable-extensions-except=${extension}`,
      `--host-resolver-rules=${hostResolverRules}`,
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
      "--headless",
      url,
    ],
    { stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"] },
  );
  const toBrowser = child.stdio[3] as Writable;
  const fromBrowser = child.stdio[4] as Readable;
  const listeners: ((method: string, params: unknown) => void)[] = [];
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 1;
  let buffered = "";
  fromBrowser.on("data", (chunk: Buffer) => {
    buffered += chunk.toString("utf8");
    for (let end = buffered.indexOf("\0"); end >= 0; end = buffered.indexOf("\0")) {
      const message = JSON.parse(buffered.slice(0, end));
      buffered = buffered.slice(end + 1);
      if (message.id !== undefined) {
        const pending = waiting.get(message.id);
        waiting.delete(message.id);
        if (message.error) pending?.reject(new Error(`${message.error.message}`));
        else pending?.resolve(message.result);
      } else {
        for (const listener of listeners) listener(message.method, message.params);
      }
    }
  });
  return {
    send(method, params = {}) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        toBrowser.write(`${JSON.stringify({ id, method, params })}\0`);
      });
    },
    on: (listener) => void listeners.push(listener),
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
