import Dexie, { type EntityTable, type Table } from "dexie";
import { errorNames, isQuotaError } from "../db/write-error";
import type { WeeklyRecord } from "../report/aggregate-format";
import { contentFingerprint } from "../report/revision";
import {
  classifyFiles,
  effectiveRecords,
  type FileVerdict,
  type HeldVersion,
  type ImportVerdict,
  revisionOf,
} from "./dedupe";
import {
  DEFAULT_IMPORT_RULES,
  type FileContent,
  type FileReading,
  type ImportRules,
  readTeamReportFile,
  sizeProblem,
  typeProblem,
} from "./import";
import { planReleases, type WeekRelease } from "./releases";

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

/** One file's own copy of one weekly record (version 2 on): the record that counts is chosen among them. */
export interface FileRecordRow extends WeeklyRecord {
  /** `ImportedFileRow.id` of the file holding this copy. */
  fileId: number;
}

/**
 * The team lead's imported records. Never edit a shipped `version(n)`: add `version(n + 1)`
 * with an upgrade, and a fixture of the old version for the upgrade test.
 */
export class TeamDatabase extends Dexie {
  files!: EntityTable<ImportedFileRow, "id">;
  /** Version 1 table, emptied into `fileRecords` and dropped by version 3. */
  records!: Table<TeamRecordRow, string>;
  fileRecords!: Table<FileRecordRow, [number, string]>;
  /** The release ledger, one row per ISO week (see `releases.ts`). */
  releases!: Table<WeekRelease, string>;

  constructor(name: string = TEAM_DATABASE_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
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
  rules: ImportRules = DEFAULT_IMPORT_RULES,
  onProgress?: (progress: ImportProgress) => void,
  /** Told the file copies each saved group stored, once they are stored. */
  onAdded?: (copies: FileRecordRow[]) => void,
): Promise<ImportOutcome[]> {
  const outcomes: ImportOutcome[] = [];
  // Groups of files are read while the previous group is being stored: reading from disk
  // and writing to IndexedDB overlap instead of taking turns.
  const readGroup = (from: number) =>
    Promise.all(sources.slice(from, from + IMPORT_GROUP_FILES).map((source) => readSource(source, now, rules)));
  let next = 0;
  let reading = readGroup(0);
  // What the caps compare with, read once per import and kept up to date by each saved group:
  // reading it for every group would scan every stored copy again and again.
  const held = await heldTotals(db);
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
      const saved = await saveGroup(db, group, now, held);
      count(held, saved.added);
      outcomes.push(...saved.outcomes);
      onAdded?.(saved.added);
    } catch {
      for (const single of group) {
        try {
          const saved = await saveGroup(db, [single], now, held);
          count(held, saved.added);
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

async function readSource(source: ImportSource, now: number, rules: ImportRules): Promise<FileReading> {
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
  return readTeamReportFile(source.name, content, source.sizeBytes, now, rules);
}

/** Distinct weeks and record copies held, for the caps. */
interface HeldTotals {
  weeks: Set<string>;
  copies: number;
}

/** Counts a stored group in the totals, once its transaction has committed. */
function count(totals: HeldTotals, stored: readonly FileRecordRow[]): void {
  totals.copies += stored.length;
  for (const record of stored) totals.weeks.add(record.week);
}

async function heldTotals(db: TeamDatabase): Promise<HeldTotals> {
  const [weeks, copies] = await Promise.all([db.fileRecords.orderBy("week").uniqueKeys(), db.fileRecords.count()]);
  return { weeks: new Set(weeks.map(String)), copies };
}

function saveGroup(
  db: TeamDatabase,
  readings: readonly FileReading[],
  now: number,
  totals: HeldTotals,
): Promise<{ outcomes: ImportOutcome[]; added: FileRecordRow[] }> {
  return db.transaction("rw", db.files, db.fileRecords, async () => {
    const ids = [...new Set(readings.flatMap((reading) => (reading.ok ? reading.file.records.map((r) => r.id) : [])))];
    // Held versions are read inside the transaction, so two imports running at once see each other.
    const copies = await db.fileRecords.where("id").anyOf(ids).toArray();
    const held = new Map<string, HeldVersion>(
      effectiveRecords(copies).map((record) => [
        record.id,
        { revision: revisionOf(record), fingerprint: contentFingerprint(record) },
      ]),
    );
    const verdicts = classifyFiles(readings, held, totals.weeks, totals.copies);
    const fileIds = await db.files.bulkAdd(
      verdicts.map((verdict) => fileRow(verdict, now)),
      { allKeys: true },
    );
    const stored = verdicts.flatMap((verdict, i) =>
      (verdict.file?.records ?? []).map((record) => ({ ...record, fileId: fileIds[i] as number })),
    );
    await db.fileRecords.bulkAdd(stored);
    return {
      outcomes: verdicts.map((verdict, i) => outcomeOf(verdict, fileIds[i] as number)),
      added: stored,
    };
  });
}

function fileRow(verdict: FileVerdict, now: number): ImportedFileRow {
  return {
    name: verdict.name.slice(0, MAX_NAME_LENGTH),
    importedAt: now,
    team: verdict.file?.team ?? null,
    verdict: verdict.verdict,
    reason: verdict.reason,
    recordCount: verdict.file?.records.length ?? 0,
    addedCount: verdict.newRecords.length,
    updatedCount: verdict.updatedCount,
    conflictCount: verdict.conflictCount,
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
 * Removes one imported file and its own copies of records. Records that other files also hold
 * count again as those files say. Figures change only through the release rule. Returns the
 * copies removed.
 */
export function removeFile(db: TeamDatabase, fileId: number): Promise<{ removed: number }> {
  return db.transaction("rw", db.files, db.fileRecords, async () => {
    await db.files.delete(fileId);
    const removed = await db.fileRecords.where("fileId").equals(fileId).delete();
    return { removed };
  });
}

/**
 * Removes every imported file and record. The release ledger stays: what was released stays
 * released until the release rule allows the change, as for any removal.
 */
export function clearTeamData(db: TeamDatabase): Promise<void> {
  return db.transaction("rw", db.files, db.fileRecords, async () => {
    await db.files.clear();
    await db.fileRecords.clear();
  });
}

/** Every import log entry, oldest first. */
export function listFiles(db: TeamDatabase): Promise<ImportedFileRow[]> {
  return db.files.orderBy("id").toArray();
}

/** The record that counts for each id (see `effectiveRecords`), without the file it came from. */
export async function loadRecords(db: TeamDatabase): Promise<WeeklyRecord[]> {
  return stripFile(effectiveRecords(await db.fileRecords.toArray()));
}

/** Records without the file they came from. */
export function stripFile(rows: readonly FileRecordRow[]): WeeklyRecord[] {
  return rows.map(({ fileId: _fileId, ...record }) => record);
}

/**
 * Applies the release rule at group size `k` to the records that count now, stores the weeks whose
 * release changes, and returns the released records (the only input of any figure) and how many
 * records are waiting. `current` defaults to reading every file's copies.
 */
export function releaseRecords(
  db: TeamDatabase,
  k: number,
  current?: readonly WeeklyRecord[],
): Promise<{ released: WeeklyRecord[]; waiting: number }> {
  return db.transaction("rw", db.fileRecords, db.releases, async () => {
    const [records, ledger] = await Promise.all([current ?? loadRecords(db), db.releases.toArray()]);
    const plan = planReleases(records, ledger, k);
    if (plan.changed.length > 0) await db.releases.bulkPut(plan.changed);
    return { released: plan.released, waiting: plan.waiting };
  });
}
