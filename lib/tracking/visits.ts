import { localDate } from "../time/local-date";
import type { Segment } from "./day-split";

/** A maximal run of engaged time on one tool; gaps shorter than the session gap are merged. */
export interface Visit {
  readonly toolId: string;
  /** Epoch ms of the first segment's start. */
  readonly start: number;
  /** Epoch ms of the last segment's end. */
  readonly end: number;
  /** Engaged ms inside the visit (excludes the gaps). */
  readonly activeMs: number;
  /** Local day the visit started on (YYYY-MM-DD); a visit counts on that day. */
  readonly date: string;
}

/**
 * The visit a new segment belongs to: the tool's latest visit, extended, when the segment
 * starts less than `gapMs` after it ended; otherwise a new visit.
 */
export function joinVisit<V extends Visit>(
  latest: V | undefined,
  segment: Segment,
  gapMs: number,
): { visit: V | Visit; isNew: boolean } {
  const length = segment.end - segment.start;
  if (
    latest &&
    latest.toolId === segment.toolId &&
    segment.start >= latest.start &&
    segment.start - latest.end < gapMs
  ) {
    return {
      visit: { ...latest, end: Math.max(latest.end, segment.end), activeMs: latest.activeMs + length },
      isNew: false,
    };
  }
  return {
    visit: {
      toolId: segment.toolId,
      start: segment.start,
      end: segment.end,
      activeMs: length,
      date: localDate(segment.start),
    },
    isNew: true,
  };
}
