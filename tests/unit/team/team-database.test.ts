import Dexie from "dexie";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { WeeklyRecord } from "../../../lib/report/aggregate-format";
import { effectiveRecords } from "../../../lib/team/dedupe";
import { teamTotalsOf } from "../../../lib/team/metrics";
import { releaseKey } from "../../../lib/team/releases";
import {
  clearTeamData,
  type CopyGroupRow,
  copiesOfGroupRow,
  type FileLogRow,
  filesOfLogRow,
  fileSources,
  IMPORT_GROUP_FILES,
  type ImportOutcome,
  type ImportSource,
  importFiles,
  listFiles,
  loadCopies,
  loadRecords,
  releasedTotals,
  releaseRecords,
  removeFile,
  removeFiles,
  TEAM_DATABASE_NAME,
  TeamDatabase,
  unsavedAfter,
} from "../../../lib/team/team-database";
import { aggregateFile, NOW, record } from "./fixtures";

let db: TeamDatabase;

beforeEach(() => {
  db = new TeamDatabase(`test-team-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await db.delete();
});

const weekOf = (i: number) => `2026-W${String(30 + i).padStart(2, "0")}`;
/** A file of one person's weeks, records numbered from `first`. */
const fileOf = (first: number, count: number): WeeklyRecord[] =>
  Array.from({ length: count }, (_, i) => record(first + i, { week: weekOf(i) }));
const source = (name: string, content: string | (() => Promise<string>), sizeBytes?: number): ImportSource => {
  const read = typeof content === "string" ? async () => content : content;
  return { name, sizeBytes: sizeBytes ?? (typeof content === "string" ? content.length : 100), read };
};
const periodOf = (records: WeeklyRecord[]) => ({
  from: records[0]?.week ?? "2026-W30",
  to: records.at(-1)?.week ?? "2026-W30",
});
const jsonSource = (name: string, records: WeeklyRecord[], team = "Finance") =>
  source(name, JSON.stringify(aggregateFile(records, { team, period: periodOf(records) })));
/** Weekly records that count now (one per id). */
const counted = async () => (await loadRecords(db)).length;
/** The team database's schema of each version as it shipped, version 1 first. */
const SHIPPED_STORES: Record<string, string | null>[] = [
  { files: "++id, importedAt", records: "id, fileId, week" },
  { fileRecords: "[fileId+id], fileId, id, week", releases: "week" },
  { records: null },
  { fileCopies: "fileId", meta: "key" },
  { fileRecords: null },
  { copyGroups: "groupId", releases: "week" },
  { fileCopies: null },
];

/** A database named `name` at `version` as it shipped, without upgrades (rows are written by the test). */
function shipped(name: string, version: number): Dexie {
  const old = new Dexie(name);
  for (const [i, stores] of SHIPPED_STORES.slice(0, version).entries()) old.version(i + 1).stores(stores);
  return old;
}

/** Imports three files, then a fourth on its own; the four file ids. */
async function twoImports(): Promise<number[]> {
  const first = await importFiles(
    db,
    [1, 2, 3].map((n) => jsonSource(`${n}.json`, fileOf(n * 10, 2))),
    NOW,
  );
  const second = await importFiles(db, [jsonSource("4.json", fileOf(40, 2))], NOW);
  return [...first, ...second].map((o) => o.fileId as number);
}

describe("fileSources", () => {
  it("keeps every picked file, in name order, refusing those that are not JSON without reading them", async () => {
    const sources = fileSources([
      new File(["{}"], "b.json"),
      new File(["hello"], "notes.txt", { type: "text/plain" }),
      new File(["{}"], "a-report", { type: "application/json" }),
    ]);
    expect(sources.map((s) => [s.name, s.problem])).toEqual([
      ["a-report", null],
      ["b.json", null],
      ["notes.txt", "not a .json file (team reports are saved as .json)"],
    ]);
  });
});

describe("unsavedAfter", () => {
  const outcome = (name: string, fileId: number | null): ImportOutcome => ({
    name,
    verdict: fileId === null ? "failed" : "imported",
    reason: fileId === null ? "not saved: storage is full" : null,
    recordCount: 2,
    addedCount: fileId === null ? 0 : 2,
    duplicateCount: 0,
    fileId,
  });

  it("lists the files an import could not save, then earlier ones not imported again", () => {
    const earlier = [outcome("a.json", null), outcome("b.json", null)];
    const now = [outcome("a.json", 7), outcome("c.json", null), outcome("d.json", 8)];
    expect(unsavedAfter(earlier, now).map((o) => o.name)).toEqual(["c.json", "b.json"]);
    expect(unsavedAfter([], [outcome("e.json", 3)])).toEqual([]);
  });
});

describe("TeamDatabase", () => {
  it("is its own database, apart from the personal one", () => {
    expect(TEAM_DATABASE_NAME).toBe("ai-adoption-meter-team");
    expect(new TeamDatabase().name).toBe("ai-adoption-meter-team");
  });
});

describe("importFiles", () => {
  it("imports good files, refuses bad ones with their reason, and keeps going", async () => {
    const outcomes = await importFiles(
      db,
      [
        jsonSource("ada.json", fileOf(1, 3)),
        source("notes.txt", "hello"),
        jsonSource("ada-again.json", fileOf(1, 3)),
        jsonSource("ada-longer.json", fileOf(1, 4)),
        source("huge.json", "{}", 2 * 1024 * 1024),
        jsonSource("bob.json", fileOf(100, 2)),
      ],
      NOW,
    );
    expect(outcomes.map((o) => [o.name, o.verdict, o.reason, o.addedCount, o.duplicateCount])).toEqual([
      ["ada.json", "imported", null, 3, 0],
      ["notes.txt", "rejected", "not JSON", 0, 0],
      ["ada-again.json", "duplicate", null, 0, 3],
      ["ada-longer.json", "partly duplicate", null, 1, 3],
      ["huge.json", "rejected", "file is larger than 1 MB", 0, 0],
      ["bob.json", "imported", null, 2, 0],
    ]);
    expect(await counted()).toBe(6);
    const files = await listFiles(db);
    expect(files.map((f) => [f.name, f.verdict, f.recordCount, f.addedCount, f.team, f.importedAt])).toEqual([
      ["ada.json", "imported", 3, 3, "Finance", NOW],
      ["notes.txt", "rejected", 0, 0, null, NOW],
      ["ada-again.json", "duplicate", 3, 0, "Finance", NOW],
      ["ada-longer.json", "partly duplicate", 4, 1, "Finance", NOW],
      ["huge.json", "rejected", 0, 0, null, NOW],
      ["bob.json", "imported", 2, 2, "Finance", NOW],
    ]);
    expect(files[1]?.reason).toBe("not JSON");
  });

  it("stores each file's own copy of its records, with their fields and the file", async () => {
    const [outcome] = await importFiles(db, [jsonSource("ada.json", fileOf(1, 2))], NOW);
    const stored = (await loadCopies(db)).sort((a, b) => a.week.localeCompare(b.week));
    expect(stored).toEqual(fileOf(1, 2).map((r) => ({ ...r, fileId: outcome?.fileId })));
    expect(await loadRecords(db)).toEqual(expect.arrayContaining(fileOf(1, 2)));
  });

  it("never reads a file that is too large", async () => {
    const read = vi.fn(async () => "{}");
    const [outcome] = await importFiles(db, [{ name: "big.json", sizeBytes: 5 * 1024 * 1024, read }], NOW);
    expect(read).not.toHaveBeenCalled();
    expect(outcome?.reason).toBe("file is larger than 1 MB");
  });

  it("a file refused before reading is listed as rejected with its reason, never read", async () => {
    const read = vi.fn(async () => "{}");
    const outcomes = await importFiles(
      db,
      [{ name: "photo.png", sizeBytes: 10, problem: "not a .json file", read }, jsonSource("ada.json", fileOf(1, 1))],
      NOW,
    );
    expect(read).not.toHaveBeenCalled();
    expect(outcomes.map((o) => [o.name, o.verdict, o.reason])).toEqual([
      ["photo.png", "rejected", "not a .json file"],
      ["ada.json", "imported", null],
    ]);
    expect((await listFiles(db)).map((f) => [f.name, f.verdict, f.reason])).toEqual([
      ["photo.png", "rejected", "not a .json file"],
      ["ada.json", "imported", null],
    ]);
  });

  it("a file that cannot be read is refused; the others import", async () => {
    const outcomes = await importFiles(
      db,
      [
        source("gone.json", () => Promise.reject(new DOMException("gone", "NotReadableError"))),
        jsonSource("ada.json", fileOf(1, 1)),
      ],
      NOW,
    );
    expect(outcomes.map((o) => [o.verdict, o.reason])).toEqual([
      ["rejected", "could not be read"],
      ["imported", null],
    ]);
  });

  it("imports 1,200 files in batches, reporting progress, and de-duplicates across them", async () => {
    const sources = Array.from({ length: 1200 }, (_, i) =>
      // Every tenth file re-sends the previous person's file.
      i % 10 === 9 ? jsonSource(`p${i}.json`, fileOf((i - 1) * 10, 1)) : jsonSource(`p${i}.json`, fileOf(i * 10, 1)),
    );
    const progress: number[] = [];
    const outcomes = await importFiles(db, sources, NOW, undefined, ({ done, total }) => {
      expect(total).toBe(1200);
      progress.push(done);
    });
    // One group of IMPORT_GROUP_FILES files per transaction, progress after each.
    expect(progress).toEqual([IMPORT_GROUP_FILES, 2 * IMPORT_GROUP_FILES, 1200]);
    expect(outcomes.filter((o) => o.verdict === "imported")).toHaveLength(1080);
    expect(outcomes.filter((o) => o.verdict === "duplicate")).toHaveLength(120);
    expect(await counted()).toBe(1080);
    expect(await loadCopies(db)).toHaveLength(1200);
    expect((await listFiles(db)).length).toBe(1200);
  }, 60_000);

  it("when a group cannot be saved, saves its files one by one and reports the one that failed", async () => {
    const realAdd = db.copyGroups.add.bind(db.copyGroups);
    db.copyGroups.add = ((row: CopyGroupRow, ...rest: unknown[]) => {
      if (copiesOfGroupRow(row).some((file) => file.records.some((r) => r.id === record(200).id))) {
        return Promise.reject(new DOMException("full", "QuotaExceededError"));
      }
      return (realAdd as (...args: unknown[]) => Promise<unknown>)(row, ...rest);
    }) as unknown as typeof db.copyGroups.add;
    const outcomes = await importFiles(
      db,
      [jsonSource("a.json", fileOf(1, 2)), jsonSource("b.json", fileOf(200, 2)), jsonSource("c.json", fileOf(300, 2))],
      NOW,
    );
    expect(outcomes.map((o) => [o.name, o.verdict, o.reason, o.fileId === null])).toEqual([
      ["a.json", "imported", null, false],
      ["b.json", "failed", "not saved: storage is full", true],
      ["c.json", "imported", null, false],
    ]);
    expect((await listFiles(db)).map((f) => f.name)).toEqual(["a.json", "c.json"]);
    expect(await counted()).toBe(4);
  });

  it("keeps earlier imports when a later import fails", async () => {
    await importFiles(db, [jsonSource("a.json", fileOf(1, 2))], NOW);
    db.copyGroups.add = (() => Promise.reject(new DOMException("full", "QuotaExceededError"))) as never;
    const [outcome] = await importFiles(db, [jsonSource("b.json", fileOf(50, 2))], NOW + 1);
    expect(outcome?.verdict).toBe("failed");
    expect(await counted()).toBe(2);
    expect((await listFiles(db)).map((f) => f.name)).toEqual(["a.json"]);
  });

  it("two imports at once never count a record twice", async () => {
    const [first, second] = await Promise.all([
      importFiles(db, [jsonSource("a.json", fileOf(1, 3))], NOW),
      importFiles(db, [jsonSource("a-copy.json", fileOf(1, 3))], NOW),
    ]);
    expect([first?.[0]?.verdict, second?.[0]?.verdict].sort()).toEqual(["duplicate", "imported"]);
    expect(await counted()).toBe(3);
  });
});

describe("removeFile", () => {
  it("removes the file's own copies", async () => {
    const [a, b] = await importFiles(
      db,
      [jsonSource("a.json", fileOf(1, 2)), jsonSource("b.json", fileOf(10, 3))],
      NOW,
    );
    expect(await removeFile(db, a?.fileId as number)).toEqual({ removed: 2 });
    expect((await loadRecords(db)).map((r) => r.id).sort()).toEqual(
      fileOf(10, 3)
        .map((r) => r.id)
        .sort(),
    );
    expect((await listFiles(db)).map((f) => f.id)).toEqual([b?.fileId]);
  });

  it("keeps records another file also holds, as that file says", async () => {
    const [first, second] = await importFiles(
      db,
      [
        jsonSource("w1-2.json", fileOf(1, 2)),
        jsonSource("w1-3.json", fileOf(1, 3)),
        jsonSource("w1.json", fileOf(1, 1)),
      ],
      NOW,
    );
    expect(await removeFile(db, first?.fileId as number)).toEqual({ removed: 2 });
    expect(await counted()).toBe(3);
    // Each record now counts as the oldest remaining file that holds it says.
    const rows = effectiveRecords(await loadCopies(db));
    expect(rows.map((r) => r.fileId)).toEqual([second?.fileId, second?.fileId, second?.fileId]);
  });

  it("removing a refused or duplicate file changes no record that counts", async () => {
    const [, dup, bad] = await importFiles(
      db,
      [jsonSource("a.json", fileOf(1, 2)), jsonSource("a2.json", fileOf(1, 2)), source("x.json", "nope")],
      NOW,
    );
    expect(await removeFile(db, dup?.fileId as number)).toEqual({ removed: 2 });
    expect(await removeFile(db, bad?.fileId as number)).toEqual({ removed: 0 });
    expect(await counted()).toBe(2);
    expect((await listFiles(db)).length).toBe(1);
  });
});

describe("clearTeamData", () => {
  it("removes every file and record", async () => {
    await importFiles(db, [jsonSource("a.json", fileOf(1, 2))], NOW);
    await clearTeamData(db);
    expect((await listFiles(db)).length).toBe(0);
    expect(await loadRecords(db)).toEqual([]);
  });
});

describe("team database upgrades (issue 12)", () => {
  it("opens a version 1 database with every record kept as its file's own copy", async () => {
    const name = `team-upgrade-${crypto.randomUUID()}`;
    // A version 1 database as it shipped: one row per record id, held by the file that added it.
    const v1 = shipped(name, 1);
    await v1.table("files").bulkAdd([
      {
        name: "a.json",
        importedAt: NOW,
        team: "Finance",
        verdict: "imported",
        reason: null,
        recordCount: 2,
        addedCount: 2,
        recordIds: [record(1).id, record(2).id],
      },
      {
        name: "b.json",
        importedAt: NOW,
        team: "Finance",
        verdict: "imported",
        reason: null,
        recordCount: 1,
        addedCount: 1,
        recordIds: [record(3).id],
      },
    ]);
    const rows = [
      { ...record(1), fileId: 1 },
      { ...record(2, { week: "2026-W46" }), fileId: 1 },
      { ...record(3), fileId: 2 },
    ];
    await v1.table("records").bulkAdd(rows);
    v1.close();

    const upgraded = new TeamDatabase(name);
    try {
      expect(upgraded.tables.map((t) => t.name).sort()).toEqual(["copyGroups", "fileLog", "meta", "releases"]);
      expect((await loadCopies(upgraded)).sort((a, b) => a.id.localeCompare(b.id))).toEqual(rows);
      expect((await loadRecords(upgraded)).map((r) => r.id).sort()).toEqual(rows.map((r) => r.id).sort());
      expect((await listFiles(upgraded)).map((f) => f.name)).toEqual(["a.json", "b.json"]);
    } finally {
      await upgraded.delete();
    }
  });
});

describe("team database version 6: copies and ledger as JSON text (issue 16)", () => {
  /** A version 5 database as it shipped: copies and ledger rows as objects. */
  const version5 = (name: string) => shipped(name, 5);

  it("opens a version 5 database with every file's copies and every week's release kept", async () => {
    const name = `team-upgrade-${crypto.randomUUID()}`;
    const v5 = version5(name);
    const six = Array.from({ length: 6 }, (_, i) => record(i + 1, { week: "2026-W47" }));
    const late = record(7, { week: "2026-W47" });
    await v5.table("files").bulkAdd(
      [...six, late].map((_record, i) => ({
        name: `p${i}.json`,
        importedAt: NOW,
        team: null,
        verdict: "imported",
        reason: null,
        recordCount: 1,
        addedCount: 1,
      })),
    );
    await v5.table("fileCopies").bulkAdd([...six, late].map((r, i) => ({ fileId: i + 1, records: [r] })));
    // The ledger released the first six; one row written before `shownKeys` existed, one after.
    const keys = six.map(releaseKey).sort();
    await v5.table("releases").bulkAdd([
      { week: "2026-W47", records: six, history: [[], keys], shownKeys: keys },
      { week: "2026-W46", records: [], history: [[]] },
    ]);
    v5.close();

    const upgraded = new TeamDatabase(name);
    try {
      expect(upgraded.tables.map((t) => t.name).sort()).toEqual(["copyGroups", "fileLog", "meta", "releases"]);
      // Version 5's seven rows, one per file, are one group row now.
      expect(await upgraded.copyGroups.toArray()).toEqual([
        { groupId: 1, fileIds: [1, 2, 3, 4, 5, 6, 7], recordsJson: JSON.stringify([...six, late].map((r) => [r])) },
      ]);
      expect((await loadCopies(upgraded)).map(({ fileId, ...r }) => [fileId, r])).toEqual(
        [...six, late].map((r, i) => [i + 1, r]),
      );
      // The ledger still holds back the late file: one person alone is never released.
      const { released, waiting } = await releaseRecords(upgraded, 5);
      expect(waiting).toBe(1);
      expect(released).toEqual(six);
      const stored = (await upgraded.releases.toArray()).map((row) => Object.keys(row).sort());
      expect(stored).toEqual([
        ["releaseJson", "week"],
        ["releaseJson", "week"],
      ]);
    } finally {
      await upgraded.delete();
    }
  });

  it("stores the files saved together as one row that reads back to each file's records", async () => {
    const a = fileOf(1, 3);
    const b = fileOf(10, 2);
    const outcomes = await importFiles(db, [jsonSource("a.json", a), jsonSource("b.json", b)], NOW);
    const ids = outcomes.map((o) => o.fileId as number);
    const rows = await db.copyGroups.toArray();
    expect(rows).toHaveLength(1);
    expect(copiesOfGroupRow(rows[0] as CopyGroupRow)).toEqual([
      { fileId: ids[0], records: a },
      { fileId: ids[1], records: b },
    ]);
  });

  it("removing files writes their groups again without them, and a reload reads what is left", async () => {
    const ids = await twoImports();
    // The first file of the first group and the only file of the second go.
    await removeFiles(db, [ids[0] as number, ids[3] as number]);
    expect((await db.copyGroups.toArray()).map((row) => row.fileIds)).toEqual([[ids[1], ids[2]]]);
    db.close();
    const reopened = new TeamDatabase(db.name);
    expect((await loadCopies(reopened)).map((copy) => [copy.fileId, copy.id])).toEqual([
      ...fileOf(20, 2).map((r) => [ids[1], r.id]),
      ...fileOf(30, 2).map((r) => [ids[2], r.id]),
    ]);
    db = reopened;
  });
});

describe("team database version 8: the import log as JSON text per group (issue 16)", () => {
  /** A version 7 database as it shipped: one auto-incremented log row per file. */
  const version7 = (name: string) => shipped(name, 7);
  const logRow = (name: string, verdict: string) => ({
    name,
    importedAt: NOW,
    team: "Finance",
    verdict,
    reason: verdict === "rejected" ? "not JSON" : null,
    recordCount: verdict === "rejected" ? 0 : 2,
    addedCount: verdict === "imported" ? 2 : 0,
    updatedCount: 0,
    conflictCount: 0,
  });

  it("opens a version 7 database with every log entry kept, and never gives a removed file's id again", async () => {
    const name = `team-upgrade-${crypto.randomUUID()}`;
    const v7 = version7(name);
    const files = v7.table("files");
    await files.bulkAdd([logRow("a.json", "imported"), logRow("b.txt", "rejected"), logRow("c.json", "imported")]);
    await files.add(logRow("d.json", "imported"));
    // The newest file was removed: its id, 4, is past every row left.
    await files.delete(4);
    await v7.table("copyGroups").add({
      groupId: 1,
      fileIds: [1, 3],
      recordsJson: JSON.stringify([fileOf(10, 2), fileOf(20, 2)]),
    });
    const before = await files.orderBy("id").toArray();
    v7.close();

    const upgraded = new TeamDatabase(name);
    try {
      expect(upgraded.tables.map((t) => t.name).sort()).toEqual(["copyGroups", "fileLog", "meta", "releases"]);
      expect(await listFiles(upgraded)).toEqual(before);
      expect(await upgraded.fileLog.count()).toBe(1);
      const [added] = await importFiles(upgraded, [jsonSource("e.json", fileOf(30, 2))], NOW);
      expect(added?.fileId).toBe(5);
      expect((await listFiles(upgraded)).map((file) => [file.id, file.name])).toEqual([
        [1, "a.json"],
        [2, "b.txt"],
        [3, "c.json"],
        [5, "e.json"],
      ]);
      expect((await loadCopies(upgraded)).map((copy) => copy.fileId)).toEqual([1, 1, 3, 3, 5, 5]);
    } finally {
      await upgraded.delete();
    }
  });

  it("stores the log entries of files saved together as one row, in id order", async () => {
    const outcomes = await importFiles(
      db,
      [jsonSource("a.json", fileOf(1, 2)), source("b.json", "{"), jsonSource("c.json", fileOf(1, 2))],
      NOW,
    );
    const rows = await db.fileLog.toArray();
    expect(rows).toHaveLength(1);
    expect(filesOfLogRow(rows[0] as FileLogRow).map((file) => [file.id, file.name, file.verdict])).toEqual([
      [outcomes[0]?.fileId, "a.json", "imported"],
      [outcomes[1]?.fileId, "b.json", "rejected"],
      [outcomes[2]?.fileId, "c.json", "duplicate"],
    ]);
  });

  it("removing files writes their log rows again without them; ids only grow, across removal and clearing", async () => {
    const ids = await twoImports();
    expect(ids).toEqual([ids[0], (ids[0] as number) + 1, (ids[0] as number) + 2, (ids[0] as number) + 3]);
    await removeFiles(db, [ids[1] as number, ids[3] as number]);
    expect((await db.fileLog.toArray()).map((row) => filesOfLogRow(row).map((file) => file.id))).toEqual([
      [ids[0], ids[2]],
    ]);
    const [afterRemoval] = await importFiles(db, [jsonSource("5.json", fileOf(50, 2))], NOW);
    expect(afterRemoval?.fileId).toBe((ids[3] as number) + 1);
    await clearTeamData(db);
    expect(await listFiles(db)).toEqual([]);
    const [afterClearing] = await importFiles(db, [jsonSource("6.json", fileOf(60, 2))], NOW);
    expect(afterClearing?.fileId).toBe((ids[3] as number) + 2);
  });
});

describe("team database version 4 (issue 16)", () => {
  it("opens a version 3 database with each file's copies in one row", async () => {
    const name = `team-upgrade-${crypto.randomUUID()}`;
    const v3 = shipped(name, 3);
    const rows = [
      { ...record(1), fileId: 1 },
      { ...record(2, { week: "2026-W46" }), fileId: 1 },
      { ...record(1), fileId: 2 },
    ];
    await v3.table("fileRecords").bulkAdd(rows);
    v3.close();

    const upgraded = new TeamDatabase(name);
    try {
      expect(upgraded.tables.map((t) => t.name).sort()).toEqual(["copyGroups", "fileLog", "meta", "releases"]);
      const files = (await upgraded.copyGroups.toArray()).flatMap(copiesOfGroupRow);
      expect((files.find((file) => file.fileId === 1)?.records ?? []).map((r) => r.id).sort()).toEqual(
        [record(1).id, record(2).id].sort(),
      );
      expect((await loadCopies(upgraded)).sort((a, b) => a.fileId - b.fileId || a.id.localeCompare(b.id))).toEqual(
        rows.sort((a, b) => a.fileId - b.fileId || a.id.localeCompare(b.id)),
      );
      expect((await loadRecords(upgraded)).map((r) => r.id).sort()).toEqual([record(1).id, record(2).id].sort());
    } finally {
      await upgraded.delete();
    }
  });

  it("a second page's write is seen: the copies are read again when the generation moved", async () => {
    const other = new TeamDatabase(db.name);
    try {
      await importFiles(db, [jsonSource("a.json", fileOf(1, 2))], NOW);
      expect(await loadRecords(other)).toHaveLength(2);
      await importFiles(other, [jsonSource("b.json", fileOf(10, 3))], NOW);
      expect(await loadRecords(db)).toHaveLength(5);
      const [again] = await importFiles(db, [jsonSource("b-again.json", fileOf(10, 3))], NOW);
      expect(again?.verdict).toBe("duplicate");
    } finally {
      other.close();
    }
  });
});

describe("releaseRecords (issue 12)", () => {
  const week = (first: number, count: number) =>
    Array.from({ length: count }, (_, i) => record(first + i, { week: "2026-W47" }));

  it("keeps its ledger in the database: a late file waits, also after a reload, and removal goes through the rule", async () => {
    const files = [0, 1, 2, 3, 4, 5, 6].map((p) => jsonSource(`p${p}.json`, week(p + 1, 1)));
    await importFiles(db, files.slice(0, 6), NOW);
    expect((await releaseRecords(db, 5)).released).toHaveLength(6);

    const [late] = await importFiles(db, files.slice(6), NOW);
    expect(await releaseRecords(db, 5)).toMatchObject({ waiting: 1 });
    db.close();
    const reopened = new TeamDatabase(db.name);
    const again = await releaseRecords(reopened, 5);
    expect(again.waiting).toBe(1);
    expect(again.released.map((r) => r.id).sort()).toEqual(
      week(1, 6)
        .map((r) => r.id)
        .sort(),
    );

    await removeFile(reopened, late?.fileId as number);
    expect(await releaseRecords(reopened, 5)).toMatchObject({ waiting: 0 });
    // Removing one of the six released files is held back too.
    const first = (await listFiles(reopened))[0];
    await removeFile(reopened, first?.id as number);
    const afterRemoval = await releaseRecords(reopened, 5);
    expect(afterRemoval.waiting).toBe(1);
    expect(afterRemoval.released).toHaveLength(6);
    db = reopened;
  });

  it("while nothing is written, the release is read from the ledger alone; a write or another k plans again", async () => {
    await importFiles(
      db,
      [1, 2, 3, 4, 5, 6].map((n) => jsonSource(`${n}.json`, week(n, 1))),
      NOW,
    );
    expect((await releaseRecords(db, 5)).released).toHaveLength(6);
    const reopened = new TeamDatabase(db.name);
    // The copies are not read again: a reload costs the ledger only.
    const read = vi.spyOn(reopened.copyGroups, "toArray");
    expect(await releaseRecords(reopened, 5)).toMatchObject({ waiting: 0 });
    expect((await releaseRecords(reopened, 5)).released).toHaveLength(6);
    expect(read).not.toHaveBeenCalled();
    // Another group size plans again, from the copies.
    expect((await releaseRecords(reopened, 7)).released).toHaveLength(6);
    expect(read).toHaveBeenCalledTimes(1);
    await importFiles(reopened, [jsonSource("7.json", week(7, 1))], NOW);
    expect(await releaseRecords(reopened, 7)).toMatchObject({ waiting: 1 });
    db.close();
    db = reopened;
  });

  it("clearing keeps the ledger: figures go only through the rule", async () => {
    await importFiles(
      db,
      [jsonSource("team.json", week(1, 1)), ...[2, 3, 4, 5, 6].map((n) => jsonSource(`${n}.json`, week(n, 1)))],
      NOW,
    );
    await releaseRecords(db, 5);
    await clearTeamData(db);
    expect(await db.releases.count()).toBe(1);
    // All six leave together: allowed.
    expect((await releaseRecords(db, 5)).released).toEqual([]);
  });
});

describe("releasedTotals: the stored totals of the release (issue 16)", () => {
  const week = (first: number, count: number, name = "2026-W47") =>
    Array.from({ length: count }, (_, i) => record(first + i, { week: name }));
  /** Totals worked out afresh from the records the release rule lets through now. */
  const fresh = async (at: TeamDatabase, k = 5) => teamTotalsOf((await releaseRecords(at, k)).released);
  const people = (from: number, to: number) =>
    Array.from({ length: to - from }, (_, i) => jsonSource(`p${from + i}.json`, week(from + i, 1)));

  it("are the totals of the release, and move with it: an import, a removal of five, clearing", async () => {
    await importFiles(db, people(1, 13), NOW);
    const twelve = await releasedTotals(db, 5);
    expect(twelve.totals.map((t) => t.reporting)).toEqual([12]);
    expect(twelve.totals).toEqual(await fresh(db));

    // Five people leave together: the rule lets them go, and the stored totals follow at once.
    const ids = (await listFiles(db)).slice(0, 5).map((file) => file.id as number);
    await removeFiles(db, ids);
    const seven = await releasedTotals(db, 5);
    expect(seven.totals.map((t) => t.reporting)).toEqual([7]);
    expect(seven.totals).toEqual(await fresh(db));

    await clearTeamData(db);
    expect((await releasedTotals(db, 5)).totals).toEqual([]);
  });

  it("a reload reads the stored totals alone, and they are exactly what the import showed", async () => {
    await importFiles(db, people(1, 7), NOW);
    const shown = await releasedTotals(db, 5);
    db.close();
    const reopened = new TeamDatabase(db.name);
    const copies = vi.spyOn(reopened.copyGroups, "toArray");
    const ledger = vi.spyOn(reopened.releases, "toArray");
    expect(await releasedTotals(reopened, 5)).toEqual(shown);
    expect(copies).not.toHaveBeenCalled();
    expect(ledger).not.toHaveBeenCalled();
    db = reopened;
  });

  it("never outlive the data: a held-back change keeps the release's totals and counts as waiting", async () => {
    await importFiles(db, people(1, 7), NOW);
    const before = await releasedTotals(db, 5);
    await importFiles(db, people(7, 8), NOW);
    const after = await releasedTotals(db, 5);
    expect(after.totals).toEqual(before.totals);
    expect(after.waiting).toBe(1);
    expect(after.totals).toEqual(await fresh(db));
  });

  it("are worked out again for another group size, and when stored before they existed", async () => {
    await importFiles(db, [...people(1, 7), jsonSource("other-week.json", week(50, 1, "2026-W46"))], NOW);
    const at5 = await releasedTotals(db, 5);
    // One person's week is not released (fewer than 5): it waits, and is in no total.
    expect(at5.totals.map((t) => [t.week, t.reporting])).toEqual([["2026-W47", 6]]);
    expect(at5.waiting).toBe(1);
    expect((await releasedTotals(db, 7)).totals).toEqual(await fresh(db, 7));
    // A marker written by an older version has no totals: they are worked out and stored.
    const marker = await db.meta.get("released");
    if (marker?.key !== "released") throw new Error("no release marker");
    const { totals: _totals, ...older } = marker;
    await db.meta.put(older);
    expect(await releasedTotals(db, 7)).toEqual({ totals: await fresh(db, 7), waiting: marker.waiting });
    const stored = await db.meta.get("released");
    expect(stored?.key === "released" && stored.totals).toEqual(await fresh(db, 7));
  });
});

describe("importFiles, a batch with bad input (issue 16)", () => {
  it("a hostile file among hundreds of good ones gets its own verdict; the good ones, before and after it, import", async () => {
    const hostile: Record<number, ImportSource> = {
      3: source("p3.json", "{ this is not json"),
      250: source(
        "p250.json",
        JSON.stringify(aggregateFile(fileOf(2500, 1))).replace('"records":[', '"records":[{"__proto__":{}},'),
      ),
      501: source("p501.json", "x", 2 * 1024 * 1024),
      502: source("p502.json", `[${"[".repeat(50)}${"]".repeat(50)}]`),
    };
    const sources = Array.from({ length: 700 }, (_, i) => hostile[i] ?? jsonSource(`p${i}.json`, fileOf(i * 10, 1)));
    const outcomes = await importFiles(db, sources, NOW);
    expect(outcomes).toHaveLength(700);
    expect(outcomes.filter((o) => o.verdict === "rejected").map((o) => [o.name, o.reason])).toEqual([
      ["p3.json", "not JSON"],
      ["p250.json", 'records[0]: forbidden key "__proto__"'],
      ["p501.json", "file is larger than 1 MB"],
      ["p502.json", "not a team report (nested too deeply)"],
    ]);
    expect(outcomes.filter((o) => o.verdict === "imported")).toHaveLength(696);
    expect(await counted()).toBe(696);
    expect((await listFiles(db)).length).toBe(700);
  }, 60_000);

  it("a full disk in the middle of a batch: the groups before it stay saved, its files are tried one by one, the next group saves", async () => {
    const realAdd = db.copyGroups.add.bind(db.copyGroups);
    const failing = record(600 * 10).id;
    db.copyGroups.add = ((row: CopyGroupRow, ...rest: unknown[]) => {
      if (copiesOfGroupRow(row).some((file) => file.records.some((r) => r.id === failing))) {
        return Promise.reject(new DOMException("full", "QuotaExceededError"));
      }
      return (realAdd as (...args: unknown[]) => Promise<unknown>)(row, ...rest);
    }) as unknown as typeof db.copyGroups.add;
    const sources = Array.from({ length: 1200 }, (_, i) => jsonSource(`p${i}.json`, fileOf(i * 10, 1)));
    const outcomes = await importFiles(db, sources, NOW);
    expect(outcomes.filter((o) => o.verdict === "failed").map((o) => [o.name, o.reason])).toEqual([
      ["p600.json", "not saved: storage is full"],
    ]);
    expect(outcomes.filter((o) => o.verdict === "imported")).toHaveLength(1199);
    expect(await counted()).toBe(1199);
    expect((await listFiles(db)).length).toBe(1199);
  }, 60_000);
});
