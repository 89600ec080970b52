import { nextLocalMidnight } from "../time/local-date";

/** A closed span of engaged time on one tool, in epoch milliseconds. */
export interface Segment {
  readonly toolId: string;
  /** Epoch ms, inclusive. */
  readonly start: number;
  /** Epoch ms, exclusive; always greater than start. */
  readonly end: number;
}

/**
 * Cuts a segment at every local midnight it crosses, so each piece lies within one
 * calendar day. The pieces are contiguous and their lengths sum to the original length.
 */
export function splitAtLocalMidnight(segment: Segment): Segment[] {
  const pieces: Segment[] = [];
  let start = segment.start;
  while (start < segment.end) {
    const end = Math.min(segment.end, nextLocalMidnight(start));
    pieces.push({ toolId: segment.toolId, start, end });
    start = end;
  }
  return pieces;
}
