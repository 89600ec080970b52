import { formatDuration } from "../lib/stats/summary";
import { DataTable } from "./DataTable";
import { useT } from "./messages";

/** One tool's usage over a period. */
export interface UsageRow {
  toolId: string;
  name: string;
  /** Engaged seconds. */
  activeSeconds: number;
  visits: number;
}

/** Per-tool active time and visits. */
export function UsageTable({ rows, caption }: { rows: readonly UsageRow[]; caption: string }) {
  const t = useT();
  return (
    <DataTable
      caption={caption}
      captionHidden
      rows={rows}
      rowKey={(row) => row.toolId}
      rowData={(row) => ({ "data-tool-id": row.toolId })}
      columns={[
        { header: t("tableTool"), cell: (row) => row.name },
        {
          header: t("tableActiveTime"),
          numeric: true,
          cell: (row) => <span data-seconds={Math.round(row.activeSeconds)}>{formatDuration(row.activeSeconds)}</span>,
        },
        { header: t("tableVisits"), numeric: true, cell: (row) => row.visits },
      ]}
    />
  );
}
