import { table } from "./stats";

/** One printed figure: its value, the goal it is held to, and how far from the goal it is. */
export interface Figure {
  name: string;
  /** The figure itself (median where several runs were made), in `unit`. */
  value: number;
  unit: string;
  /** The worst run, where several were made. */
  max?: number;
  /** The goal, in `unit`; a figure without one is printed for reference. */
  goal?: number;
  /** Whether the goal is a ceiling (time, size: the default) or a floor (throughput). */
  higherIsBetter?: boolean;
  /** Decimals to print the value with (default 1). */
  digits?: number;
}

/** value ÷ goal: at most 1 meets a ceiling, at least 1 meets a floor. */
export function goalRatio(figure: Figure): number | null {
  return figure.goal === undefined || figure.goal === 0 ? null : figure.value / figure.goal;
}

/** Whether the figure meets its goal; null without a goal. */
export function meetsGoal(figure: Figure): boolean | null {
  const ratio = goalRatio(figure);
  if (ratio === null) return null;
  return figure.higherIsBetter ? ratio >= 1 : ratio <= 1;
}

/** Prints figures as one table: value, max, goal, the ratio to the goal and whether it is met. */
export function figureTable(figures: readonly Figure[]): string {
  return table(
    ["figure", "value", "max", "goal", "÷ goal", "goal met"],
    figures.map((figure) => {
      const digits = figure.digits ?? 1;
      const unit = figure.unit ? ` ${figure.unit}` : "";
      const ratio = goalRatio(figure);
      const met = meetsGoal(figure);
      return [
        figure.name,
        `${figure.value.toFixed(digits)}${unit}`,
        figure.max === undefined ? "" : `${figure.max.toFixed(digits)}${unit}`,
        figure.goal === undefined ? "" : `${figure.higherIsBetter ? "≥" : "≤"} ${figure.goal}${unit}`,
        ratio === null ? "" : ratio.toFixed(2),
        met === null ? "" : met ? "yes" : "no",
      ];
    }),
  );
}
