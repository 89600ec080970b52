import Dexie, { type EntityTable, type Table } from "dexie";
import type { WeeklyRecord } from "../report/aggregate-format";
import type { ImportVerdict } from "../team/dedupe";
import type { WeekTotals } from "../team/week-totals";

/** Files per group row when version 6 (copies) or 8 (log) gathers older rows, as an import of that many files would. */
const UPGRADE_GROUP_FILES = 500;

/** Name of the team lead's database of imported team reports, apart from the personal usage database. */
export const TEAM_DATABASE_NAME = "ai-adoption-meter-team";

/** One imported file, kept as a log entry whatever its verdict, so the lead can see and undo each import. */
export interface ImportedFileRow {
  id?: number;
  /** File name as given, at most 255 characters. */
  name: string;
  /** Epoch ms of the import. */
  importedAt: number;
  /**
   * Team label in the file, or null (also for refused files). Kept only to find the sample team's
   * files; no label from a file is ever shown or exported.
   */
  team: string | null;
  verdict: ImportVerdict;
  /** Why the file was refused; null otherwise. */
  reason: string | null;
  /** Weekly records in the file. */
  recordCount: number;
  /** Weekly records whose id was new. */
  addedCount: number;
  /** Weekly records that replaced an older revision (absent in files imported before revisions). */
  updatedCount?: number;
  /** Weekly records in conflict with a held one of the same revision (absent before revisions). */
  conflictCount?: number;
  /** Version 1 only: every record id in the file. Version 2 keeps each file's own copy instead. */
  recordIds?: string[];
}

/** Version 1: a stored weekly record and the file that added it (one row per id). */
export interface TeamRecordRow extends WeeklyRecord {
  fileId: number;
}

/** One file's own copy of one weekly record: the record that counts is chosen among them. */
export interface FileRecordRow extends WeeklyRecord {
  /** `ImportedFileRow.id` of the file holding this copy. */
  fileId: number;
}

/**
 * One file's own copy of its weekly records, in file order (versions 4 and 5). One row per file, not
 * per record: IndexedDB's cost is per row and per index, and a file's records are only ever read,
 * written and removed together.
 */
export interface FileCopiesRow {
  /** `ImportedFileRow.id` of the file. */
  fileId: number;
  records: WeeklyRecord[];
}

/**
 * The copies of the files saved together in one transaction (version 6 on): their ids and their
 * records, as one JSON text (issue 16). IndexedDB's cost is mostly per row, and a structured clone
 * of nested records costs about three times one JSON text of them: 10,000 files of four records
 * took over a second of the browser's and as much of the worker's time as one row each, a tenth of
 * that as 20 rows. Removing a file writes its group again without it. Written and read only by
 * `lib/team/team-database.ts`.
 */
export interface CopyGroupRow {
  /** The first file's `ImportedFileRow.id`. */
  groupId: number;
  /** `ImportedFileRow.id` of each file, in the order saved. */
  fileIds: number[];
  /** `JSON.stringify` of each file's `WeeklyRecord[]`, in the order of `fileIds`. */
  recordsJson: string;
}

/**
 * One ISO week of the release ledger (version 6 on): its `WeekRelease` (records, history of
 * released keys, shown keys) as one JSON text, for the same reason as `CopyGroupRow`.
 */
export interface WeekReleaseRow {
  week: string;
  /** `JSON.stringify` of the week's `WeekRelease`. */
  releaseJson: string;
}

/**
 * The import log entries of the files saved together in one transaction (version 8 on), as one
 * JSON text, for the same reason as `CopyGroupRow`: one row per file cost the worker and the browser
 * about two seconds for 10,000 files, one row per group a few milliseconds (issue 16). Removing a file
 * writes its group again without it. Written and read only by `lib/team/team-database.ts`.
 */
export interface FileLogRow {
  /** The first file's `ImportedFileRow.id` when the group was saved. */
  groupId: number;
  /** `JSON.stringify` of the group's `ImportedFileRow[]`, each with its `id`, in id order. */
  filesJson: string;
}

/**
 * A counter raised by every write to the files and their copies (version 4 on), so that a reader
 * holding the copies in memory knows when another page changed them.
 */
export type TeamMetaRow =
  | { key: "generation"; value: number }
  /**
   * The id of the next imported file (version 8 on, when the log left its auto-incremented table).
   * It only grows, across removals and clearing, so an id never names two files.
   */
  | { key: "nextFileId"; value: number }
  /**
   * What the release ledger was last planned from: the generation and group size, and how many
   * records were then waiting. While both hold, the ledger's records are the release as it stands,
   * and `totals` (absent in rows written before it existed) are that release's per-week totals, so
   * a reload builds the view from a few rows instead of every released record (issue 16).
   */
  | { key: "released"; generation: number; k: number; waiting: number; totals?: readonly WeekTotals[] };

/**
 * The team lead's imported records. Never edit a shipped `version(n)`: add `version(n + 1)`
 * with an upgrade, and a fixture of the old version for the upgrade test.
 */
export class TeamDatabase extends Dexie {
  /** Versions 1 to 7: one import log row per file, emptied into `fileLog` and dropped by version 9. */
  files!: EntityTable<ImportedFileRow, "id">;
  fileLog!: Table<FileLogRow, number>;
  /** Version 1 table, emptied into `fileRecords` and dropped by version 3. */
  records!: Table<TeamRecordRow, string>;
  /** Versions 2 and 3: one row per file and record, emptied into `fileCopies` and dropped by version 5. */
  fileRecords!: Table<FileRecordRow, [number, string]>;
  /** Versions 4 and 5: one row per file, emptied into `copyGroups` and dropped by version 7. */
  fileCopies!: Table<FileCopiesRow, number>;
  copyGroups!: Table<CopyGroupRow, number>;
  meta!: Table<TeamMetaRow, string>;
  /** The release ledger, one row per ISO week (see `releases.ts`); version 6 on, as `WeekReleaseRow`. */
  releases!: Table<WeekReleaseRow, string>;

  constructor(name: string = TEAM_DATABASE_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    // Relaxed durability: a write is done once the browser holds it, without waiting for the disk
    // to flush, which costs most of the time of thousands of small transactions (issue 16). A
    // power cut could lose the last import; its files are still on the lead's disk to import again.
    super(name, { chromeTransactionDurability: "relaxed", ...options });
    this.version(1).stores({
      files: "++id, importedAt",
      records: "id, fileId, week",
    });
    // Version 2 (issue 12): each file keeps its own copy of its records, so removing a file restores
    // what the others say, and the release ledger. Version 1's records were each held by the file
    // that added them; other files' copies were the same record, so nothing is lost.
    this.version(2)
      .stores({ fileRecords: "[fileId+id], fileId, id, week", releases: "week" })
      .upgrade(async (tx) => {
        const rows = (await tx.table("records").toArray()) as TeamRecordRow[];
        await tx.table("fileRecords").bulkPut(rows);
      });
    this.version(3).stores({ records: null });
    // Version 4 (issue 16): one row per file holding its copies, written in one put per file; the
    // records that count are chosen in memory (`team-database.ts` in lib/team).
    this.version(4)
      .stores({ fileCopies: "fileId", meta: "key" })
      .upgrade(async (tx) => {
        const rows = (await tx.table("fileRecords").toArray()) as FileRecordRow[];
        const byFile = new Map<number, WeeklyRecord[]>();
        for (const { fileId, ...record } of rows) {
          const list = byFile.get(fileId);
          if (list) list.push(record);
          else byFile.set(fileId, [record]);
        }
        await tx.table("fileCopies").bulkPut([...byFile].map(([fileId, records]) => ({ fileId, records })));
      });
    this.version(5).stores({ fileRecords: null });
    // Version 6 (issue 16): the copies of files saved together in one row, and each week of the
    // ledger, as JSON text, which IndexedDB stores many times faster than one row of objects per file.
    this.version(6)
      .stores({ copyGroups: "groupId", releases: "week" })
      .upgrade(async (tx) => {
        const rows = ((await tx.table("fileCopies").toArray()) as FileCopiesRow[]).sort((a, b) => a.fileId - b.fileId);
        const groups: CopyGroupRow[] = [];
        for (let from = 0; from < rows.length; from += UPGRADE_GROUP_FILES) {
          const group = rows.slice(from, from + UPGRADE_GROUP_FILES);
          groups.push({
            groupId: (group[0] as FileCopiesRow).fileId,
            fileIds: group.map((row) => row.fileId),
            recordsJson: JSON.stringify(group.map((row) => row.records)),
          });
        }
        await tx.table("copyGroups").bulkPut(groups);
        await tx
          .table("releases")
          .toCollection()
          .modify((row: Record<string, unknown>) => {
            if (typeof row.releaseJson === "string") return;
            const { week, records, history, shownKeys } = row;
            row.releaseJson = JSON.stringify({ week, records, history, ...(shownKeys ? { shownKeys } : {}) });
            delete row.records;
            delete row.history;
            delete row.shownKeys;
          });
      });
    this.version(7).stores({ fileCopies: null });
    // Version 8 (issue 16): the import log in one row per group of files, as JSON text. The next id
    // is the one the old table's key generator would have given, so no id of a removed file returns.
    this.version(8)
      .stores({ fileLog: "groupId" })
      .upgrade(async (tx) => {
        const files = tx.table("files");
        const rows = (await files.orderBy("id").toArray()) as ImportedFileRow[];
        const groups: FileLogRow[] = [];
        for (let from = 0; from < rows.length; from += UPGRADE_GROUP_FILES) {
          const group = rows.slice(from, from + UPGRADE_GROUP_FILES);
          groups.push({ groupId: (group[0] as ImportedFileRow).id as number, filesJson: JSON.stringify(group) });
        }
        await tx.table("fileLog").bulkAdd(groups);
        // The key generator's next id, taken by a placeholder row that goes with the table.
        const nextFileId = (await files.add({ importedAt: 0 })) as number;
        await tx.table("meta").put({ key: "nextFileId", value: nextFileId });
      });
    this.version(9).stores({ files: null });
  }
}
