import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeSites } from "../e2e/support/fake-sites";
import { measuredSeconds } from "../e2e/support/scenarios";
import { startWindowManager } from "../e2e/support/window-manager";
import { startXvfb } from "../e2e/support/xvfb";
import { FirefoxMeter } from "../e2e-firefox/support/firefox-meter";
import { FIREFOX_TEST_BUILD, requireFirefoxBuild } from "../e2e-firefox/support/paths";
import { startSiteProxy } from "../e2e-firefox/support/proxy";
import { FIREFOX_SCENARIOS } from "../e2e-firefox/support/scenarios";
import { median, table } from "./stats";

/** One browser's accuracy for one scenario, in seconds over all runs and tools. */
export interface AccuracyFigures {
  errorMedian: number;
  absMedian: number;
  absMax: number;
}

/**
 * Runs the Firefox accuracy scenarios (tests/e2e-firefox/support/scenarios.ts, the same
 * names as Chromium's) `runs` times each in a fresh profile, and returns the figures by
 * scenario name. `only` filters by name, as BENCH_ONLY does.
 */
export async function firefoxAccuracy(
  runs: number,
  only?: string,
  log: (line: string) => void = () => {},
): Promise<Map<string, AccuracyFigures>> {
  const sites = await startFakeSites();
  const proxy = await startSiteProxy(sites.port);
  const figures = new Map<string, AccuracyFigures>();
  try {
    for (const scenario of FIREFOX_SCENARIOS.filter((s) => !only || s.name.includes(only))) {
      const errors: number[] = [];
      for (let run = 0; run < runs; run++) {
        const profileDir = await mkdtemp(join(tmpdir(), "meter-bench-firefox-"));
        const display = scenario.windowed ? await startXvfb() : undefined;
        const windowManager = display ? await startWindowManager(display) : undefined;
        try {
          const meter = await FirefoxMeter.launch({
            extensionPath: requireFirefoxBuild(FIREFOX_TEST_BUILD),
            profileDir,
            proxyPort: proxy.port,
            downloadDir: join(profileDir, "downloads"),
            display,
            prefs: scenario.prefs,
          });
          try {
            const outcome = await scenario.run(meter);
            const got = measuredSeconds(outcome.data);
            for (const [tool, truth] of Object.entries(outcome.truth)) errors.push((got[tool] ?? 0) - truth);
          } finally {
            await meter.close();
          }
        } finally {
          await windowManager?.stop();
          await display?.stop();
          await rm(profileDir, { recursive: true, force: true });
        }
      }
      const abs = errors.map(Math.abs);
      figures.set(scenario.name, { errorMedian: median(errors), absMedian: median(abs), absMax: Math.max(...abs) });
      log(`  measured in Firefox: ${scenario.name}`);
    }
  } finally {
    await proxy.close();
    await sites.close();
  }
  return figures;
}

/**
 * The accuracy table with a column pair per browser: |error| median and max for Chromium and
 * Firefox. A scenario one browser does not run shows "–" there (Chromium's minimized-window
 * scenario runs headless, Firefox's runs in a real window, so both appear under one name).
 */
export function accuracyByBrowser(
  chromium: Map<string, AccuracyFigures>,
  firefox: Map<string, AccuracyFigures>,
  runs: number,
): string {
  const f = (n: number | undefined) => (n === undefined ? "–" : n.toFixed(3));
  const names = [...new Set([...chromium.keys(), ...firefox.keys()])];
  const rows = names.map((name) => [
    name,
    f(chromium.get(name)?.absMedian),
    f(chromium.get(name)?.absMax),
    f(firefox.get(name)?.absMedian),
    f(firefox.get(name)?.absMax),
  ]);
  return `\nAccuracy by browser, seconds (${runs} runs each; |error| = |measured − truth|)\n\n${table(
    ["scenario", "Chromium |err| med", "Chromium |err| max", "Firefox |err| med", "Firefox |err| max"],
    rows,
  )}`;
}
