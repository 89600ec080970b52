import { DataTable } from "../../components/DataTable";
import { useT } from "../../components/messages";
import { viewTotalsOf, weeksSinceTrainingFor } from "../../lib/holders/protected-totals";
import type { WeekTotals } from "../../lib/sharing/measurement";
import type { TeamConfig } from "../../lib/sharing/team-config";
import { numberText, percentText } from "../../lib/team/figure-text";
import { type Figure, isSuppressed, type Shown } from "../../lib/team/metrics";
import { buildTeamViewFromTotals } from "../../lib/team/view";

/**
 * The team's figures from protected sharing: the released batches' sums go through the same
 * team view as direct files (`buildTeamViewFromTotals`: suppression, rates and their
 * denominators), shown in the columns of the direct view's weekly table.
 */
export function ProtectedFigures({
  totals,
  team,
  trainingDate,
  teamSize,
}: {
  totals: readonly WeekTotals[];
  team: TeamConfig;
  trainingDate: string | null;
  teamSize: number | null;
}) {
  const t = useT();
  if (totals.length === 0) return <p className="muted">{t("leadNoFigures", String(team.k))}</p>;
  const view = buildTeamViewFromTotals(viewTotalsOf(totals, weeksSinceTrainingFor(trainingDate)), {
    k: team.k,
    teamSize,
    hourlyCost: null,
    targets: { weeklyActiveRate: null, minutesSavedPerPersonWeek: null },
  });
  const shown = (figure: Shown<Figure>, format: (figure: Shown<Figure>) => string | null) =>
    format(figure) ?? (isSuppressed(figure) ? t("dashboardHidden", figure.reason) : null);
  const number = (figure: Shown<Figure>) => numberText(figure);
  return (
    <>
      {totals.some((week) => week.noiseEpsilon !== null) && (
        <p className="muted">{t("leadNoiseNote", String(team.noiseEpsilon ?? ""))}</p>
      )}
      <div className="table-scroll">
        <DataTable
          testId="protected-weeks"
          caption={t("leadFiguresCaption")}
          rows={view.weeks}
          rowKey={(row) => row.week}
          rowData={(row) => ({ "data-week": row.week })}
          columns={[
            { header: t("columnWeek"), cell: (row) => row.week },
            { header: t("columnReporting"), numeric: true, cell: (row) => shown(row.reporting, number) },
            { header: t("columnActive"), numeric: true, cell: (row) => shown(row.active, number) },
            { header: t("columnRate"), numeric: true, cell: (row) => shown(row.activeRate, percentText) },
            { header: t("columnSaved"), numeric: true, cell: (row) => shown(row.minutesSaved, number) },
          ]}
        />
      </div>
      {/* Tools and tasks only in the main view, under its suppression: a tool's minutes per week and
          batch, unsuppressed, could be one or two people's (issue 13). */}
      <p className="muted small">{t("leadFiguresInView")}</p>
    </>
  );
}
