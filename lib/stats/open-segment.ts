import type { DayRow } from "../db/database";
import { localDate } from "../time/local-date";
import { type Segment, splitAtLocalMidnight } from "../tracking/day-split";
import type { OpenSegment } from "../tracking/engagement";
import { joinVisit } from "../tracking/visits";

/** The one visit of a tool that an open segment may extend: its latest, as stored. */
export interface LatestVisit {
  toolId: string;
  /** Epoch ms. */
  start: number;
  /** Epoch ms. */
  end: number;
  /** Engaged ms. */
  activeMs: number;
  /** Local day it started on, YYYY-MM-DD. */
  date: string;
}

/**
 * The daily totals as they will read once the segment being measured now closes: the open
 * segment's time up to `now` (epoch ms), cut at local midnights, is added to its days, and a
 * visit is counted where it starts one. Only time after the end of the tool's latest stored
 * visit is added, the same rule recording uses, so a segment that was recorded while its
 * state still reads as open is never counted twice. `sessionGapMs` is the gap that merges
 * runs into one visit.
 */
export function withOpenSegment(
  days: readonly DayRow[],
  open: Pick<OpenSegment, "toolId" | "start" | "lastSeen"> | null,
  latest: LatestVisit | undefined,
  now: number,
  sessionGapMs: number,
): DayRow[] {
  return withUnrecordedTime(days, [], open, latest, now, sessionGapMs);
}

/**
 * As `withOpenSegment`, with the segments closed but not recorded yet added first, in time
 * order: in the first seconds after install they wait for the organization's policy, and the
 * person's own figures show them meanwhile.
 */
export function withUnrecordedTime(
  days: readonly DayRow[],
  unrecorded: readonly Segment[],
  open: Pick<OpenSegment, "toolId" | "start" | "lastSeen"> | null,
  latest: LatestVisit | undefined,
  now: number,
  sessionGapMs: number,
): DayRow[] {
  const rows = new Map(days.map((day) => [`${day.date}|${day.toolId}`, { ...day }]));
  const latestByTool = new Map<string, LatestVisit>(latest ? [[latest.toolId, latest]] : []);
  const segments = [...unrecorded].sort((a, b) => a.start - b.start);
  if (open) segments.push({ toolId: open.toolId, start: open.start, end: now });
  for (const next of segments) {
    const before = latestByTool.get(next.toolId);
    const start = Math.max(next.start, before?.end ?? next.start);
    if (next.end <= start) continue;
    const segment = { toolId: next.toolId, start, end: next.end };
    const { visit, isNew } = joinVisit(before, segment, sessionGapMs);
    latestByTool.set(next.toolId, visit);
    for (const [index, piece] of splitAtLocalMidnight(segment).entries()) {
      const date = localDate(piece.start);
      const key = `${date}|${next.toolId}`;
      const row = rows.get(key) ?? { date, toolId: next.toolId, activeMs: 0, visits: 0 };
      row.activeMs += piece.end - piece.start;
      if (index === 0 && isNew) row.visits += 1;
      rows.set(key, row);
    }
  }
  return [...rows.values()];
}

/** The session gap in force, in ms, from the stored settings and the stored copy of the policy, unparsed. */
export function sessionGapMsOf(userSettings: unknown, policy: unknown): number {
  // The same range settings and policy accept (1–240 minutes); a value outside it falls back,
  // as it does when either is parsed in full.
  const minutes = (source: unknown) => {
    const value = (source as { sessionGapMin?: unknown } | null | undefined)?.sessionGapMin;
    return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 240 ? value : undefined;
  };
  return (minutes(policy) ?? minutes(userSettings) ?? DEFAULT_SESSION_GAP_MIN) * 60_000;
}

/** The default session gap, minutes (as in the settings' defaults). */
export const DEFAULT_SESSION_GAP_MIN = 10;

/**
 * Visits with the segments not recorded yet joined in, by the same session-gap rule as
 * recording: what "Download my data" holds while the first seconds after install wait for
 * the organization's policy. Ids are left out; these visits are not stored yet.
 */
export function withUnrecordedVisits<V extends LatestVisit>(
  visits: readonly V[],
  unrecorded: readonly Segment[],
  sessionGapMs: number,
): (V | LatestVisit)[] {
  const result: (V | LatestVisit)[] = [...visits];
  for (const segment of [...unrecorded].sort((a, b) => a.start - b.start)) {
    let index = -1;
    for (let i = result.length - 1; i >= 0; i--) {
      if (result[i]?.toolId === segment.toolId) {
        index = i;
        break;
      }
    }
    const latest = index >= 0 ? result[index] : undefined;
    const start = Math.max(segment.start, latest?.end ?? segment.start);
    if (segment.end <= start) continue;
    const { visit, isNew } = joinVisit(latest, { ...segment, start }, sessionGapMs);
    if (isNew || index < 0) result.push(visit);
    else result[index] = visit;
  }
  return result;
}
