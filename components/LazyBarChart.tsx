import { type ComponentProps, lazy, Suspense } from "react";
import type { BarChart as BarChartType } from "./BarChart";

// chart.js is the largest part of a page's code: it loads after the figures are on screen,
// so the numbers never wait for the charts.
const BarChart = lazy(() => import("./BarChart").then((module) => ({ default: module.BarChart })));

/** A BarChart that loads its chart library on first use; its height is kept while loading. */
export function LazyBarChart(props: ComponentProps<typeof BarChartType>) {
  return (
    <Suspense fallback={<div style={{ height: props.height ?? 140 }} aria-hidden="true" />}>
      <BarChart {...props} />
    </Suspense>
  );
}
