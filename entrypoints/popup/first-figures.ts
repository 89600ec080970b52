import themeCss from "../../components/theme.css?inline";
import { type FirstRows, openForReading, readFirstRows } from "../../lib/db/week-read";
import { t } from "../../lib/platform/i18n";
import { readKeptCopy, usableKeptFigures } from "../../lib/platform/kept-figures";
import { OPEN_SEGMENT_KEYS, openSegmentViewOf, openToolOf } from "../../lib/platform/open-segment";
import { withUnrecordedTime } from "../../lib/stats/open-segment";
import { formatDuration, summarizeUsage, summaryStartDate } from "../../lib/stats/summary";
import { localDate } from "../../lib/time/local-date";
import { type FirstFigures, handFirstFigures } from "./handoff";
import popupCss from "./popup.css?inline";

// Issue 16: the popup's figures on screen about as fast as an empty page of the extension.
// This module is built on its own as popup-first.js, a classic script with no imports that
// popup.html runs from its <head>: the page fetches nothing else before the figures (no
// module graph, no stylesheet file). Its first statement starts the one read of session
// storage that gives the rows (the worker's copy, kept no older than the database; the
// database itself when there is none), and everything else it does (styles, labels, markup,
// compiling its own code) runs while that read is under way, so that only the figures are
// left once it answers. No message to the worker (which may have to start first). The rest of
// the popup (React, the database library, the charts) loads after the figures are painted and
// takes over with the same figures.

export type { FirstFigures } from "./handoff";

/** Today's and this week's totals from `rows`, the segment being measured now included. */
function figuresOf(rows: FirstRows, today: string, now: number): FirstFigures {
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

/**
 * The rows from the worker's copy (`copy`, the read already under way), kept no older than the
 * database, or from the database itself when there is none (the browser just started, or a
 * write is under way).
 */
async function readRows(copy: Promise<unknown>, since: string): Promise<FirstRows> {
  const rows = usableKeptFigures(await copy.catch(() => null), since) ?? (await readDatabaseRows(since));
  // Mark for the bench's breakdown: when the reads were done.
  performance.mark("popup-figures-read");
  return rows;
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
  // The one read first, before any other work, its dates included: its answer takes longer
  // than everything else below, which runs while it is under way.
  const copy = readKeptCopy();
  const rest = restOfPopup();
  const today = localDate(now);
  const reading = readRows(copy, summaryStartDate(today, 1));
  applyStyles();
  const figures = prepareFigures();
  // The figures of one empty row, computed and dropped: a function's code is compiled when it
  // is first called, so this compiles what the real figures run while the read is under way,
  // instead of after it.
  figuresOf(
    { days: [{ date: today, toolId: "", activeMs: 0, visits: 0 }], latestVisit: undefined, kept: {} },
    today,
    now,
  );
  const painted = reading
    .then(async (rows) => {
      const first = figuresOf(rows, today, now);
      await whenParsed();
      const root = document.getElementById("root");
      // Only over an empty page: never over the full popup, should it ever be there first.
      if (root && root.childElementCount === 0) root.replaceChildren(figures.show(first));
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

/** One total's card, its figures empty until `show`. */
function totalCard(testId: string, heading: string): { card: HTMLElement; duration: HTMLElement; visits: HTMLElement } {
  const duration = element("p", { class: "big" });
  const visits = element("p", { class: "muted" });
  return {
    card: element("div", { class: "card", "data-testid": testId }, element("h2", {}, heading), duration, visits),
    duration,
    visits,
  };
}

/** The figures' markup, built while the read is under way, and how to fill it in. */
export interface PreparedFigures {
  /** The markup with `first` in it, to put in the page. */
  show(first: FirstFigures): HTMLElement;
}

/**
 * The markup the full popup starts with (heading, status line, today and this week), so that
 * nothing moves when it takes over, with every label in place and the figures still empty.
 */
export function prepareFigures(): PreparedFigures {
  const today = totalCard("today-total", t("popupToday"));
  const week = totalCard("week-total", t("popupThisWeek"));
  const main = element(
    "main",
    {},
    element("header", { class: "status" }, element("h1", {}, t("extensionName"))),
    element("p", { class: "muted", "data-testid": "tracking-state" }, t("popupStatusLoading")),
    element(
      "section",
      { "aria-label": t("popupThisWeek"), "data-testid": "stats" },
      element("div", { class: "totals" }, today.card, week.card),
    ),
  );
  return {
    show(first) {
      const { today: day, week: days } = first.summary;
      today.duration.textContent = formatDuration(day.activeSeconds);
      today.visits.textContent = t("popupVisitsCount", String(day.visits));
      week.duration.textContent = formatDuration(days.activeSeconds);
      week.visits.textContent = t("popupVisitsCount", String(days.visits));
      return main;
    },
  };
}
