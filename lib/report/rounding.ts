/**
 * Rounding and caps for the team report. Minutes are rounded to a coarse step so that a file
 * cannot reveal a session's length to the minute, and capped so that one person's share of
 * any team total is bounded.
 */

/** Milliseconds in a minute. */
export const MS_PER_MINUTE = 60_000;

/** The default rounding step of the team report, in minutes. */
export const DEFAULT_ROUNDING_MINUTES = 5;

/** Minutes rounded to the nearest multiple of `step` minutes; halves round up. */
export function roundToStep(minutes: number, step: number): number {
  return Math.round(minutes / step) * step;
}

/** Engaged milliseconds as minutes rounded to the nearest multiple of `step` minutes. */
export function roundedMinutes(ms: number, step: number): number {
  return roundToStep(ms / MS_PER_MINUTE, step);
}

/** The largest multiple of `step` that is not above `cap` (both in minutes), so capped values stay rounded. */
export function capForStep(cap: number, step: number): number {
  return Math.floor(cap / step) * step;
}

/** `value` clamped to the range 0…`max` (same unit as both). */
export function clampCount(value: number, max: number): number {
  return Math.min(Math.max(value, 0), max);
}
