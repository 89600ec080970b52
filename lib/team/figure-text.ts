import { isSuppressed } from "./figures";
import type { Figure, Shown } from "./view-types";

/** How the dashboard writes figures: plain text, or null when a figure is hidden or has no value. */

/** A figure's value as a number with at most `digits` decimals. */
export function numberText(figure: Shown<Figure>, digits = 0): string | null {
  return isSuppressed(figure) || figure.value === null
    ? null
    : figure.value.toLocaleString(undefined, { maximumFractionDigits: digits });
}

/** A share as a whole percentage ("42 %"). */
export function percentText(figure: Shown<Figure>): string | null {
  return isSuppressed(figure) || figure.value === null ? null : `${Math.round(figure.value * 100)} %`;
}

/** What a ratio is made of: numerator, denominator and what the denominator counts; null for totals and hidden figures. */
export function ofParts(figure: Shown<Figure>): [string, string, string] | null {
  return isSuppressed(figure) || figure.denominator === null
    ? null
    : [
        figure.numerator.toLocaleString(undefined, { maximumFractionDigits: 1 }),
        figure.denominator.toLocaleString(),
        figure.denominatorLabel ?? "",
      ];
}

/** A money amount, whole units. */
export function moneyText(value: number): string {
  return value.toLocaleString(undefined, { maximumFractionDigits: 0 });
}

/** Hours, one decimal. */
export function hoursText(value: number): string {
  return value.toLocaleString(undefined, { maximumFractionDigits: 1 });
}
