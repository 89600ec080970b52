import type { AggregateFile } from "../report/aggregate-format";
import { withRevisions } from "../report/revision";
import type { MeterDatabase } from "./database";

/**
 * Gives each record of a freshly built team report its revision (issue 12) from what the last
 * export of its week said, and remembers this export. Same content keeps the revision; other
 * content gets the next one, so the lead's dashboard keeps the newest and says "updated".
 */
export function reviseExport(db: MeterDatabase, file: AggregateFile): Promise<AggregateFile> {
  return db.transaction("rw", db.exportedWeeks, async () => {
    const rows = await db.exportedWeeks.bulkGet(file.records.map((record) => record.week));
    const previous = new Map(rows.flatMap((row) => (row ? [[row.week, row] as const] : [])));
    const { records, exported } = withRevisions(file.records, previous);
    await db.exportedWeeks.bulkPut(exported.map((entry) => ({ ...entry })));
    return { ...file, records };
  });
}
