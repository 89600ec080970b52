import { useEffect, useState } from "react";
import type { BarChart as BarChartType } from "../../components/BarChart";
import type { Translate } from "../../components/messages";
import { useT } from "../../components/messages";
import { type Figure, plotValue, type Shown, type TeamView } from "../../lib/team/metrics";

/** One chart of the dashboard, described as data. */
interface ChartBlock {
  readonly title: string;
  readonly means: string;
  readonly labels: string[];
  readonly values: (number | null)[];
  readonly format: (value: number) => string;
}

const percent = (value: number) => `${Math.round(value)} %`;

/** The dashboard's charts: reports and active rate by week, the adoption curve, the tool mix. */
function chartBlocks(
  view: TeamView,
  t: Translate,
  toolName: (id: string) => string,
  denominatorLabel: string,
): ChartBlock[] {
  const weekly = (figure: (row: TeamView["weeks"][number]) => Shown<Figure>, scale = 1) =>
    view.weeks.map((row) => plotValue(figure(row), scale));
  const weekLabels = view.weeks.map((row) => row.week.slice(5));
  return [
    {
      title: t("chartReports"),
      means: t("chartReportsMeans"),
      labels: weekLabels,
      values: weekly((row) => row.reporting),
      format: (v) => String(v),
    },
    {
      title: t("chartActiveRate"),
      means: t("chartActiveRateMeans", denominatorLabel),
      labels: weekLabels,
      values: weekly((row) => row.activeRate, 100),
      format: percent,
    },
    {
      title: t("chartAdoption"),
      means: t("chartAdoptionMeans"),
      labels: view.adoptionCurve.map((point) => String(point.weeksSinceTraining)),
      values: view.adoptionCurve.map((point) => plotValue(point.activeRate, 100)),
      format: percent,
    },
    {
      title: t("chartTools"),
      means: t("chartToolsMeans"),
      labels: view.tools.map((row) => toolName(row.toolId)),
      values: view.tools.map((row) => plotValue(row.activeMinutes)),
      format: (v) => `${Math.round(v)} min`,
    },
  ];
}

/** The charts of the team view; a hidden value leaves a gap that says why. */
export function TeamCharts({
  view,
  toolName,
  denominatorLabel,
  k,
}: {
  view: TeamView;
  toolName: (id: string) => string;
  denominatorLabel: string;
  k: number;
}) {
  const t = useT();
  const hiddenText = t("chartHiddenValue", String(view.k ?? k));
  const blocks = chartBlocks(view, t, toolName, denominatorLabel);
  // The chart code loads after the figures are on screen (it is the largest part of the page's
  // code), and each chart is then made in a task of its own: made together, the four took one
  // task of over 100 ms on a busy machine (issue 16: no task over 50 ms). A chart once made
  // stays, and is updated in place.
  const [BarChart, setBarChart] = useState<typeof BarChartType | null>(null);
  const [made, setMade] = useState(0);
  useEffect(() => {
    let live = true;
    void import("../../components/BarChart").then((module) => {
      if (live) setBarChart(() => module.BarChart);
    });
    return () => {
      live = false;
    };
  }, []);
  useEffect(() => {
    if (!BarChart || made >= blocks.length) return;
    const next = setTimeout(() => setMade((count) => count + 1), 0);
    return () => clearTimeout(next);
  }, [BarChart, made, blocks.length]);
  return (
    <div className="charts">
      {blocks.map((chart, i) => (
        <figure key={chart.title}>
          <figcaption>
            <strong>{chart.title}</strong> <span className="muted small">{chart.means}</span>
          </figcaption>
          {BarChart && i < made ? (
            <BarChart
              labels={chart.labels}
              values={chart.values}
              label={chart.title}
              hiddenText={hiddenText}
              format={chart.format}
            />
          ) : (
            <div style={{ height: 140 }} aria-hidden="true" />
          )}
        </figure>
      ))}
    </div>
  );
}
