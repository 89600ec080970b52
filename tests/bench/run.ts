import { spawn } from "node:child_process";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeSites } from "../e2e/support/fake-sites";
import { Meter } from "../e2e/support/meter";
import { requireBuild, TEST_BUILD } from "../e2e/support/paths";
import { openTab } from "../e2e/support/scenarios";
import { hold } from "../e2e/support/truth";
import { startXvfb } from "../e2e/support/xvfb";
import { benchAccuracy, benchIdleWakes } from "./accuracy";
import { importBench, worstViewBench } from "./dashboard";
import { accuracyByBrowser, firefoxAccuracy } from "./firefox";
import { benchPopup, seedYear } from "./popup";
import { figureTable } from "./report";
import { benchSharing } from "./sharing";
import { sharingPageBench } from "./sharing-page";
import { median, percentile, table } from "./stats";

// Speed and accuracy figures, printed, never asserted. Accuracy and worker wakes run on the
// production build; latency, storage and the dashboard use the test build's hooks.
// BENCH_RUNS sets the runs per scenario (default 5); BENCH_ONLY filters scenarios by name;
// BENCH_PARALLEL the browsers at once for accuracy (default 3); BENCH_IDLE_MINUTES the idle period.

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ONLY = process.env.BENCH_ONLY;
const sites = await startFakeSites();

async function withMeter<T>(windowed: boolean, body: (meter: Meter, profile: string) => Promise<T>): Promise<T> {
  const profile = await mkdtemp(join(tmpdir(), "meter-bench-"));
  const display = windowed ? await startXvfb() : undefined;
  const wm = display
    ? spawn("openbox", ["--sm-disable"], { env: { ...process.env, DISPLAY: display.name }, stdio: "ignore" })
    : undefined;
  if (wm) await hold(300);
  const meter = await Meter.launch(
    {
      extensionPath: requireBuild(TEST_BUILD),
      userDataDir: profile,
      hostResolverRules: sites.hostResolverRules,
      display,
    },
    join(profile, "downloads"),
  );
  try {
    return await body(meter, profile);
  } finally {
    await meter.close();
    wm?.kill();
    await display?.stop();
    await rm(profile, { recursive: true, force: true });
  }
}

const fmt = (n: number, digits = 3) => n.toFixed(digits);
const print = (text: string) => process.stdout.write(`${text}\n`);

// BENCH_PARTS picks sections (accuracy, wakes, latency, storage, popup, dashboard, sharing); all by default.
const PARTS = new Set((process.env.BENCH_PARTS ?? "accuracy,wakes,latency,storage,popup,dashboard,sharing").split(","));

if (PARTS.has("accuracy")) {
  // 1. Accuracy on the production build, three browsers at once (tests/bench/accuracy.ts).
  const parallel = Number(process.env.BENCH_PARALLEL ?? 3);
  const chromium = await benchAccuracy({
    hostResolverRules: sites.hostResolverRules,
    runs: RUNS,
    parallel,
    only: ONLY,
    print,
  });
  // The same scenarios in Firefox, one browser at a time; BENCH_BROWSERS=chromium leaves it out.
  if ((process.env.BENCH_BROWSERS ?? "chromium,firefox").includes("firefox")) {
    print(accuracyByBrowser(chromium, await firefoxAccuracy(RUNS, ONLY, print), RUNS));
  }
}

if (PARTS.has("wakes")) {
  // Worker wakes while nothing is counted, on the production build.
  const minutes = Number(process.env.BENCH_IDLE_MINUTES ?? 4);
  await benchIdleWakes({ hostResolverRules: sites.hostResolverRules, minutes, print });
}

if (PARTS.has("latency")) {
  // 2. Latency: a tab event in the browser until its transition is durable.
  const latency = await withMeter(false, async (meter) => {
    const chat = await openTab(meter, "https://chatgpt.com/");
    const other = await openTab(meter, "https://example.com/");
    for (let i = 0; i < 100; i++) {
      await meter.activate(i % 2 ? other : chat);
      await hold(50);
    }
    await meter.session.flush();
    return meter.session.evaluateInWorker<{ type: string; ms: number }[]>("globalThis.__testHooks.latencies()");
  });
  const tabEvents = latency.filter((l) => l.type.startsWith("tab")).map((l) => l.ms);
  print(`\nService worker: tab event → durable write (${tabEvents.length} events)\n`);
  print(
    table(
      ["figure", "ms"],
      [
        ["median", fmt(median(tabEvents), 1)],
        ["p95", fmt(percentile(tabEvents, 95), 1)],
      ],
    ),
  );
}

if (PARTS.has("storage")) {
  // 3. Storage: a simulated year of heavy use, written through the real recording path.
  const year = await withMeter(false, async (meter, profile) => {
    const { visits, segments } = await seedYear(meter);
    const page = await meter.openInBackground("options.html");
    // Expressions, not functions: the runner's transpiler would add helpers the page lacks.
    const estimate = (await page.evaluate("navigator.storage.estimate()")) as { usage?: number };
    const rows = (await page.evaluate(`(async () => {
      const db = await new Promise((resolve) => { const open = indexedDB.open("ai-adoption-meter"); open.onsuccess = () => resolve(open.result); });
      const count = (name) => new Promise((resolve) => { const req = db.transaction(name).objectStore(name).count(); req.onsuccess = () => resolve(req.result); });
      return { visits: await count("visits"), days: await count("days") };
    })()`)) as { visits: number; days: number };
    await meter.close();
    const dir = join(profile, "Default", "IndexedDB");
    return { visits, segments, usage: estimate.usage ?? 0, onDisk: await directorySize(dir), rows };
  });
  const mb = (bytes: number) => bytes / 1024 / 1024;
  print(
    `\nIndexedDB after a simulated year (5 tools × 10 visits a day, ${year.visits} visits, ${year.segments} segments; rows: ${year.rows.visits} visits, ${year.rows.days} days)\n`,
  );
  print(
    figureTable([
      { name: "storage.estimate() usage", value: mb(year.usage), unit: "MB", digits: 2 },
      { name: "IndexedDB on disk", value: mb(year.onDisk), unit: "MB", goal: 5, digits: 2 },
    ]),
  );
}

if (PARTS.has("popup")) {
  const popup = await benchPopup(sites);
  print(`\n${popup.title}\n`);
  print(figureTable(popup.figures));
}

if (PARTS.has("dashboard")) {
  // 4. Team dashboard (tests/bench/dashboard.ts).
  worstViewBench({ withMeter, print });
  await importBench({ withMeter, print });
}

if (PARTS.has("sharing")) {
  // 5. Protected sharing in Node (tests/bench/sharing.ts); BENCH_SHARING_E2E_RUNS the 50 × 12 runs.
  await benchSharing({ runs: RUNS, print, endToEndRuns: Number(process.env.BENCH_SHARING_E2E_RUNS ?? 3) });
  // The employee's page in Chromium (tests/bench/sharing-page.ts).
  await sharingPageBench({ withMeter, print, runs: RUNS });
}

await sites.close();

async function directorySize(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => [])) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}
