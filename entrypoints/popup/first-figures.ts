import themeCss from "../../components/theme.css?inline";
import { type FirstRows, openForReading, readFirstRows } from "../../lib/db/week-read";
import { t } from "../../lib/platform/i18n";
import { readKeptFigures } from "../../lib/platform/kept-figures";
import { OPEN_SEGMENT_KEYS, openSegmentViewOf, openToolOf } from "../../lib/platform/open-segment";
import { withUnrecordedTime } from "../../lib/stats/open-segment";
import { formatDuration, summarizeUsage, summaryStartDate } from "../../lib/stats/summary";
import { localDate } from "../../lib/time/local-date";
import { type FirstFigures, handFirstFigures } from "./handoff";
import popupCss from "./popup.css?inline";

// Issue 16: the popup's figures on screen about as fast as an empty page of the extension.
// This module is built on its own as popup-first.js, a classic script with no imports that
// popup.html runs from its <head>: the page fetches nothing else before the figures (no
// module graph, no stylesheet file), and the database open starts before the body is even
// parsed. One IndexedDB open and one read-only transaction give today's and this week's
// totals, the segment being measured now included; no message to the worker (which may have
// to start first). The rest of the popup (React, the database library, the charts) loads
// after the figures are painted and takes over with the same figures.

export type { FirstFigures } from "./handoff";

/** Reads today's and this week's totals; null when they cannot be read this way. */
export async function readFirstFigures(now: number): Promise<FirstFigures | null> {
  const today = localDate(now);
  const since = summaryStartDate(today, 1);
  // The worker's copy of these rows, kept no older than the database, in one small read; the
  // database itself when there is none (the browser just started, or a write is under way).
  const rows = (await readKeptFigures(since).catch(() => null)) ?? (await readDatabaseRows(since));
  // Mark for the bench's breakdown: when the reads were done.
  performance.mark("popup-figures-read");
  const segment = openSegmentViewOf(rows.kept);
  const days = withUnrecordedTime(
    rows.days,
    segment.unrecorded,
    segment.open,
    rows.latestVisit,
    now,
    segment.sessionGapMs,
  );
  return { today, summary: summarizeUsage(days, [], today, 1) };
}

/** The same rows read from the database itself. */
async function readDatabaseRows(since: string): Promise<FirstRows> {
  const db = await openForReading(indexedDB);
  // Mark for the bench's breakdown: when the database was open (only where it was read).
  performance.mark("popup-database-open");
  if (!db) return { days: [], latestVisit: undefined, kept: {} };
  return readFirstRows(db, since, OPEN_SEGMENT_KEYS, openToolOf).finally(() => db.close());
}

/** The popup's styles, the same rules its stylesheets hold, applied without fetching a file. */
function applyStyles(): void {
  // A constructed stylesheet is not an inline <style>, so the pages' strict CSP allows it.
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(`${themeCss}\n${popupCss}`);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

/** The document's body, once the parser has reached #root. */
function whenParsed(): Promise<void> {
  if (document.readyState !== "loading") return Promise.resolve();
  return new Promise((resolve) => document.addEventListener("DOMContentLoaded", () => resolve(), { once: true }));
}

/**
 * Runs from popup.html's <head>: reads the figures, applies the styles meanwhile, paints the
 * figures into #root, hands them to the rest of the popup (see `firstFiguresPainted`) and,
 * once the frame with them is painted, loads that rest (`restOfPopup`).
 */
export function startFirstPaint(now: number): void {
  // Mark for the bench's breakdown: when this code began.
  performance.mark("popup-code-start");
  const rest = restOfPopup();
  // The read first: the styles and the strings are ready while it is under way.
  const reading = readFirstFigures(now);
  applyStyles();
  const painted = reading
    .then(async (first) => {
      await whenParsed();
      const root = document.getElementById("root");
      // Only over an empty page: never over the full popup, should it ever be there first.
      if (root && first && root.childElementCount === 0) paintFirstFigures(root, first);
      return first;
    })
    .catch((error: unknown) => {
      // The full popup reads everything again and shows any failure in its own place.
      console.error("[popup]", error);
      return null;
    });
  handFirstFigures(painted);
  if (rest) void painted.then(afterNextFrame).then(() => loadModule(rest));
}

/**
 * The module with the rest of the popup (React, the database library, the charts), which the
 * production build names in this script's `data-rest` instead of loading it from popup.html:
 * fetched beside this script, it would slow this one down. Null where popup.html loads it
 * itself (the development server).
 */
function restOfPopup(): string | null {
  const script = document.currentScript;
  return script instanceof HTMLScriptElement ? (script.dataset.rest ?? null) : null;
}

/** Resolves once the frame now being prepared is painted; at once on a page that is not shown. */
function afterNextFrame(): Promise<void> {
  if (document.visibilityState !== "visible") return Promise.resolve();
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

function loadModule(src: string): void {
  const script = document.createElement("script");
  script.type = "module";
  script.src = src;
  document.head.append(script);
}

function element(tag: string, attributes: Record<string, string>, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function totalCard(testId: string, heading: string, activeSeconds: number, visits: number): HTMLElement {
  return element(
    "div",
    { class: "card", "data-testid": testId },
    element("h2", {}, heading),
    element("p", { class: "big" }, formatDuration(activeSeconds)),
    element("p", { class: "muted" }, t("popupVisitsCount", String(visits))),
  );
}

/**
 * Shows the figures in `root` with the markup the full popup starts with (heading, status
 * line, today and this week), so that nothing moves when it takes over.
 */
export function paintFirstFigures(root: HTMLElement, first: FirstFigures): void {
  const { today, week } = first.summary;
  root.replaceChildren(
    element(
      "main",
      {},
      element("header", { class: "status" }, element("h1", {}, t("extensionName"))),
      element("p", { class: "muted", "data-testid": "tracking-state" }, t("popupStatusLoading")),
      element(
        "section",
        { "aria-label": t("popupThisWeek"), "data-testid": "stats" },
        element(
          "div",
          { class: "totals" },
          totalCard("today-total", t("popupToday"), today.activeSeconds, today.visits),
          totalCard("week-total", t("popupThisWeek"), week.activeSeconds, week.visits),
        ),
      ),
    ),
  );
}
