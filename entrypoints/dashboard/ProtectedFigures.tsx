import { DataTable } from "../../components/DataTable";
import { useT } from "../../components/messages";
import { CATALOG } from "../../lib/catalog/catalog";
import type { WeekTotals } from "../../lib/sharing/measurement";
import type { TeamConfig } from "../../lib/sharing/team-config";

/**
 * The team's figures from protected sharing: one row per released batch, each a sum over at least
 * k people, with the columns of the direct view's weekly table.
 */
export function ProtectedFigures({ totals, team }: { totals: readonly WeekTotals[]; team: TeamConfig }) {
  const t = useT();
  if (totals.length === 0) return <p className="muted">{t("leadNoFigures", String(team.k))}</p>;
  const number = (value: number) => value.toLocaleString(undefined, { maximumFractionDigits: 0 });
  const toolName = (id: string) => CATALOG.find((tool) => tool.id === id)?.name ?? id;
  return (
    <>
      {totals.some((week) => week.noiseEpsilon !== null) && (
        <p className="muted">{t("leadNoiseNote", String(team.noiseEpsilon ?? ""))}</p>
      )}
      <div className="table-scroll">
        <DataTable
          testId="protected-weeks"
          caption={t("leadFiguresCaption")}
          rows={[...totals]}
          rowKey={(row) => `${row.week}-${row.reporting}-${row.minutesSaved}`}
          rowData={(row) => ({ "data-week": row.week })}
          columns={[
            { header: t("columnWeek"), cell: (row) => row.week },
            { header: t("columnReporting"), numeric: true, cell: (row) => number(row.reporting) },
            { header: t("columnActive"), numeric: true, cell: (row) => number(row.active) },
            {
              header: t("columnRate"),
              numeric: true,
              cell: (row) => `${Math.round((row.reporting > 0 ? row.active / row.reporting : 0) * 100)} %`,
            },
            { header: t("columnSaved"), numeric: true, cell: (row) => number(row.minutesSaved) },
            {
              header: t("leadToolsColumn"),
              cell: (row) =>
                row.tools
                  .filter((tool) => tool.activeMinutes > 0 || tool.visits > 0)
                  .map((tool) => `${toolName(tool.toolId)}: ${number(tool.activeMinutes)} min`)
                  .join("; "),
            },
          ]}
        />
      </div>
    </>
  );
}
