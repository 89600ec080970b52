import { openForReading, readWeekRows } from "../../lib/db/week-read";
import { t } from "../../lib/platform/i18n";
import { readOpenSegment } from "../../lib/platform/open-segment";
import { withUnrecordedTime } from "../../lib/stats/open-segment";
import { formatDuration, summarizeUsage, summaryStartDate, type UsageSummary } from "../../lib/stats/summary";
import { localDate } from "../../lib/time/local-date";

// Issue 16: the popup's figures on screen about as fast as an empty page of the extension.
// This module is all the page loads before it paints them: no React, no database library, no
// message to the worker (which may have to start first). One storage read and one IndexedDB
// read give today's and this week's totals, the segment being measured now included; the
// rest of the popup loads after they are painted and takes over with the same figures.

/** Today's and this week's totals as first shown, for the full popup to start from. */
export interface FirstFigures {
  /** Local date they are for, YYYY-MM-DD. */
  today: string;
  summary: Pick<UsageSummary, "today" | "week">;
}

/** Reads today's and this week's totals; null when they cannot be read this way. */
export async function readFirstFigures(now: number): Promise<FirstFigures | null> {
  const today = localDate(now);
  // Marks for the bench's breakdown: when this code began and when its reads were done.
  performance.mark("popup-code-start");
  const [segment, db] = await Promise.all([readOpenSegment(), openForReading(indexedDB)]);
  const rows = db
    ? await readWeekRows(db, summaryStartDate(today, 1), segment.open?.toolId ?? null).finally(() => db.close())
    : { days: [], latestVisit: undefined };
  performance.mark("popup-figures-read");
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
