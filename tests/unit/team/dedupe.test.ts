import { describe, expect, it } from "vitest";
import type { WeeklyRecord } from "../../../lib/report/aggregate-format";
import { contentFingerprint } from "../../../lib/report/revision";
import { classifyFile, classifyFiles, effectiveRecords, type HeldVersion } from "../../../lib/team/dedupe";
import type { FileReading } from "../../../lib/team/import";
import { aggregateFile, idFor, record } from "./fixtures";

/** Record n, in a week of its own. */
const recordOf = (n: number, overrides: Partial<WeeklyRecord> = {}) =>
  record(n, { week: `2026-W${30 + n}`, ...overrides });
const reading = (name: string, ids: number[]): FileReading => ({
  ok: true,
  name,
  file: aggregateFile(ids.map((n) => recordOf(n))),
});
const versionOf = (r: WeeklyRecord): HeldVersion => ({ revision: r.revision ?? 0, fingerprint: contentFingerprint(r) });
/** Held versions of the records `reading` would make for these ids (same week, same content). */
const held = (...ids: number[]) =>
  new Map(
    ids.map((n) => {
      const r = recordOf(n);
      return [idFor(n), versionOf(r)] as const;
    }),
  );

describe("classifyFile", () => {
  it.each([
    ["imported", [1, 2, 3], [], [1, 2, 3], 0],
    ["imported", [1, 2, 3], [7, 8], [1, 2, 3], 0],
    ["partly duplicate", [1, 2, 3], [2], [1, 3], 1],
    ["partly duplicate", [1, 2, 3], [1, 3, 9], [2], 2],
    ["duplicate", [1, 2, 3], [1, 2, 3], [], 3],
    ["duplicate", [1], [1, 2], [], 1],
  ] as const)("%s: file %j against held %j adds %j", (verdict, ids, heldIds, added, duplicates) => {
    const result = classifyFile(reading("f.json", [...ids]), held(...heldIds));
    expect(result.verdict).toBe(verdict);
    expect(result.reason).toBeNull();
    expect(result.newRecords.map((r) => r.id)).toEqual(added.map(idFor));
    expect(result.duplicateCount).toBe(duplicates);
  });

  it("a refused file is rejected with its reason and adds nothing", () => {
    const result = classifyFile({ ok: false, name: "x.json", reason: "not JSON" }, held());
    expect(result).toEqual({
      name: "x.json",
      verdict: "rejected",
      reason: "not JSON",
      file: null,
      newRecords: [],
      updatedCount: 0,
      duplicateCount: 0,
      conflictCount: 0,
    });
  });
});

describe("classifyFiles", () => {
  it("counts records added by earlier files of the same import as held", () => {
    const verdicts = classifyFiles(
      [
        reading("a.json", [1, 2]),
        reading("a-again.json", [1, 2]),
        { ok: false, name: "bad.json", reason: "not JSON" },
        reading("b.json", [2, 3]),
        reading("c.json", [4]),
      ],
      held(9),
    );
    expect(verdicts.map((v) => [v.name, v.verdict, v.newRecords.length])).toEqual([
      ["a.json", "imported", 2],
      ["a-again.json", "duplicate", 0],
      ["bad.json", "rejected", 0],
      ["b.json", "partly duplicate", 1],
      ["c.json", "imported", 1],
    ]);
  });

  it("does not change the held ids it was given", () => {
    const given = held(1);
    classifyFiles([reading("a.json", [2])], given);
    expect(given).toEqual(held(1));
  });
});

describe("revisions and conflicts (issue 12)", () => {
  const file = (name: string, records: WeeklyRecord[]): FileReading => ({
    ok: true,
    name,
    file: aggregateFile(records),
  });
  const tagged = (n: number, revision: number) =>
    recordOf(n, { revision, tasks: [{ category: "writing", tags: 2, minutesSaved: 30 }] });

  it("an honest re-export with other content and a higher revision is updated, not a duplicate", () => {
    const [first, again] = classifyFiles([file("a.json", [recordOf(1)]), file("a2.json", [tagged(1, 1)])], new Map());
    expect(first?.verdict).toBe("imported");
    expect(again?.verdict).toBe("updated");
    expect(again?.updatedCount).toBe(1);
  });

  it("the same id and revision with other content is a conflict, never silently dropped", () => {
    const zeroed = recordOf(1, { tools: [], features: { active: false, activeInWeeks1to4: true } });
    const [, second] = classifyFiles([file("insider.json", [zeroed]), file("honest.json", [recordOf(1)])], new Map());
    expect(second?.verdict).toBe("conflict");
    expect(second?.conflictCount).toBe(1);
  });

  it("an older revision sent again is a duplicate", () => {
    const verdict = classifyFile(file("old.json", [recordOf(1)]), new Map([[idFor(1), versionOf(tagged(1, 1))]]));
    expect(verdict.verdict).toBe("duplicate");
  });

  it("the record that counts is the newest revision, then the earliest file; removing a file restores the others", () => {
    const copies = [
      { ...recordOf(1, { tools: [] }), fileId: 1 },
      { ...recordOf(1), fileId: 2 },
      { ...tagged(2, 1), fileId: 1 },
      { ...tagged(2, 2), fileId: 3 },
    ];
    const pick = (rows: typeof copies) =>
      effectiveRecords(rows)
        .map((r) => [r.id, r.fileId])
        .sort();
    expect(pick(copies)).toEqual([
      [idFor(1), 1],
      [idFor(2), 3],
    ]);
    // The lead removes file 1 (the insider's zeroed copy): file 2's copy counts again.
    expect(pick(copies.filter((r) => r.fileId !== 1))).toEqual([
      [idFor(1), 2],
      [idFor(2), 3],
    ]);
  });

  it("a file that would take the dashboard past its cap on weekly records is refused", () => {
    const verdict = classifyFile(file("more.json", [recordOf(1), recordOf(2)]), new Map(), new Set(), 99_999);
    expect(verdict.verdict).toBe("rejected");
    expect(verdict.reason).toContain("past 100,000");
    expect(classifyFile(file("fits.json", [recordOf(1)]), new Map(), new Set(), 99_999).verdict).toBe("imported");
  });

  it("a file that would take the dashboard past its cap on weeks is refused", () => {
    const weeks = new Set(Array.from({ length: 104 }, (_, i) => `2020-W${i}`));
    const verdict = classifyFile(file("more.json", [recordOf(1)]), new Map(), weeks);
    expect(verdict.verdict).toBe("rejected");
    expect(verdict.reason).toContain("at most 104");
  });
});
