import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DATABASE_NAME, MeterDatabase } from "../../../lib/db/database";
import { recordSegments } from "../../../lib/db/recording";
import { openForReading, PERSONAL_DATABASE, readWeekRows } from "../../../lib/db/week-read";

const T0 = new Date(2026, 10, 25, 9, 0).getTime(); // Wednesday 25 November 2026
const at = (minutes: number) => T0 + minutes * 60_000;
const GAP = 10 * 60_000;
let name: string;

beforeEach(() => {
  name = `week-${crypto.randomUUID()}`;
});
afterEach(async () => {
  await new MeterDatabase(name).delete();
});

describe("the popup's first read", () => {
  it("names the personal database", () => {
    expect(PERSONAL_DATABASE).toBe(DATABASE_NAME);
  });

  it("finds nothing, and creates nothing, before the database exists", async () => {
    expect(await openForReading(indexedDB, name)).toBeNull();
    expect((await indexedDB.databases()).map((db) => db.name)).not.toContain(name);
    // The extension's own code then creates it with its schema, as always.
    const db = new MeterDatabase(name);
    await recordSegments(db, [{ toolId: "chatgpt", start: at(0), end: at(5) }], GAP);
    expect(await db.days.count()).toBe(1);
    db.close();
  });

  it("reads the daily totals from a date on and the latest visit of one tool, as stored", async () => {
    const db = new MeterDatabase(name);
    const monday = new Date(2026, 10, 23, 9, 0).getTime();
    const sunday = new Date(2026, 10, 22, 9, 0).getTime();
    await recordSegments(
      db,
      [
        { toolId: "chatgpt", start: sunday, end: sunday + 60_000 },
        { toolId: "chatgpt", start: monday, end: monday + 120_000 },
        { toolId: "chatgpt", start: at(0), end: at(5) },
        { toolId: "chatgpt", start: at(30), end: at(31) },
        { toolId: "claude", start: at(40), end: at(42) },
      ],
      GAP,
    );
    const latestChatgpt = await db.visits.where("[toolId+start]").between(["chatgpt", 0], ["chatgpt", Infinity]).last();
    const expectedDays = await db.days.where("date").aboveOrEqual("2026-11-23").toArray();
    db.close();

    const reader = await openForReading(indexedDB, name);
    if (!reader) throw new Error("the database exists");
    const rows = await readWeekRows(reader, "2026-11-23", "chatgpt");
    expect(rows.days).toHaveLength(3);
    expect(rows.days).toEqual(expect.arrayContaining(expectedDays));
    expect(rows.latestVisit).toEqual(latestChatgpt);
    expect(rows.latestVisit?.start).toBe(at(30));
    expect((await readWeekRows(reader, "2026-11-23", "gemini")).latestVisit).toBeUndefined();
    expect((await readWeekRows(reader, "2026-11-23", null)).latestVisit).toBeUndefined();
    reader.close();
  });

  it("steps aside when the extension upgrades the database", async () => {
    const older = new MeterDatabase(name);
    await older.open();
    older.close();
    const reader = await openForReading(indexedDB, name);
    expect(reader).not.toBeNull();
    // A newer schema opening while the reader is still open is not blocked by it.
    const upgraded = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name, (reader?.version ?? 0) + 1);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error("blocked by the popup's reader"));
    });
    expect(upgraded.version).toBe((reader?.version ?? 0) + 1);
    upgraded.close();
  });
});
