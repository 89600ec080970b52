import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeSites } from "../e2e/support/fake-sites";
import type { Meter } from "../e2e/support/meter";
import { launchPopupProfile, type Open, openOnce, PAGES, preparePopupProfile } from "./popup";
import { median, table } from "./stats";

// Where the popup's time goes, beside the empty page's: a browser trace of each open, in the
// bench's profile (a year of heavy use, the production build), read back as phases of the
// page's main thread and its resource loads. A tool to look with, not a figure to hold:
// tracing slows everything a little, so the bench's ratio comes from tests/bench/popup.ts.
// `npm run build && npm run build:e2e && npx tsx tests/bench/popup-trace.ts [opens]`;
// POPUP_TRACE_DUMP=dir keeps the raw traces.

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: Record<string, unknown>; [key: string]: unknown };
}

const CATEGORIES = [
  "devtools.timeline",
  "disabled-by-default-devtools.timeline",
  "blink.user_timing",
  "loading",
  "v8.execute",
  "blink",
  "navigation",
];

async function traced(
  meter: Meter,
  page: (typeof PAGES)[keyof typeof PAGES],
): Promise<{ open: Open; events: TraceEvent[] }> {
  const cdp = await meter.session.browser.newBrowserCDPSession();
  const events: TraceEvent[] = [];
  cdp.on("Tracing.dataCollected", ({ value }) => events.push(...(value as unknown as TraceEvent[])));
  const complete = new Promise<void>((resolve) => cdp.once("Tracing.tracingComplete", () => resolve()));
  await cdp.send("Tracing.start", { traceConfig: { includedCategories: CATEGORIES }, transferMode: "ReportEvents" });
  const open = await openOnce(meter, page);
  await cdp.send("Tracing.end");
  await complete;
  await cdp.detach();
  return { open, events };
}

/** One phase of one open, in ms from the page's navigation start. */
interface Phase {
  what: string;
  start: number;
  end: number;
}

/** The main thread's work and the page's loads, from a trace of one open of `path`. */
function phases(events: TraceEvent[], path: string): Phase[] {
  const start = events.find(
    (e) => e.name === "navigationStart" && String(e.args?.data?.documentLoaderURL ?? "").endsWith(path),
  );
  if (!start) return [];
  const t0 = start.ts;
  const ms = (ts: number) => (ts - t0) / 1000;
  const main = events.filter((e) => e.pid === start.pid && e.tid === start.tid);
  const out: Phase[] = [];
  // Top-level slices of the renderer's main thread: the tasks and what they ran.
  const named = new Set([
    "ParseHTML",
    "EvaluateScript",
    "v8.compileModule",
    "v8.evaluateModule",
    "v8.compile",
    "ParseAuthorStyleSheet",
    "UpdateLayoutTree",
    "Layout",
    "Paint",
    "PrePaint",
    "Layerize",
    "FunctionCall",
    "FireAnimationFrame",
    "TimerFire",
    "RunMicrotasks",
    "Commit",
    "CommitLoad",
    "ResourceReceivedData",
  ]);
  for (const e of main) {
    if (e.ph !== "X" || e.dur === undefined || !named.has(e.name)) continue;
    if (ms(e.ts) < -50 || ms(e.ts) > 400) continue;
    const data = e.args?.data ?? {};
    const url = String(data.url ?? data.functionName ?? "").replace(/^chrome-extension:\/\/[a-z]+\//, "");
    out.push({ what: `${e.name}${url ? ` ${url}` : ""}`, start: ms(e.ts), end: ms(e.ts + e.dur) });
  }
  // The loads, wherever their events are emitted.
  const sent = new Map<string, { url: string; ts: number }>();
  for (const e of events) {
    const data = e.args?.data ?? {};
    const id = String(data.requestId ?? "");
    if (e.name === "ResourceSendRequest" && e.pid === start.pid) {
      sent.set(id, { url: String(data.url ?? "").replace(/^chrome-extension:\/\/[a-z]+\//, ""), ts: e.ts });
    }
    if (e.name === "ResourceFinish" && sent.has(id)) {
      const request = sent.get(id) as { url: string; ts: number };
      out.push({ what: `load ${request.url}`, start: ms(request.ts), end: ms(e.ts) });
    }
  }
  for (const e of events) {
    if (e.pid !== start.pid) continue;
    if (e.cat.includes("blink.user_timing") && (e.name.startsWith("popup-") || e.name === "firstContentfulPaint")) {
      out.push({ what: `mark ${e.name}`, start: ms(e.ts), end: ms(e.ts) });
    }
    if (e.name === "firstContentfulPaint" || e.name === "MarkDOMContent" || e.name === "MarkLoad") {
      out.push({ what: `mark ${e.name}`, start: ms(e.ts), end: ms(e.ts) });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

const opens = Number(process.argv[2] ?? 3);
const sites = await startFakeSites();
// BENCH_POPUP_PROFILE reuses (or keeps) the seeded profile, as for the bench.
const kept = process.env.BENCH_POPUP_PROFILE;
const dir = kept ?? (await mkdtemp(join(tmpdir(), "meter-popup-trace-")));
const dump = process.env.POPUP_TRACE_DUMP;
try {
  const prepared = await preparePopupProfile(dir, sites);
  const meter = await launchPopupProfile(prepared, sites);
  try {
    await openOnce(meter, PAGES.blank);
    await openOnce(meter, PAGES.popup);
    const painted: Record<string, number[]> = { blank: [], popup: [] };
    for (let i = 0; i < opens; i++) {
      for (const key of ["blank", "popup"] as const) {
        const page = PAGES[key];
        const { open, events } = await traced(meter, page);
        painted[key]?.push(open.painted);
        if (dump) await writeFile(join(dump, `${key}-${i}.json`), JSON.stringify({ traceEvents: events }));
        process.stdout.write(
          `\n${key} #${i + 1}: shown ${open.shown.toFixed(1)} ms, painted ${open.painted.toFixed(1)} ms, FCP ${open.contentful.toFixed(1)} ms${open.codeStart === undefined ? "" : `, code ${open.codeStart.toFixed(1)} ms, read ${open.read?.toFixed(1)} ms`}\n`,
        );
        process.stdout.write(
          `${table(
            ["phase", "from ms", "to ms"],
            phases(events, page.path)
              .filter((p) => p.end - p.start >= 0.2 || p.what.startsWith("mark") || p.what.startsWith("load"))
              .map((p) => [p.what.slice(0, 70), p.start.toFixed(1), p.end.toFixed(1)]),
          )}\n`,
        );
      }
    }
    process.stdout.write(
      `\nmedian painted (traced): blank ${median(painted.blank ?? []).toFixed(1)} ms, popup ${median(painted.popup ?? []).toFixed(1)} ms\n`,
    );
  } finally {
    await meter.close();
  }
} finally {
  await sites.close();
  if (!kept) await rm(dir, { recursive: true, force: true });
}
