import type { AggregateFile, WeeklyRecord } from "../report/aggregate-format";
import { fingerprintOf } from "./fingerprints";
import { type FileReading, IMPORT_CAPS } from "./import";

/**
 * De-duplication and conflicts of imported files. The unit everywhere is the weekly record,
 * identified by its id: the same person's same week always has the same id, so a re-sent file
 * never counts twice. A week exported again with other content carries a higher revision and
 * replaces the older one; two files with the same id and revision but other content conflict.
 */

/**
 * What happened to an imported file: all records new, some records newer than those held,
 * some new, none new, some in conflict with a held record, or refused.
 */
export type ImportVerdict = "imported" | "updated" | "partly duplicate" | "duplicate" | "conflict" | "rejected";

/** The version of a record id that counts now: its revision and content fingerprint. */
export interface HeldVersion {
  readonly revision: number;
  readonly fingerprint: string;
}

/** The verdict on one file and what its records do to the records that count. */
export interface FileVerdict {
  readonly name: string;
  readonly verdict: ImportVerdict;
  /** Why the file was refused; null unless the verdict is "rejected". */
  readonly reason: string | null;
  /** The validated file; null when it was refused. */
  readonly file: AggregateFile | null;
  /** Records whose id was not held yet, in file order. */
  readonly newRecords: readonly WeeklyRecord[];
  /** Records with a higher revision than the one held: they replace it. */
  readonly updatedCount: number;
  /** Records the same as, or older than, the one held. */
  readonly duplicateCount: number;
  /** Records with the revision of the one held but other content: the earlier file keeps counting. */
  readonly conflictCount: number;
}

/** The revision of a record; absent means 0. */
export const revisionOf = (record: WeeklyRecord): number => record.revision ?? 0;

/**
 * Classifies a read file against the versions that count now (`held`, by record id), the weeks held
 * (`heldWeeks`) and the number of record copies held; a file that would take the dashboard past
 * `IMPORT_CAPS` is refused.
 */
export function classifyFile(
  reading: FileReading,
  held: Pick<ReadonlyMap<string, HeldVersion>, "get">,
  heldWeeks: ReadonlySet<string> = new Set(),
  heldCopies = 0,
): FileVerdict {
  const rejected = (reason: string): FileVerdict => ({
    name: reading.name,
    verdict: "rejected",
    reason,
    file: null,
    newRecords: [],
    updatedCount: 0,
    duplicateCount: 0,
    conflictCount: 0,
  });
  if (!reading.ok) return rejected(reading.reason);
  const weeks = new Set(heldWeeks);
  for (const record of reading.file.records) weeks.add(record.week);
  if (weeks.size > IMPORT_CAPS.weeks) {
    return rejected(
      `would bring the weeks held to ${weeks.size}; the dashboard holds at most ${IMPORT_CAPS.weeks} (remove older files first)`,
    );
  }
  if (heldCopies + reading.file.records.length > IMPORT_CAPS.copies) {
    return rejected(
      `would bring the weekly records held past ${IMPORT_CAPS.copies.toLocaleString("en-US")} (remove older files first)`,
    );
  }
  const newRecords: WeeklyRecord[] = [];
  let updatedCount = 0;
  let duplicateCount = 0;
  let conflictCount = 0;
  for (const record of reading.file.records) {
    const version = held.get(record.id);
    if (!version) newRecords.push(record);
    else if (revisionOf(record) > version.revision) updatedCount++;
    else if (revisionOf(record) === version.revision && fingerprintOf(record) !== version.fingerprint) {
      conflictCount++;
    } else duplicateCount++;
  }
  const all = reading.file.records.length;
  const verdict: ImportVerdict =
    conflictCount > 0
      ? "conflict"
      : updatedCount > 0
        ? "updated"
        : newRecords.length === all
          ? "imported"
          : newRecords.length === 0
            ? "duplicate"
            : "partly duplicate";
  return {
    name: reading.name,
    verdict,
    reason: null,
    file: reading.file,
    newRecords,
    updatedCount,
    duplicateCount,
    conflictCount,
  };
}

/**
 * Classifies files in order, as one import: each file's records count as held for the files after
 * it (the newest revision of an id wins; at equal revisions the earlier file keeps counting).
 * Returns the verdicts, in file order; `held` and `heldWeeks` are left as they were.
 */
export function classifyFiles(
  readings: readonly FileReading[],
  held: Pick<ReadonlyMap<string, HeldVersion>, "get">,
  heldWeeks: ReadonlySet<string> = new Set(),
  heldCopies = 0,
): FileVerdict[] {
  // This import's records over the held ones, without copying every held version.
  const added = new Map<string, HeldVersion>();
  const versions = {
    get: (id: string) => added.get(id) ?? held.get(id),
    set: (id: string, version: HeldVersion) => added.set(id, version),
  };
  const weeks = new Set(heldWeeks);
  let copies = heldCopies;
  return readings.map((reading) => {
    const verdict = classifyFile(reading, versions, weeks, copies);
    copies += verdict.file?.records.length ?? 0;
    for (const record of verdict.file?.records ?? []) {
      weeks.add(record.week);
      const version = versions.get(record.id);
      if (!version || revisionOf(record) > version.revision) {
        versions.set(record.id, { revision: revisionOf(record), fingerprint: fingerprintOf(record) });
      }
    }
    return verdict;
  });
}

/**
 * The record that counts for each id among every file's copies: the highest revision, and at equal
 * revisions the copy of the earliest file (`fileId` order). Removing a file therefore restores
 * whatever the other files say.
 */
export function effectiveRecords<R extends WeeklyRecord & { readonly fileId: number }>(copies: readonly R[]): R[] {
  const best = new Map<string, R>();
  for (const copy of copies) {
    const current = best.get(copy.id);
    if (
      !current ||
      revisionOf(copy) > revisionOf(current) ||
      (revisionOf(copy) === revisionOf(current) && copy.fileId < current.fileId)
    ) {
      best.set(copy.id, copy);
    }
  }
  return [...best.values()];
}
