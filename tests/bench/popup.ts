import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { KEPT_FIGURES_KEY } from "../../lib/platform/kept-figures";
import type { Segment } from "../../lib/tracking/day-split";
import { evaluateInTarget } from "../e2e/support/chromium-session";
import type { FakeSites } from "../e2e/support/fake-sites";
import { Meter } from "../e2e/support/meter";
import { PRODUCTION_BUILD, requireBuild, TEST_BUILD } from "../e2e/support/paths";
import type { Figure } from "./report";
import { median } from "./stats";

// The popup against an empty page of the same extension, opened in turn in one profile that
// holds a year of heavy use. An absolute time on a shared machine is noise; the ratio of two
// pages measured side by side in one run is not. Each page is opened twice over: as the toolbar
// popup, from the open being asked for to its text on screen, the way a person meets it; and
// in a tab, from the page's own navigation start, which leaves out everything the browser does
// to open a popup and so shows the page's own share.

/** A bare page: what any page of the extension costs before its own code. Added to a copy of the build only. */
export const BLANK_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Blank</title></head><body><p>0 min</p></body></html>
`;

/**
 * The least a page that shows stored figures can do, measured beside the other two: one classic
 * script, fetched once the HTML is in, that reads the popup's session-storage key once
 * (`KEPT_FIGURES_KEY`) and then writes its text. The popup's ratio to this page is what its
 * own code costs; this page's ratio to the empty page is the price of one script and one read.
 */
const ONE_READ_PAGE = {
  html: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>One read</title><script defer src="/one-read.js"></script></head><body><p></p></body></html>
`,
  script: `chrome.storage.session.get(${JSON.stringify(KEPT_FIGURES_KEY)}).then(() => { document.querySelector("p").textContent = "0 min"; });
`,
};

/** The pages the bench adds to its copy of the production build. */
async function addBenchPages(extension: string): Promise<void> {
  await writeFile(join(extension, PAGES.blank.path), BLANK_PAGE);
  await writeFile(join(extension, PAGES.oneRead.path), ONE_READ_PAGE.html);
  await writeFile(join(extension, "one-read.js"), ONE_READ_PAGE.script);
}

/**
 * Runs in a page before its own scripts. Notes when every element matching `selector` holds
 * text (the figures are in the page) and when the frame that shows them has been painted:
 * the first task after the next animation frame. Also the browser's own first contentful
 * paint: on the popup, the figures come with its first content. Times are ms from the start of
 * the navigation. `__measured` resolves once all three are known, so that the bench waits
 * with one call instead of asking the page again and again while it loads: any call into a
 * loading page runs on its main thread and can move its first frame (asked every 20 ms with
 * Playwright's evaluate, the empty page painted earlier than with nothing asked), so neither
 * page is asked anything until it has painted.
 */
function watchFigures(selector: string, count: number): string {
  return `(() => {
    let shownAt, paintedAt, contentfulAt, measured;
    globalThis.__measured = new Promise((resolve) => { measured = resolve; });
    const settle = () => { if (paintedAt !== undefined && contentfulAt !== undefined) measured([shownAt, paintedAt, contentfulAt]); };
    const shown = () => { const nodes = document.querySelectorAll(${JSON.stringify(selector)}); return nodes.length === ${count} && [...nodes].every((node) => node.textContent.trim() !== ""); };
    const done = () => {
      shownAt = performance.now();
      requestAnimationFrame(() => { const channel = new MessageChannel(); channel.port1.onmessage = () => { paintedAt = performance.now(); settle(); }; channel.port2.postMessage(0); });
    };
    new PerformanceObserver((list) => { for (const entry of list.getEntries()) if (entry.name === "first-contentful-paint") { contentfulAt = entry.startTime; settle(); } }).observe({ type: "paint", buffered: true });
    new MutationObserver((_, observer) => { if (shown()) { observer.disconnect(); done(); } }).observe(document, { childList: true, subtree: true, characterData: true });
  })()`;
}

/** What a person waits for on each page: the empty and one-read pages' text, the popup's today and week totals. */
export const PAGES = {
  blank: { path: "blank.html", selector: "p", count: 1 },
  oneRead: { path: "one-read.html", selector: "p", count: 1 },
  popup: {
    path: "popup.html",
    selector: '[data-testid="today-total"] .big, [data-testid="week-total"] .big',
    count: 2,
  },
} as const;

/** Visits a day in the seeded year: 5 tools × 10 visits, as in the storage figures. */
const TOOLS = ["chatgpt", "claude", "gemini", "copilot", "perplexity"];

/**
 * Seeds a year of heavy use up to today through the real recording path (the test build's
 * hook into `recordSegments`): 5 tools × 10 visits a day, each visit two segments with a
 * 2-minute gap. Returns the visits and segments written.
 */
export async function seedYear(meter: Meter): Promise<{ visits: number; segments: number }> {
  const day = 24 * 3600_000;
  // A year up to today, so the popup's last eight weeks are full.
  const first = new Date(Date.now() - 365 * day);
  first.setHours(8, 0, 0, 0);
  const start = first.getTime();
  let visits = 0;
  let segments = 0;
  for (let d = 0; d < 365; d++) {
    const batch: Segment[] = [];
    for (const [t, toolId] of TOOLS.entries()) {
      for (let v = 0; v < 10; v++) {
        const at = start + d * day + t * 7 * 60_000 + v * 50 * 60_000;
        batch.push(
          { toolId, start: at, end: at + 4 * 60_000 },
          { toolId, start: at + 6 * 60_000, end: at + 9 * 60_000 },
        );
        visits += 1;
      }
    }
    segments += batch.length;
    await meter.session.evaluateInWorker(`globalThis.__testHooks.seedSegments(${JSON.stringify(batch)}, 600000)`);
  }
  return { visits, segments };
}

/** One open of a page: ms from navigation start to the figures in the page, and to them painted. */
export interface Open {
  shown: number;
  painted: number;
  /** The browser's first contentful paint. */
  contentful: number;
  /** The page's HTML received in full (Navigation Timing's responseEnd). */
  htmlIn: number;
  /** The popup's own marks: its code began, the database was open, its reads were done. */
  codeStart?: number;
  dbOpen?: number;
  read?: number;
}

/** A page to open: its path in the extension, and the elements whose text a person waits for. */
export interface WatchedPage {
  path: string;
  selector: string;
  count: number;
}

export async function openOnce(meter: Meter, page: WatchedPage): Promise<Open> {
  const tab = await meter.session.context.newPage();
  await tab.addInitScript(watchFigures(page.selector, page.count));
  // Plain CDP, not page.evaluate: Playwright's evaluate first puts its own helper script into
  // the page, which would compile on the page's main thread while it loads.
  const cdp = await meter.session.context.newCDPSession(tab);
  try {
    // Nothing more is asked of the page until it has painted: no wait for its load event, one
    // call that the page answers once the figures are painted (asked again only while the
    // navigation has not committed and the call lands in the page before).
    await tab.goto(meter.session.extensionUrl(page.path), { waitUntil: "commit" });
    let measured: unknown;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${page.path}: the figures were not painted within 30 s`)), 30_000);
    });
    try {
      for (;;) {
        const { result } = await Promise.race([
          cdp.send("Runtime.evaluate", {
            expression: "globalThis.__measured ?? null",
            awaitPromise: true,
            returnByValue: true,
          }),
          timeout,
        ]);
        measured = result.value;
        if (Array.isArray(measured)) break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    } finally {
      clearTimeout(timer);
    }
    const [shown, painted, contentful] = measured as [number, number, number];
    const { result } = await cdp.send("Runtime.evaluate", {
      expression: `Object.fromEntries([
        ...performance.getEntriesByType("mark").map((mark) => [mark.name, mark.startTime]),
        ["html", performance.getEntriesByType("navigation")[0]?.responseEnd],
      ])`,
      returnByValue: true,
    });
    const marks = result.value as Record<string, number>;
    return {
      shown,
      painted,
      contentful,
      htmlIn: marks.html ?? Number.NaN,
      codeStart: marks["popup-code-start"],
      dbOpen: marks["popup-database-open"],
      read: marks["popup-figures-read"],
    };
  } finally {
    await cdp.detach().catch(() => {});
    await tab.close();
  }
}

/** One open through the toolbar: ms from the open being asked for to the page's first text on screen. */
export interface ToolbarOpen {
  /** Open asked for → the page's text (the popup's figures) presented on screen. */
  shown: number;
  /** Open asked for → the page's navigation start: the browser preparing the popup. */
  navigation: number;
}

/**
 * Opens `page` as the toolbar popup, the way a click on the extension's button does
 * (`action.openPopup`, asked of the worker over CDP, with the popup address set to the page
 * first), and reads afterwards, from the browser's own timeline, when its first text was on
 * screen. Nothing is asked of the popup while it loads: it is attached to only once it has
 * had time to paint, and its paint entries are buffered.
 *
 * The time is the first contentful paint (the frame presented) or, if later, the page turning
 * visible: a popup loads hidden and is shown once it has loaded. On the popup the first
 * contentful paint is the figures: #root is empty until first-figures.ts puts in the heading,
 * the labels and the figures at once. The page is checked to hold them.
 */
export async function openFromToolbar(meter: Meter, page: WatchedPage): Promise<ToolbarOpen> {
  const cdp = await meter.session.browser.newBrowserCDPSession();
  try {
    // The popup is the page target that was not there before the open.
    const before = new Set((await cdp.send("Target.getTargets")).targetInfos.map((t) => t.targetId));
    const requested = await askToOpen(meter, page);
    let targetId: string | undefined;
    for (const deadline = Date.now() + 30_000; targetId === undefined; ) {
      const { targetInfos } = await cdp.send("Target.getTargets");
      targetId = targetInfos.find(
        (t) => t.type === "page" && t.url.endsWith(`/${page.path}`) && !before.has(t.targetId),
      )?.targetId;
      if (targetId !== undefined) break;
      if (Date.now() > deadline) throw new Error(`${page.path}: no toolbar popup opened within 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const seen = await evaluateInTarget<{
      origin: number;
      contentful: number;
      visible: number | null;
      filled: boolean;
    }>(
      cdp,
      targetId,
      `new Promise((resolve) => {
        const selector = ${JSON.stringify(page.selector)};
        const filled = () => { const nodes = document.querySelectorAll(selector); return nodes.length === ${page.count} && [...nodes].every((node) => node.textContent.trim() !== ""); };
        new PerformanceObserver((list, observer) => {
          const paint = list.getEntries().find((entry) => entry.name === "first-contentful-paint");
          if (!paint) return;
          observer.disconnect();
          const visible = performance.getEntriesByType("visibility-state").find((entry) => entry.name === "visible");
          resolve({ origin: performance.timeOrigin, contentful: paint.startTime, visible: visible ? visible.startTime : null, filled: filled() });
        }).observe({ type: "paint", buffered: true });
      })`,
    );
    await cdp.send("Target.closeTarget", { targetId });
    if (!seen.filled) throw new Error(`${page.path}: the toolbar popup painted without its text`);
    if (seen.visible === null) throw new Error(`${page.path}: the toolbar popup was never shown`);
    const navigation = seen.origin - requested;
    return { shown: navigation + Math.max(seen.contentful, seen.visible), navigation };
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** Sets the toolbar popup to `page` and opens it; the wall-clock ms at which the open was asked for. */
function askToOpen(meter: Meter, page: WatchedPage): Promise<number> {
  // A worker target can be there a moment before the extension's API is.
  return meter.session.evaluateInWorker<number>(`(async () => {
    while (globalThis.chrome?.action === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
    await chrome.action.setPopup({ popup: ${JSON.stringify(page.path)} });
    const at = performance.timeOrigin + performance.now();
    await chrome.action.openPopup();
    return at;
  })()`);
}

/**
 * Gzipped bytes of the popup's scripts in the production build: those popup.html loads before
 * the figures, and all it can load (the rest of the popup and the charts, loaded later).
 */
async function popupScriptBytes(): Promise<{ upFront: number; all: number }> {
  const html = await readFile(join(PRODUCTION_BUILD, "popup.html"), "utf8");
  const upFront = [...html.matchAll(/ (?:src|href)="\/?([^"]+\.js)"/g)].map((m) => m[1] as string);
  // What popup-first.js loads once the figures are painted (entrypoints/popup/built-html.ts).
  const later = [...html.matchAll(/data-rest="\/?([^"]+\.js)"/g)].map((m) => m[1] as string);
  const size = async (file: string) => gzipSync(await readFile(join(PRODUCTION_BUILD, file))).byteLength;
  // Every chunk named in a loaded chunk (static imports and the dynamic ones) loads with it.
  const all = new Set<string>();
  const queue = [...upFront, ...later];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    if (all.has(file)) continue;
    all.add(file);
    const code = await readFile(join(PRODUCTION_BUILD, file), "utf8");
    for (const [, name] of code.matchAll(/"(?:\.\/|\/?chunks\/)([\w.-]+\.js)"/g)) queue.push(`chunks/${name}`);
  }
  let upFrontBytes = 0;
  for (const file of new Set(upFront)) upFrontBytes += await size(file);
  let allBytes = 0;
  for (const file of all) allBytes += await size(file);
  return { upFront: upFrontBytes, all: allBytes };
}

/** A profile with a year of heavy use, and the production build (plus the bench's pages) that will open it. */
export interface PopupProfile {
  /** The extension directory: a copy of the production build with the bench's pages beside popup.html. */
  extension: string;
  profile: string;
  downloads: string;
  visits: number;
}

/**
 * Seeds a year of heavy use through the test build's hook, then puts the production build in
 * the same extension directory: the same extension (the manifest key fixes the id) and the
 * same data, now opened the way a person meets it, with no test hook. The shipped build never
 * has the bench's pages; only this copy does.
 */
export async function preparePopupProfile(dir: string, sites: FakeSites): Promise<PopupProfile> {
  const extension = join(dir, "extension");
  const profile = join(dir, "profile");
  const downloads = join(dir, "downloads");
  const seededMark = join(dir, "seeded.json");
  await mkdir(dir, { recursive: true });
  // A profile seeded by an earlier run (BENCH_POPUP_PROFILE) gets only the new build.
  const earlier = await readFile(seededMark, "utf8").catch(() => null);
  if (earlier !== null) {
    await forgetWorkerScript(profile);
    await rm(extension, { recursive: true, force: true });
    await cp(requireBuild(PRODUCTION_BUILD), extension, { recursive: true });
    await addBenchPages(extension);
    return { extension, profile, downloads, visits: (JSON.parse(earlier) as { visits: number }).visits };
  }
  await cp(requireBuild(TEST_BUILD), extension, { recursive: true });
  const seeder = await Meter.launch(
    { extensionPath: extension, userDataDir: profile, hostResolverRules: sites.hostResolverRules },
    downloads,
  );
  let visits: number;
  try {
    ({ visits } = await seedYear(seeder));
    await seeder.session.flush();
  } finally {
    await seeder.close();
  }
  await forgetWorkerScript(profile);
  await rm(extension, { recursive: true, force: true });
  await cp(requireBuild(PRODUCTION_BUILD), extension, { recursive: true });
  await addBenchPages(extension);
  await writeFile(seededMark, JSON.stringify({ visits }));
  return { extension, profile, downloads, visits };
}

/**
 * Drops the profile's registered service workers. The browser keeps the worker's script in the
 * profile and, for an unpacked extension whose version has not changed, goes on running that
 * copy: without this, the production build's pages would run beside the seeding test build's
 * worker (or an earlier build's). Registered again from the extension's files at the next start.
 */
async function forgetWorkerScript(profile: string): Promise<void> {
  await rm(join(profile, "Default", "Service Worker"), { recursive: true, force: true });
}

/** Starts the production build on a prepared profile. */
export function launchPopupProfile(prepared: PopupProfile, sites: FakeSites): Promise<Meter> {
  return Meter.launchProduction(
    { extensionPath: prepared.extension, userDataDir: prepared.profile, hostResolverRules: sites.hostResolverRules },
    prepared.downloads,
  );
}

/**
 * Opens each of `pages` once unrecorded, then `opens` rounds of all of them, in a different
 * order each round so that no page always follows the same one; what each open gave, by page.
 */
async function inTurn<T>(
  pages: readonly WatchedPage[],
  opens: number,
  open: (page: WatchedPage) => Promise<T>,
): Promise<Map<WatchedPage, T[]>> {
  for (const page of pages) await open(page);
  const opened = new Map<WatchedPage, T[]>(pages.map((page) => [page, []]));
  for (let i = 0; i < opens; i++) {
    for (let k = 0; k < pages.length; k++) {
      const page = pages[(k + i) % pages.length] as WatchedPage;
      opened.get(page)?.push(await open(page));
    }
  }
  return opened;
}

/**
 * The popup figures: open → today and week totals on screen, against an empty page of the same
 * extension and a page with one script and one read, `opens` times each, in turn, after one
 * unrecorded warm-up of each, on the production build: as the toolbar popup, then in a tab.
 */
export async function benchPopup(
  sites: FakeSites,
  opens = Number(process.env.BENCH_POPUP_OPENS ?? 9),
): Promise<{ title: string; figures: Figure[] }> {
  // BENCH_POPUP_PROFILE keeps the seeded profile in a directory for the next run (its year
  // then ends on the day it was seeded); by default every run seeds a fresh one.
  const kept = process.env.BENCH_POPUP_PROFILE;
  const dir = kept ?? (await mkdtemp(join(tmpdir(), "meter-bench-popup-")));
  const prepared = await preparePopupProfile(dir, sites);
  const meter = await launchPopupProfile(prepared, sites);
  try {
    const seeded = { visits: prepared.visits };
    const pages = [PAGES.blank, PAGES.popup, PAGES.oneRead];
    const measured = await inTurn(pages, opens, (page) => openOnce(meter, page));
    // The same pages as the toolbar popup. Each popup gets a renderer of its own, started when
    // it opens (about 230–270 ms here before its navigation starts, for every page alike),
    // even with another page of the extension open in a tab; only a popup opened within about
    // 50 ms of the last one closing finds that one's renderer still there and starts in about
    // 10 ms. A person does not open the popup that fast, so the opens are half a second apart,
    // and any open that still found a renderer is counted below.
    const fromToolbar = await inTurn(pages, opens, async (page) => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      return openFromToolbar(meter, page);
    });
    await meter.session.evaluateInWorker(`chrome.action.setPopup({ popup: ${JSON.stringify(PAGES.popup.path)} })`);
    const toolbar = (page: WatchedPage, pick: (o: ToolbarOpen) => number) => {
      const values = (fromToolbar.get(page) ?? []).map(pick);
      return { value: median(values), max: Math.max(...values) };
    };
    const toolbarBlank = toolbar(PAGES.blank, (o) => o.shown);
    const toolbarPopup = toolbar(PAGES.popup, (o) => o.shown);
    const toolbarOneRead = toolbar(PAGES.oneRead, (o) => o.shown);
    // The popup and the empty page of each round: the ratio of each pair, for the worst case.
    const toolbarPairs = (fromToolbar.get(PAGES.popup) ?? []).map(
      (o, i) => o.shown / (fromToolbar.get(PAGES.blank)?.[i]?.shown ?? Number.NaN),
    );
    const foundRenderer = [...fromToolbar.values()].flat().filter((o) => o.navigation < 100).length;
    const toolbarFigures: Figure[] = [
      { name: "toolbar, empty page: open → text on screen, ms", ...toolbarBlank, unit: "" },
      { name: "toolbar, popup: open → today and week on screen, ms", ...toolbarPopup, unit: "" },
      { name: "toolbar, one script and one read: open → text on screen, ms", ...toolbarOneRead, unit: "" },
      {
        name: "toolbar, popup: open → its navigation starts, ms",
        ...toolbar(PAGES.popup, (o) => o.navigation),
        unit: "",
      },
      { name: "toolbar: opens that found a renderer still there", value: foundRenderer, unit: "", digits: 0 },
      {
        name: "toolbar: popup ÷ empty page (medians; max: worst pair)",
        value: toolbarPopup.value / toolbarBlank.value,
        max: Math.max(...toolbarPairs),
        unit: "×",
        goal: 1.2,
        digits: 2,
      },
      {
        name: "toolbar: one script and one read ÷ empty page",
        value: toolbarOneRead.value / toolbarBlank.value,
        unit: "×",
        digits: 2,
      },
    ];
    const blank = measured.get(PAGES.blank) ?? [];
    const popup = measured.get(PAGES.popup) ?? [];
    const oneRead = measured.get(PAGES.oneRead) ?? [];
    const blankMs = median(blank.map((o) => o.painted));
    const popupMs = median(popup.map((o) => o.painted));
    const oneReadMs = median(oneRead.map((o) => o.painted));
    // The popup and the empty page of each round: the ratio of each pair, for the worst case.
    const pairRatios = popup.map((o, i) => o.painted / (blank[i]?.painted ?? Number.NaN));
    const popupJs = await popupScriptBytes();
    return {
      title: `Popup with a year of heavy use (${seeded.visits} visits), ${opens} opens each, in turn with an empty page of the extension and a page with one script and one read: as the toolbar popup, then in a tab`,
      figures: [
        ...toolbarFigures,
        {
          name: "tab, empty page: navigation → text painted, ms",
          value: blankMs,
          max: Math.max(...blank.map((o) => o.painted)),
          unit: "",
        },
        {
          name: "tab, popup: navigation → today and week painted, ms",
          value: popupMs,
          max: Math.max(...popup.map((o) => o.painted)),
          unit: "",
        },
        {
          name: "tab, one script and one read: navigation → text painted, ms",
          value: oneReadMs,
          max: Math.max(...oneRead.map((o) => o.painted)),
          unit: "",
        },
        // Where the popup's time goes in the tab, untraced: each step's median and worst.
        ...(
          [
            ["tab, empty page: navigation → HTML received", blank, (o) => o.htmlIn],
            ["tab, empty page: navigation → text in the page", blank, (o) => o.shown],
            ["tab, popup: navigation → HTML received", popup, (o) => o.htmlIn],
            ["tab, popup: navigation → its code runs", popup, (o) => o.codeStart],
            ["tab, popup: navigation → database open", popup, (o) => o.dbOpen],
            ["tab, popup: navigation → its reads done", popup, (o) => o.read],
            ["tab, popup: navigation → figures in the page", popup, (o) => o.shown],
          ] as [string, Open[], (o: Open) => number | undefined][]
        ).map(([name, opens, pick]): Figure => {
          const values = opens.map((o) => pick(o) ?? Number.NaN);
          return { name: `${name}, ms`, value: median(values), max: Math.max(...values), unit: "" };
        }),
        // The page's own share: the floor is the page with one script and one session read,
        // the least a page showing stored figures does.
        {
          name: "tab: popup ÷ empty page (medians; max: worst pair)",
          value: popupMs / blankMs,
          max: Math.max(...pairRatios),
          unit: "×",
          digits: 2,
        },
        { name: "tab: one script and one read ÷ empty page", value: oneReadMs / blankMs, unit: "×", digits: 2 },
        { name: "tab: popup ÷ one script and one read", value: popupMs / oneReadMs, unit: "×", digits: 2 },
        {
          name: "tab: popup ÷ empty page, first contentful paint",
          value: median(popup.map((o) => o.contentful)) / median(blank.map((o) => o.contentful)),
          max: Math.max(...popup.map((o, i) => o.contentful / (blank[i]?.contentful ?? Number.NaN))),
          unit: "×",
          digits: 2,
        },
        { name: "popup JS before the figures, gzipped, KB", value: popupJs.upFront / 1024, unit: "" },
        { name: "popup JS in all (charts included), gzipped, KB", value: popupJs.all / 1024, unit: "", goal: 200 },
      ],
    };
  } finally {
    await meter.close();
    if (!kept) await rm(dir, { recursive: true, force: true });
  }
}
