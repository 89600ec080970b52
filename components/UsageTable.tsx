import { formatDuration } from "../lib/stats/summary";
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
    <table>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t("tableTool")}</th>
          <th scope="col" className="num">
            {t("tableActiveTime")}
          </th>
          <th scope="col" className="num">
            {t("tableVisits")}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.toolId} data-tool-id={row.toolId}>
            <th scope="row">{row.name}</th>
            <td className="num" data-seconds={Math.round(row.activeSeconds)}>
              {formatDuration(row.activeSeconds)}
            </td>
            <td className="num">{row.visits}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
