import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MeterDatabase } from "../../../lib/db/database";
import { reviseExport } from "../../../lib/db/exported-weeks";
import { aggregateFile, record } from "../team/fixtures";

let db: MeterDatabase;
beforeEach(() => {
  db = new MeterDatabase(`exported-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await db.delete();
});

describe("reviseExport (issue 12)", () => {
  it("remembers each exported week and raises the revision only when its content changed", async () => {
    const w47 = record(1);
    const w48 = record(2, { week: "2026-W48" });
    const first = await reviseExport(db, aggregateFile([w47, w48]));
    expect(first.records.map((r) => r.revision)).toEqual([undefined, undefined]);
    const changed = { ...w48, tasks: [{ category: "email", tags: 2, minutesSaved: 10 }] };
    const second = await reviseExport(db, aggregateFile([w47, changed]));
    expect(second.records.map((r) => r.revision ?? 0)).toEqual([0, 1]);
    expect(await db.exportedWeeks.get("2026-W48")).toMatchObject({ revision: 1 });
    const third = await reviseExport(db, aggregateFile([w47, changed]));
    expect(third.records.map((r) => r.revision ?? 0)).toEqual([0, 1]);
  });
});
