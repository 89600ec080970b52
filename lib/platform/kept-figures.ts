import { browser } from "wxt/browser";
import type { DayRow, MeterDatabase } from "../db/database";
import { type FirstRows, readFirstRows } from "../db/week-read";
import {
  type KeptFigures,
  KEPT_FIGURES_VERSION,
  type KeptFiguresStore,
  trackingForFigures,
} from "../stats/kept-figures";
import type { LatestVisit } from "../stats/open-segment";
import { summaryStartDate } from "../stats/summary";
import { localDate } from "../time/local-date";
import { OPEN_SEGMENT_KEYS, openToolOf } from "./open-segment";

// The popup's copy of its first rows, in session storage (see lib/stats/kept-figures.ts).
// Session storage at its default access level is for the extension's own pages and worker
// alone (no content script reads or writes it), and the browser clears it when it closes.
// What is kept there is what the database holds anyway: daily totals per tool, the latest
// visit's times, the segment being measured (tool and times) and the session gap. No URL,
// no title, nothing else.

/** The session storage key of the copy. */
export const KEPT_FIGURES_KEY = "popupFigures";

/** The fields of the kept values that the open segment is read from: tool ids and times only. */
function reduceKept(kept: Record<string, unknown>): Record<string, unknown> {
  const gap = (source: unknown) => ({ sessionGapMin: (source as { sessionGapMin?: unknown } | null)?.sessionGapMin });
  return { tracking: trackingForFigures(kept.tracking), settings: gap(kept.settings), policy: gap(kept.policy) };
}

/** A latest visit reduced to the fields the figures use. */
function reduceVisit(visit: LatestVisit | undefined): LatestVisit | undefined {
  if (!visit) return undefined;
  const { toolId, start, end, activeMs, date } = visit;
  return { toolId, start, end, activeMs, date };
}

/** The worker's side: reads the rows from its database and keeps the copy in session storage. */
export function keptFiguresStore(db: MeterDatabase, now: () => number): KeptFiguresStore {
  return {
    async read() {
      await db.open();
      const since = summaryStartDate(localDate(now()), 1);
      const rows = await readFirstRows(db.backendDB(), since, OPEN_SEGMENT_KEYS, openToolOf);
      return {
        version: KEPT_FIGURES_VERSION,
        since,
        days: rows.days.map(({ date, toolId, activeMs, visits }) => ({ date, toolId, activeMs, visits })),
        latestVisit: reduceVisit(rows.latestVisit),
        kept: reduceKept(rows.kept),
      };
    },
    put: (figures) => browser.storage.session.set({ [KEPT_FIGURES_KEY]: figures }),
    remove: () => browser.storage.session.remove(KEPT_FIGURES_KEY),
  };
}

const isDay = (row: unknown): row is DayRow => {
  const { date, toolId, activeMs, visits } = (row ?? {}) as Record<string, unknown>;
  return (
    typeof date === "string" && typeof toolId === "string" && typeof activeMs === "number" && typeof visits === "number"
  );
};

const isVisit = (visit: unknown): visit is LatestVisit => {
  const { toolId, start, end, activeMs, date } = (visit ?? {}) as Record<string, unknown>;
  return (
    typeof toolId === "string" &&
    typeof start === "number" &&
    typeof end === "number" &&
    typeof activeMs === "number" &&
    typeof date === "string"
  );
};

/**
 * The copy as the popup may use it for the days from `since` (YYYY-MM-DD) on, or null when
 * there is none it can trust: missing, of another version, of another shape, or starting after
 * `since` (the clock went back, or the time zone moved the week). Checked by hand: the zod
 * library would cost the first paint more than the read.
 */
export function usableKeptFigures(stored: unknown, since: string): FirstRows | null {
  const figures = stored as Partial<KeptFigures> | null | undefined;
  if (!figures || figures.version !== KEPT_FIGURES_VERSION) return null;
  if (typeof figures.since !== "string" || figures.since > since) return null;
  if (!Array.isArray(figures.days) || !figures.days.every(isDay)) return null;
  if (figures.latestVisit !== undefined && !isVisit(figures.latestVisit)) return null;
  if (!figures.kept || typeof figures.kept !== "object") return null;
  return {
    days: figures.days.filter((day) => day.date >= since),
    latestVisit: figures.latestVisit as FirstRows["latestVisit"],
    kept: figures.kept,
  };
}

/**
 * The popup's side, raw: the one read of session storage, as stored (check it with
 * `usableKeptFigures`). Split from the check so that the popup can start it before anything
 * else, its dates included: the answer takes longer than all the rest of the first paint.
 */
export async function readKeptCopy(): Promise<unknown> {
  const stored = await browser.storage.session.get(KEPT_FIGURES_KEY);
  return stored[KEPT_FIGURES_KEY];
}

/** The popup's side: the copy for the days from `since` on, in one read, or null (see `usableKeptFigures`). */
export async function readKeptFigures(since: string): Promise<FirstRows | null> {
  return usableKeptFigures(await readKeptCopy(), since);
}
