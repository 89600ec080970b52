import { isSuppressed } from "./figures";
import type { Figure, Shown } from "./view-types";

/** How the dashboard writes figures: plain text, or null when a figure is hidden or has no value. */

// One number format per number of decimals: `toLocaleString` with options sets up a new format on
// each call, about a millisecond each, tens of them in the task that shows the figures (issue 16).
const formats = new Map<number, Intl.NumberFormat>();

/** `value.toLocaleString(undefined, { maximumFractionDigits: digits })`, with a format made once. */
function localeText(value: number, digits: number): string {
  let format = formats.get(digits);
  if (!format) {
    format = new Intl.NumberFormat(undefined, { maximumFractionDigits: digits });
    formats.set(digits, format);
  }
  return format.format(value);
}

/** A figure's value as a number with at most `digits` decimals. */
export function numberText(figure: Shown<Figure>, digits = 0): string | null {
  return isSuppressed(figure) || figure.value === null ? null : localeText(figure.value, digits);
}

/** A share as a whole percentage ("42 %"). */
export function percentText(figure: Shown<Figure>): string | null {
  return isSuppressed(figure) || figure.value === null ? null : `${Math.round(figure.value * 100)} %`;
}

/** What a ratio is made of: numerator, denominator and what the denominator counts; null for totals and hidden figures. */
export function ofParts(figure: Shown<Figure>): [string, string, string] | null {
  return isSuppressed(figure) || figure.denominator === null
    ? null
    : // `toLocaleString()` without options writes at most three decimals.
      [localeText(figure.numerator, 1), localeText(figure.denominator, 3), figure.denominatorLabel ?? ""];
}

/** A money amount, whole units. */
export function moneyText(value: number): string {
  return localeText(value, 0);
}

/** Hours, one decimal. */
export function hoursText(value: number): string {
  return localeText(value, 1);
}
