import { describe, expect, it } from "vitest";
import { classifyFile, classifyFiles } from "../../../lib/team/dedupe";
import type { FileReading } from "../../../lib/team/import";
import { aggregateFile, idFor, record } from "./fixtures";

const reading = (name: string, ids: number[]): FileReading => ({
  ok: true,
  name,
  file: aggregateFile(ids.map((n, i) => record(n, { week: `2026-W${String(40 + i).padStart(2, "0")}` }))),
});
const held = (...ids: number[]) => new Set(ids.map(idFor));

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
      duplicateCount: 0,
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
