import { describe, expect, it } from "vitest";
import type { WeekReleaseRow } from "../../../lib/db/team-database";
import { generateSampleTeam } from "../../../lib/team/sample-data";
import { recordsText, recordText } from "../../../lib/team/record-text";
import { releaseKey, type WeekRelease } from "../../../lib/team/releases";
import { copyGroupRow, releaseOfRow, releaseRow } from "../../../lib/team/team-database";
import { NOW, record } from "./fixtures";

const sample = generateSampleTeam(7, NOW).files.flatMap((file) => file.file.records);
const mixed = [record(1), record(2, { revision: 3 }), record(3, { tasks: [] }), ...sample.slice(0, 50)];

describe("record texts (issue 16)", () => {
  it("are the records' JSON, one at a time and as a list", () => {
    for (const one of mixed) expect(recordText(one)).toBe(JSON.stringify(one));
    expect(recordsText(mixed)).toBe(JSON.stringify(mixed));
    expect(recordsText([])).toBe("[]");
  });

  it("a group of copies holds exactly the JSON of its files' records", () => {
    const files = [
      { fileId: 4, records: mixed.slice(0, 3) },
      { fileId: 5, records: [] },
      { fileId: 6, records: mixed.slice(3) },
    ];
    expect(copyGroupRow(files).recordsJson).toBe(JSON.stringify(files.map((file) => file.records)));
  });
});

describe("release ledger rows (issue 16)", () => {
  const records = mixed.slice(0, 6);
  const keys = records.map(releaseKey).sort();
  const earlier = records.slice(0, 5).map(releaseKey).sort();
  const roundTrip = (release: WeekRelease) => releaseOfRow(releaseRow(release));

  it("read back to the same release, its shown keys as the set of its history they are", () => {
    const shownLast: WeekRelease = { week: "2026-W47", records, history: [[], earlier, keys], shownKeys: keys };
    // The same set again, as a new array: a release back to an earlier set.
    const shownEarlier: WeekRelease = { ...shownLast, shownKeys: [...earlier] };
    for (const release of [shownLast, shownEarlier]) {
      const row = releaseRow(release);
      expect(row.releaseJson).not.toContain("shownKeys");
      expect(row.releaseJson.length).toBeLessThan(JSON.stringify(release).length);
      expect(releaseOfRow(row)).toEqual(release);
    }
    expect(JSON.parse(releaseRow(shownEarlier).releaseJson).shownIn).toBe(1);
  });

  it("keep shown keys that are in no set of the history, and rows without any", () => {
    const stray: WeekRelease = { week: "2026-W47", records, history: [[], earlier], shownKeys: keys };
    expect(roundTrip(stray)).toEqual(stray);
    const none: WeekRelease = { week: "2026-W46", records: [], history: [[]] };
    expect(roundTrip(none)).toEqual(none);
  });

  it("rows written before shown keys had a place in the history still read", () => {
    const release: WeekRelease = { week: "2026-W47", records, history: [[], keys], shownKeys: keys };
    expect(releaseOfRow({ week: release.week, releaseJson: JSON.stringify(release) })).toEqual(release);
  });

  it("a row naming a set its history does not hold is an error, not a release", () => {
    const row: WeekReleaseRow = {
      week: "2026-W47",
      releaseJson: JSON.stringify({ week: "2026-W47", records: [], history: [[]], shownIn: 3 }),
    };
    expect(() => releaseOfRow(row)).toThrow(/2026-W47/);
  });
});
