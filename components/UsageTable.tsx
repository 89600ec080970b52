/** One tool's usage over a period. */
export interface UsageRow {
  toolId: string;
  name: string;
  /** Engaged seconds. */
  activeSeconds: number;
  visits: number;
}

/** Formats seconds as "1 h 05 min", "12 min" or "40 s". */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}

/** Per-tool active time and visits. */
export function UsageTable({
  rows,
  caption,
  headers,
}: {
  rows: readonly UsageRow[];
  caption: string;
  headers: { tool: string; time: string; visits: string };
}) {
  return (
    <table>
      <caption className="muted">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{headers.tool}</th>
          <th scope="col" className="num">
            {headers.time}
          </th>
          <th scope="col" className="num">
            {headers.visits}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.toolId} data-tool-id={row.toolId}>
            <td>{row.name}</td>
            <td className="num">{formatDuration(row.activeSeconds)}</td>
            <td className="num">{row.visits}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
