import {
  type CopyGroupRow,
  type FileCopiesRow,
  type FileLogRow,
  type FileRecordRow,
  type ImportedFileRow,
  TEAM_DATABASE_NAME,
  TeamDatabase,
  type WeekReleaseRow,
} from "../db/team-database";
import { errorNames, isQuotaError } from "../db/write-error";
import type { WeeklyRecord } from "../report/aggregate-format";
import { fingerprintOf } from "./fingerprints";
import { classifyFiles, type FileVerdict, type HeldVersion, type ImportVerdict, revisionOf } from "./dedupe";
import {
  DEFAULT_IMPORT_RULES,
  type FileContent,
  type FileReading,
  type ImportRules,
  readTeamReportFile,
  sizeProblem,
  typeProblem,
} from "./import";
import { teamTotalsOf } from "./metrics";
import { recordsText } from "./record-text";
import { planReleases, type WeekRelease } from "./releases";
import type { WeekTotals } from "./week-totals";

/**
 * The import pipeline of the team dashboard: files are read and checked, classified against the
 * records held, and saved with one row of copies and one row of log entries per group of files saved
 * together; removal and the release rule go through here too.
 * The schema lives in `lib/db/team-database.ts`.
 */

export {
  type CopyGroupRow,
  type FileCopiesRow,
  type FileLogRow,
  type FileRecordRow,
  type ImportedFileRow,
  TEAM_DATABASE_NAME,
  TeamDatabase,
};

/** One file's own copies of its records, in file order. */
export interface FileCopies {
  readonly fileId: number;
  readonly records: readonly WeeklyRecord[];
}

/**
 * The stored row of files saved together: their ids and records as JSON text (version 6, issue 16).
 * The text is written here only, from records that passed every check of the import.
 */
export function copyGroupRow(files: readonly FileCopies[]): CopyGroupRow {
  const first = files[0];
  if (!first) throw new Error("a group of copies holds at least one file");
  return {
    groupId: first.fileId,
    fileIds: files.map((file) => file.fileId),
    // `JSON.stringify` of every file's records, from texts the release ledger uses again.
    recordsJson: `[${files.map((file) => recordsText(file.records)).join(",")}]`,
  };
}

/** The files of a stored group row, with their records, in the order saved. */
export function copiesOfGroupRow(row: CopyGroupRow): FileCopies[] {
  const records = JSON.parse(row.recordsJson) as WeeklyRecord[][];
  return row.fileIds.map((fileId, i) => ({ fileId, records: records[i] ?? [] }));
}

/**
 * The stored row of the import log entries of files saved together, each with its id; `groupId`
 * is the first file's id when the group is saved, and stays when the group is written again.
 */
export function fileLogRow(files: readonly ImportedFileRow[], groupId = files[0]?.id): FileLogRow {
  if (groupId === undefined) throw new Error("a group of log entries holds at least one file, with its id");
  return { groupId, filesJson: JSON.stringify(files) };
}

/** The import log entries of a stored group row, in id order. */
export function filesOfLogRow(row: FileLogRow): ImportedFileRow[] {
  return JSON.parse(row.filesJson) as ImportedFileRow[];
}

/**
 * The stored row of one week of the release ledger. Its records are written from the texts kept
 * when their files were saved, and its shown keys, always one of the sets in its history, as that
 * set's place in it (`shownIn`), instead of every key a second time.
 */
export function releaseRow(release: WeekRelease): WeekReleaseRow {
  const { week, records, history, shownKeys } = release;
  const shownIn = shownKeys ? history.findIndex((keys) => keys === shownKeys || sameKeys(keys, shownKeys)) : -1;
  const shown = shownIn >= 0 ? `,"shownIn":${shownIn}` : shownKeys ? `,"shownKeys":${JSON.stringify(shownKeys)}` : "";
  return {
    week,
    releaseJson: `{"week":${JSON.stringify(week)},"records":${recordsText(records)},"history":${JSON.stringify(history)}${shown}}`,
  };
}

/** The week's release of a stored row of the ledger. */
export function releaseOfRow(row: WeekReleaseRow): WeekRelease {
  const { shownIn, ...release } = JSON.parse(row.releaseJson) as WeekRelease & { shownIn?: number };
  if (shownIn === undefined) return release;
  const shownKeys = release.history[shownIn];
  if (!shownKeys) throw new Error(`the release ledger's week ${row.week} names a set it does not hold`);
  return { ...release, shownKeys };
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key, i) => key === b[i]);
}

/**
 * What a database holds, kept in memory by whoever writes it: every file's copies and, per record
 * id, the copy that counts (the highest revision, and at equal revisions the earliest file's, as
 * `effectiveRecords` says). Read once, then kept up to date by this module's own writes; a write by
 * another page raises the stored generation, and the copies are read again.
 */
interface HeldState {
  generation: number;
  readonly copies: Map<number, WeeklyRecord[]>;
  /** The group row holding each file's copies (`CopyGroupRow.groupId`), and each group's files. */
  readonly groupOf: Map<number, number>;
  readonly groups: Map<number, number[]>;
  readonly best: Map<string, { record: WeeklyRecord; fileId: number }>;
  /** Record copies per ISO week, for the caps. */
  readonly weeks: Map<string, number>;
  copyCount: number;
}

const states = new WeakMap<TeamDatabase, HeldState>();

function emptyState(generation: number): HeldState {
  return {
    generation,
    copies: new Map(),
    groupOf: new Map(),
    groups: new Map(),
    best: new Map(),
    weeks: new Map(),
    copyCount: 0,
  };
}

/** Adds a group of files' copies to the state, as stored in the group row `groupId`. */
function holdGroup(state: HeldState, groupId: number, files: readonly FileCopies[]): void {
  state.groups.set(
    groupId,
    files.map((file) => file.fileId),
  );
  for (const { fileId, records } of files) {
    state.groupOf.set(fileId, groupId);
    holdCopies(state, fileId, records);
  }
}

/** Adds a file's copies to the state; files come in `fileId` order, so at equal revisions the held copy stays. */
function holdCopies(state: HeldState, fileId: number, records: readonly WeeklyRecord[]): void {
  state.copies.set(fileId, [...records]);
  state.copyCount += records.length;
  for (const record of records) {
    state.weeks.set(record.week, (state.weeks.get(record.week) ?? 0) + 1);
    const current = state.best.get(record.id);
    if (
      !current ||
      revisionOf(record) > revisionOf(current.record) ||
      (revisionOf(record) === revisionOf(current.record) && fileId < current.fileId)
    ) {
      state.best.set(record.id, { record, fileId });
    }
  }
}

function stateOf(rows: readonly CopyGroupRow[], generation: number): HeldState {
  const state = emptyState(generation);
  // Groups hold ascending file ids and never overlap, so in group order the files are in id order.
  for (const row of [...rows].sort((a, b) => a.groupId - b.groupId))
    holdGroup(state, row.groupId, copiesOfGroupRow(row));
  return state;
}

/** The held state, read again when another page wrote since; call inside a transaction over `copyGroups` and `meta`. */
async function heldState(db: TeamDatabase): Promise<HeldState> {
  const row = await db.meta.get("generation");
  const generation = row?.key === "generation" ? row.value : 0;
  const known = states.get(db);
  if (known && known.generation === generation) return known;
  const state = stateOf(await db.copyGroups.toArray(), generation);
  states.set(db, state);
  return state;
}

/** Raises the stored generation with a write, and the state's with it. */
async function nextGeneration(db: TeamDatabase, state: HeldState): Promise<void> {
  state.generation += 1;
  await db.meta.put({ key: "generation", value: state.generation });
}

/**
 * Runs a write over the files, their copies and the generation. A write that fails forgets the
 * state, which it may have changed already, so the next reader reads the copies again.
 */
async function write<T>(db: TeamDatabase, body: (state: HeldState) => Promise<T>): Promise<T> {
  try {
    return await db.transaction("rw", db.fileLog, db.copyGroups, db.meta, async () => body(await heldState(db)));
  } catch (error) {
    states.delete(db);
    throw error;
  }
}

/** The held version of each id, worked out only for the ids asked about. */
function heldVersions(state: HeldState): Pick<ReadonlyMap<string, HeldVersion>, "get"> {
  return {
    get(id: string) {
      const held = state.best.get(id)?.record;
      return held ? { revision: revisionOf(held), fingerprint: fingerprintOf(held) } : undefined;
    },
  };
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
export const IMPORT_GROUP_FILES = 500;
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
): Promise<ImportOutcome[]> {
  const outcomes: ImportOutcome[] = [];
  // Groups of files are read while the previous group is being stored: reading from disk
  // and writing to IndexedDB overlap instead of taking turns.
  const readGroup = (from: number) =>
    Promise.all(sources.slice(from, from + IMPORT_GROUP_FILES).map((source) => readSource(source, now, rules)));
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
      outcomes.push(...(await saveGroup(db, group, now)));
    } catch {
      for (const single of group) {
        try {
          outcomes.push(...(await saveGroup(db, [single], now)));
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

function saveGroup(db: TeamDatabase, readings: readonly FileReading[], now: number): Promise<ImportOutcome[]> {
  return write(db, async (state) => {
    const verdicts = classifyFiles(readings, heldVersions(state), new Set(state.weeks.keys()), state.copyCount);
    const first = await nextFileId(db);
    const fileIds = verdicts.map((_, i) => first + i);
    // The group's log entries in one row too, and the next id after them.
    await db.fileLog.add(fileLogRow(verdicts.map((verdict, i) => ({ id: first + i, ...fileRow(verdict, now) }))));
    await db.meta.put({ key: "nextFileId", value: first + verdicts.length });
    const stored = verdicts.flatMap((verdict, i) =>
      verdict.file ? [{ fileId: fileIds[i] as number, records: verdict.file.records }] : [],
    );
    // The group's copies in one row: one put instead of one per file (issue 16).
    if (stored.length > 0) {
      const row = copyGroupRow(stored);
      await db.copyGroups.add(row);
      holdGroup(state, row.groupId, stored);
    }
    await nextGeneration(db, state);
    return verdicts.map((verdict, i) => outcomeOf(verdict, fileIds[i] as number));
  });
}

/** The id the next imported file gets; call inside a transaction over `meta`. */
async function nextFileId(db: TeamDatabase): Promise<number> {
  const row = await db.meta.get("nextFileId");
  return row?.key === "nextFileId" ? row.value : 1;
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
export async function removeFile(db: TeamDatabase, fileId: number): Promise<{ removed: number }> {
  return removeFiles(db, [fileId]);
}

/** Removes several imported files at once, as `removeFile` does; returns the copies removed. */
export function removeFiles(db: TeamDatabase, fileIds: readonly number[]): Promise<{ removed: number }> {
  return write(db, async (state) => {
    const gone = new Set(fileIds);
    // Each log row that held a removed file is written again without it, or deleted when empty.
    for (const row of await db.fileLog.toArray()) {
      const files = filesOfLogRow(row);
      const rest = files.filter((file) => !gone.has(file.id as number));
      if (rest.length === files.length) continue;
      if (rest.length === 0) await db.fileLog.delete(row.groupId);
      else await db.fileLog.put(fileLogRow(rest, row.groupId));
    }
    let removed = 0;
    for (const fileId of gone) removed += state.copies.get(fileId)?.length ?? 0;
    // Each group that held a removed file is written again without it, or deleted when empty.
    const touched = new Set([...gone].flatMap((fileId) => state.groupOf.get(fileId) ?? []));
    const kept: [number, FileCopies[]][] = [];
    const rewritten: CopyGroupRow[] = [];
    for (const [groupId, members] of state.groups) {
      const files = members.map((fileId) => ({ fileId, records: state.copies.get(fileId) ?? [] }));
      if (!touched.has(groupId)) {
        kept.push([groupId, files]);
        continue;
      }
      const rest = files.filter((file) => !gone.has(file.fileId));
      if (rest.length === 0) continue;
      const row = copyGroupRow(rest);
      rewritten.push(row);
      kept.push([row.groupId, rest]);
    }
    await db.copyGroups.bulkDelete([...touched]);
    if (rewritten.length > 0) await db.copyGroups.bulkAdd(rewritten);
    await nextGeneration(db, state);
    const next = emptyState(state.generation);
    for (const [groupId, files] of kept.sort((a, b) => a[0] - b[0])) holdGroup(next, groupId, files);
    states.set(db, next);
    return { removed };
  });
}

/**
 * Removes every imported file and record. The release ledger stays: what was released stays
 * released until the release rule allows the change, as for any removal.
 */
export function clearTeamData(db: TeamDatabase): Promise<void> {
  return write(db, async (state) => {
    await db.fileLog.clear();
    await db.copyGroups.clear();
    await nextGeneration(db, state);
    states.set(db, emptyState(state.generation));
  });
}

/** Every import log entry, oldest first. */
export async function listFiles(db: TeamDatabase): Promise<ImportedFileRow[]> {
  // Ids are given in order and groups never share one, so in group order the entries are in id order.
  return (await db.fileLog.orderBy("groupId").toArray()).flatMap(filesOfLogRow);
}

/** Every file's copies, as rows of one record each, in file order. */
export async function loadCopies(db: TeamDatabase): Promise<FileRecordRow[]> {
  const state = await db.transaction("r", db.copyGroups, db.meta, () => heldState(db));
  return [...state.copies].flatMap(([fileId, records]) => records.map((record) => ({ ...record, fileId })));
}

/** The record that counts for each id (see `effectiveRecords`), without the file it came from. */
export async function loadRecords(db: TeamDatabase): Promise<WeeklyRecord[]> {
  const state = await db.transaction("r", db.copyGroups, db.meta, () => heldState(db));
  return [...state.best.values()].map(({ record }) => record);
}

/** Records without the file they came from. */
export function stripFile(rows: readonly FileRecordRow[]): WeeklyRecord[] {
  return rows.map(({ fileId: _fileId, ...record }) => record);
}

/**
 * Applies the release rule at group size `k` to the records that count now, stores the weeks whose
 * release changes, and returns the released records (the only input of any figure) and how many
 * records are waiting. `current` defaults to the records that count in the database.
 */
export async function releaseRecords(
  db: TeamDatabase,
  k: number,
  current?: readonly WeeklyRecord[],
): Promise<{ released: WeeklyRecord[]; waiting: number }> {
  const { released, waiting } = await release(db, k, current, false);
  return { released: released ?? [], waiting };
}

/**
 * The per-week totals of the release as `releaseRecords` makes it, and how many records are
 * waiting: the input of the team view. The totals are kept with the ledger's marker, written in the
 * same transaction as the ledger and tied to the generation of the files and to `k`, so any import,
 * removal or clearing makes them stale and they are worked out again; a reload with nothing written
 * since reads a few rows instead of every released record (issue 16).
 */
export async function releasedTotals(db: TeamDatabase, k: number): Promise<{ totals: WeekTotals[]; waiting: number }> {
  const { totals, waiting } = await release(db, k, undefined, true);
  return { totals: totals ?? [], waiting };
}

async function release(
  db: TeamDatabase,
  k: number,
  current: readonly WeeklyRecord[] | undefined,
  wantTotals: boolean,
): Promise<{ released?: WeeklyRecord[]; totals?: WeekTotals[]; waiting: number }> {
  return db.transaction("rw", db.copyGroups, db.meta, db.releases, async () => {
    if (!current) {
      // Nothing written since the last plan at this k: the ledger is the release (a reload reads
      // the ledger alone, or only its totals, not every file's copies).
      const [generation, planned] = await Promise.all([db.meta.get("generation"), db.meta.get("released")]);
      const now = generation?.key === "generation" ? generation.value : 0;
      if (planned?.key === "released" && planned.generation === now && planned.k === k) {
        if (wantTotals && planned.totals) return { totals: [...planned.totals], waiting: planned.waiting };
        const released = (await db.releases.toArray()).flatMap((row) => releaseOfRow(row).records);
        if (!wantTotals) return { released, waiting: planned.waiting };
        const totals = teamTotalsOf(released);
        await db.meta.put({ ...planned, totals });
        return { totals, waiting: planned.waiting };
      }
    }
    // The copies and the ledger are read at once.
    const [state, rows] = await Promise.all([current ? null : heldState(db), db.releases.toArray()]);
    const records = current ?? [...(state as HeldState).best.values()].map(({ record }) => record);
    const plan = planReleases(records, rows.map(releaseOfRow), k);
    // The totals are worked out while the browser stores the weeks that changed (issue 16).
    const stored = plan.changed.length > 0 ? db.releases.bulkPut(plan.changed.map(releaseRow)) : null;
    const totals = wantTotals ? teamTotalsOf(plan.released) : undefined;
    await stored;
    if (state) {
      await db.meta.put({
        key: "released",
        generation: state.generation,
        k,
        waiting: plan.waiting,
        ...(totals ? { totals } : {}),
      });
    }
    return { released: plan.released, totals, waiting: plan.waiting };
  });
}
