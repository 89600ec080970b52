import Dexie, { type EntityTable, type Table } from "dexie";
import { errorNames, isQuotaError } from "../db/write-error";
import type { WeeklyRecord } from "../report/aggregate-format";
import { classifyFiles, type FileVerdict, type ImportVerdict } from "./dedupe";
import { type FileContent, type FileReading, readTeamReportFile, sizeProblem, typeProblem } from "./import";

/** Name of the team lead's database of imported team reports, apart from the personal usage database. */
export const TEAM_DATABASE_NAME = "ai-adoption-meter-team";

/** One imported file, kept as a log entry whatever its verdict, so the lead can see and undo each import. */
export interface ImportedFileRow {
  id?: number;
  /** File name as given, at most 255 characters. */
  name: string;
  /** Epoch ms of the import. */
  importedAt: number;
  /** Team label in the file, or null (also for refused files). */
  team: string | null;
  verdict: ImportVerdict;
  /** Why the file was refused; null otherwise. */
  reason: string | null;
  /** Weekly records in the file. */
  recordCount: number;
  /** Weekly records this file added (the others were already held). */
  addedCount: number;
  /** Every record id in the file, added or not, so removing another file can hand a shared record over. */
  recordIds: string[];
}

/** A stored weekly record and the file that added it. */
export interface TeamRecordRow extends WeeklyRecord {
  /** `ImportedFileRow.id` of the file that added the record. */
  fileId: number;
}

/**
 * The team lead's imported records. Never edit a shipped `version(n)`: add `version(n + 1)`
 * with an upgrade, and a fixture of the old version for the upgrade test.
 */
export class TeamDatabase extends Dexie {
  files!: EntityTable<ImportedFileRow, "id">;
  records!: Table<TeamRecordRow, string>;

  constructor(name: string = TEAM_DATABASE_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores({
      files: "++id, importedAt",
      records: "id, fileId, week",
    });
  }
}

/** A file to import: its name, its size in bytes as the file system reports it, and how to read it. */
export interface ImportSource {
  readonly name: string;
  readonly sizeBytes: number;
  /** Why the file is refused without being read (for example, not a JSON file); absent or null to read it. */
  readonly problem?: string | null;
  /** Called only when there is no `problem` and the size is acceptable. */
  read(): Promise<FileContent>;
}

/**
 * Picked or dropped files as import sources, in name order so the same folder always imports the
 * same way. A file that is not JSON stays in, with its problem, so that it is listed as refused.
 */
export function fileSources(files: readonly File[]): ImportSource[] {
  return files
    .map((file) => ({
      name: file.webkitRelativePath || file.name,
      sizeBytes: file.size,
      problem: typeProblem(file.name, file.type),
      read: () => file.arrayBuffer(),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** What happened to one file of an import; "failed" means it was valid but could not be saved. */
export interface ImportOutcome {
  readonly name: string;
  readonly verdict: ImportVerdict | "failed";
  /** Why it was refused or not saved; null otherwise. */
  readonly reason: string | null;
  /** Weekly records in the file (0 when refused). */
  readonly recordCount: number;
  /** Weekly records added. */
  readonly addedCount: number;
  /** Weekly records already held, not added again. */
  readonly duplicateCount: number;
  /** Id of the file's log entry, or null when it was not saved. */
  readonly fileId: number | null;
}

/**
 * The files to list as not saved after an import: its failures first, then earlier ones not in it.
 * Such files have no log entry, so the page keeps them; a file imported again replaces its earlier
 * failure, whether it is saved this time or not.
 */
export function unsavedAfter(earlier: readonly ImportOutcome[], outcomes: readonly ImportOutcome[]): ImportOutcome[] {
  const names = new Set(outcomes.map((outcome) => outcome.name));
  return [
    ...outcomes.filter((outcome) => outcome.fileId === null),
    ...earlier.filter((outcome) => !names.has(outcome.name)),
  ];
}

/** Progress of an import: files handled so far out of all files. */
export interface ImportProgress {
  readonly done: number;
  readonly total: number;
}

/** Most files saved in one transaction. */
export const IMPORT_GROUP_FILES = 50;
/** Most weekly records saved in one transaction. */
export const IMPORT_GROUP_RECORDS = 5000;
const MAX_NAME_LENGTH = 255;

/**
 * Imports files in order. Each file is read and validated on its own; a refused file never stops
 * the others. Valid files are saved in groups, each group in one transaction with one bulk write per
 * table; if a group cannot be saved, each of its files is tried again in its own transaction, so one
 * failure never loses another file. Earlier groups stay saved whatever happens later. `now` is epoch ms
 * (import time, and the running week for validation). `onProgress` is called after each group, when the
 * page has had a chance to render.
 */
export async function importFiles(
  db: TeamDatabase,
  sources: readonly ImportSource[],
  now: number,
  onProgress?: (progress: ImportProgress) => void,
  /** Told the weekly records each saved group added, once they are stored. */
  onAdded?: (records: WeeklyRecord[]) => void,
): Promise<ImportOutcome[]> {
  const outcomes: ImportOutcome[] = [];
  // Groups of files are read while the previous group is being stored: reading from disk
  // and writing to IndexedDB overlap instead of taking turns.
  const readGroup = (from: number) =>
    Promise.all(sources.slice(from, from + IMPORT_GROUP_FILES).map((source) => readSource(source, now)));
  let next = 0;
  let reading = readGroup(0);
  while (next < sources.length) {
    const readings = await reading;
    // A group stops short where its records would pass the limit; the rest come next time.
    const group: FileReading[] = [];
    let records = 0;
    for (const candidate of readings) {
      if (group.length > 0 && candidate.ok && records + candidate.file.records.length > IMPORT_GROUP_RECORDS) break;
      group.push(candidate);
      if (candidate.ok) records += candidate.file.records.length;
    }
    next += group.length;
    const leftover = readings.slice(group.length);
    reading =
      leftover.length > 0 ? Promise.resolve(leftover) : next < sources.length ? readGroup(next) : Promise.resolve([]);
    try {
      const saved = await saveGroup(db, group, now);
      outcomes.push(...saved.outcomes);
      onAdded?.(saved.added);
    } catch {
      for (const single of group) {
        try {
          const saved = await saveGroup(db, [single], now);
          outcomes.push(...saved.outcomes);
          onAdded?.(saved.added);
        } catch (error) {
          outcomes.push(notSaved(single, error));
        }
      }
    }
    onProgress?.({ done: outcomes.length, total: sources.length });
  }
  return outcomes;
}

async function readSource(source: ImportSource, now: number): Promise<FileReading> {
  if (source.problem) return { ok: false, name: source.name, reason: source.problem };
  // The size is checked before reading, so an oversized file is never loaded into memory.
  const tooLarge = sizeProblem(source.sizeBytes);
  if (tooLarge) return { ok: false, name: source.name, reason: tooLarge };
  let content: FileContent;
  try {
    content = await source.read();
  } catch {
    return { ok: false, name: source.name, reason: "could not be read" };
  }
  return readTeamReportFile(source.name, content, source.sizeBytes, now);
}

function saveGroup(
  db: TeamDatabase,
  readings: readonly FileReading[],
  now: number,
): Promise<{ outcomes: ImportOutcome[]; added: WeeklyRecord[] }> {
  return db.transaction("rw", db.files, db.records, async () => {
    const ids = [...new Set(readings.flatMap((reading) => (reading.ok ? reading.file.records.map((r) => r.id) : [])))];
    // Held ids are read inside the transaction, so two imports running at once cannot both add a record.
    const existing = await db.records.bulkGet(ids);
    const held = new Set(existing.flatMap((row) => (row ? [row.id] : [])));
    const verdicts = classifyFiles(readings, held);
    const fileIds = await db.files.bulkAdd(
      verdicts.map((verdict) => fileRow(verdict, now)),
      { allKeys: true },
    );
    await db.records.bulkAdd(
      verdicts.flatMap((verdict, i) =>
        verdict.newRecords.map((record) => ({ ...record, fileId: fileIds[i] as number })),
      ),
    );
    return {
      outcomes: verdicts.map((verdict, i) => outcomeOf(verdict, fileIds[i] as number)),
      added: verdicts.flatMap((verdict) => verdict.newRecords),
    };
  });
}

function fileRow(verdict: FileVerdict, now: number): ImportedFileRow {
  const records = verdict.file?.records ?? [];
  return {
    name: verdict.name.slice(0, MAX_NAME_LENGTH),
    importedAt: now,
    team: verdict.file?.team ?? null,
    verdict: verdict.verdict,
    reason: verdict.reason,
    recordCount: records.length,
    addedCount: verdict.newRecords.length,
    recordIds: records.map((record) => record.id),
  };
}

function outcomeOf(verdict: FileVerdict, fileId: number): ImportOutcome {
  return {
    name: verdict.name,
    verdict: verdict.verdict,
    reason: verdict.reason,
    recordCount: verdict.file?.records.length ?? 0,
    addedCount: verdict.newRecords.length,
    duplicateCount: verdict.duplicateCount,
    fileId,
  };
}

function notSaved(reading: FileReading, error: unknown): ImportOutcome {
  return {
    name: reading.name,
    verdict: "failed",
    reason: storageProblem(error),
    recordCount: reading.ok ? reading.file.records.length : 0,
    addedCount: 0,
    duplicateCount: 0,
    fileId: null,
  };
}

/** A short reason for a failed write, naming a full disk plainly. */
function storageProblem(error: unknown): string {
  if (isQuotaError(error)) return "not saved: storage is full";
  return `not saved: ${errorNames(error).at(-1) ?? "storage error"}`;
}

/**
 * Removes one imported file and the records it added. A record that another remaining file also
 * holds is kept and handed over to that file, so removing a file never loses another file's data.
 * Returns the records removed and kept.
 */
export function removeFile(db: TeamDatabase, fileId: number): Promise<{ removed: number; kept: number }> {
  return db.transaction("rw", db.files, db.records, async () => {
    await db.files.delete(fileId);
    const owned = await db.records.where("fileId").equals(fileId).toArray();
    if (owned.length === 0) return { removed: 0, kept: 0 };
    // Removing is rare and importing is not: the record ids of a file are kept unindexed,
    // which makes large imports faster, and are scanned here.
    const ownedIds = new Set(owned.map((record) => record.id));
    const others = await db.files.filter((file) => file.recordIds.some((id) => ownedIds.has(id))).toArray();
    const heir = new Map<string, number>();
    for (const file of others.sort((a, b) => (a.id ?? 0) - (b.id ?? 0))) {
      for (const id of file.recordIds) if (!heir.has(id)) heir.set(id, file.id as number);
    }
    const kept = owned.flatMap((record) => {
      const fileIdNow = heir.get(record.id);
      return fileIdNow === undefined ? [] : [{ ...record, fileId: fileIdNow }];
    });
    const removed = owned.filter((record) => !heir.has(record.id)).map((record) => record.id);
    await db.records.bulkPut(kept);
    await db.records.bulkDelete(removed);
    return { removed: removed.length, kept: kept.length };
  });
}

/** Removes every imported file and record. */
export function clearTeamData(db: TeamDatabase): Promise<void> {
  return db.transaction("rw", db.files, db.records, async () => {
    await db.files.clear();
    await db.records.clear();
  });
}

/** Every import log entry, oldest first. */
export function listFiles(db: TeamDatabase): Promise<ImportedFileRow[]> {
  return db.files.orderBy("id").toArray();
}

/** Every held weekly record, without the file it came from: the input of the team metrics. */
export async function loadRecords(db: TeamDatabase): Promise<WeeklyRecord[]> {
  const rows = await db.records.toArray();
  return rows.map(({ fileId: _fileId, ...record }) => record);
}
