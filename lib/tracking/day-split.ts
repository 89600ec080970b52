/** A closed span of engaged time on one tool, in epoch milliseconds. */
export interface Segment {
  readonly toolId: string;
  /** Epoch ms, inclusive. */
  readonly start: number;
  /** Epoch ms, exclusive; always greater than start. */
  readonly end: number;
}

/** The local midnight that starts the calendar day after `at` (epoch ms); DST-safe. */
export function nextLocalMidnight(at: number): number {
  const day = new Date(at);
  return new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1).getTime();
}

/** The local calendar day of `at` as YYYY-MM-DD. */
export function localDate(at: number): string {
  const day = new Date(at);
  const month = String(day.getMonth() + 1).padStart(2, "0");
  const date = String(day.getDate()).padStart(2, "0");
  return `${day.getFullYear()}-${month}-${date}`;
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
