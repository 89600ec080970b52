import type { AggregateFile, WeeklyRecord } from "../report/aggregate-format";
import type { FileReading } from "./import";

/**
 * De-duplication of imported files. The unit everywhere is the weekly record, identified by its id:
 * the same person's same week always has the same id, so a re-exported or re-sent file never counts twice.
 */

/** What happened to an imported file: all records new, some new, none new, or refused. */
export type ImportVerdict = "imported" | "partly duplicate" | "duplicate" | "rejected";

/** The verdict on one file and the records it adds. */
export interface FileVerdict {
  readonly name: string;
  readonly verdict: ImportVerdict;
  /** Why the file was refused; null unless the verdict is "rejected". */
  readonly reason: string | null;
  /** The validated file; null when it was refused. */
  readonly file: AggregateFile | null;
  /** Records whose id was not held yet, in file order: the only ones to add. */
  readonly newRecords: readonly WeeklyRecord[];
  /** Records whose id was already held (not added). */
  readonly duplicateCount: number;
}

/** Classifies a read file against the record ids already held; only records with a new id are to be added. */
export function classifyFile(reading: FileReading, heldIds: ReadonlySet<string>): FileVerdict {
  if (!reading.ok) {
    return {
      name: reading.name,
      verdict: "rejected",
      reason: reading.reason,
      file: null,
      newRecords: [],
      duplicateCount: 0,
    };
  }
  const newRecords = reading.file.records.filter((record) => !heldIds.has(record.id));
  const duplicateCount = reading.file.records.length - newRecords.length;
  const verdict: ImportVerdict =
    duplicateCount === 0 ? "imported" : newRecords.length === 0 ? "duplicate" : "partly duplicate";
  return { name: reading.name, verdict, reason: null, file: reading.file, newRecords, duplicateCount };
}

/**
 * Classifies files in order, as one import: each file's new records count as held for the files
 * after it. Returns the verdicts, in file order; `heldIds` is left as it was.
 */
export function classifyFiles(readings: readonly FileReading[], heldIds: ReadonlySet<string>): FileVerdict[] {
  const held = new Set(heldIds);
  return readings.map((reading) => {
    const verdict = classifyFile(reading, held);
    for (const record of verdict.newRecords) held.add(record.id);
    return verdict;
  });
}
