import type {
  Figure,
  FigureUnit,
  RoiFigure,
  Shown,
  SuppressedFigure,
  TargetCheck,
  TeamMetricsOptions,
} from "./view-types";

/** How figures are formed from the values of their cells: ratios, totals, ranks and targets. */

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** numerator ÷ denominator, rounded to 4 decimals; null when the denominator is 0. */
export function ratio(numerator: number, denominator: number, denominatorLabel: string, unit: FigureUnit): Figure {
  return {
    value: denominator === 0 ? null : round4(numerator / denominator),
    numerator,
    denominator,
    denominatorLabel,
    unit,
  };
}

/** A total (no denominator). */
export function total(value: number, unit: FigureUnit, shownValue: number | null = value): Figure {
  return { value: shownValue, numerator: value, denominator: null, denominatorLabel: null, unit };
}

/** Whether a figure is hidden (and carries a reason instead of a value). */
export function isSuppressed<T>(value: Shown<T>): value is SuppressedFigure {
  return typeof value === "object" && value !== null && "suppressed" in value;
}

/** Whether a figure is shown. */
export function isShown<T>(value: Shown<T>): value is T {
  return !isSuppressed(value);
}

/**
 * A figure's value for a chart, times `scale`: null when it is hidden, so the chart leaves a gap
 * (a bar at 0 would read as a value); 0 when it has no value (nothing to divide by).
 */
export function plotValue(figure: Shown<Figure>, scale = 1): number | null {
  if (isSuppressed(figure)) return null;
  return figure.value === null ? 0 : figure.value * scale;
}

/** A target and whether a figure meets it; null without a target. */
export function targetCheck(target: number | null, figure: Shown<Figure>): TargetCheck | null {
  if (target === null) return null;
  return { target, met: isShown(figure) && figure.value !== null ? figure.value >= target : null };
}

/** ROI from minutes saved (hidden with them) and reporting person-weeks (null when hidden). */
export function roiOf(
  options: TeamMetricsOptions,
  hiddenMinutes: SuppressedFigure | null,
  minutes: number,
  personWeeks: number | null,
): Shown<RoiFigure> | null {
  const cost = options.hourlyCost;
  if (cost === null || !Number.isFinite(cost) || cost < 0) return null;
  if (hiddenMinutes) return hiddenMinutes;
  const target = options.targets.minutesSavedPerPersonWeek;
  return {
    value: round4((minutes / 60) * cost),
    hoursSaved: round4(minutes / 60),
    hourlyCost: cost,
    atTarget: target === null || personWeeks === null ? null : round4(((target * personWeeks) / 60) * cost),
  };
}

/** Rows with a shown ranking figure first (largest first, ties by id), then hidden ones by id, so order never hints at a hidden value. */
export function rankedRows<R>(
  ids: readonly string[],
  row: (id: string) => R,
  figure: (row: R) => Shown<Figure>,
  id: (row: R) => string,
): R[] {
  const rows = ids.map(row);
  const rankValue = (r: R) => {
    const f = figure(r);
    return isShown(f) ? (f.value ?? 0) : null;
  };
  return rows.sort((a, b) => {
    const va = rankValue(a);
    const vb = rankValue(b);
    if (va !== null && vb !== null && va !== vb) return vb - va;
    if ((va === null) !== (vb === null)) return va === null ? 1 : -1;
    return id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0;
  });
}

/** 1 + the number of shown figures above this one; null when it is hidden or has no value. */
export function rankOf(figure: Shown<Figure>, all: readonly Shown<Figure>[]): number | null {
  if (!isShown(figure) || figure.value === null) return null;
  const value = figure.value;
  return 1 + all.filter((other) => isShown(other) && other.value !== null && other.value > value).length;
}

/**
 * Rows whose every figure is hidden leave the list and are replaced by one unnamed row, last: the
 * name of a tool or task used by fewer than k people would itself say that someone used it.
 */
export function foldHidden<R>(
  rows: readonly R[],
  figures: (row: R) => Shown<Figure>[],
  other: (hidden: SuppressedFigure) => R,
): R[] {
  const kept = rows.filter((row) => !figures(row).every(isSuppressed));
  if (kept.length === rows.length) return [...rows];
  const hidden = figures(rows.find((row) => figures(row).every(isSuppressed)) as R)[0] as SuppressedFigure;
  return [...kept, other(hidden)];
}
