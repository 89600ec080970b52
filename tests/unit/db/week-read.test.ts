import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DATABASE_NAME, MeterDatabase } from "../../../lib/db/database";
import { recordSegments } from "../../../lib/db/recording";
import { openForReading, PERSONAL_DATABASE, readFirstRows, readWeekRows } from "../../../lib/db/week-read";

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

  it("reads the kept values, the days and the latest visit of the tool found in them, in one transaction", async () => {
    const db = new MeterDatabase(name);
    await recordSegments(
      db,
      [
        { toolId: "chatgpt", start: at(0), end: at(5) },
        { toolId: "chatgpt", start: at(30), end: at(31) },
        { toolId: "claude", start: at(40), end: at(42) },
      ],
      GAP,
    );
    await db.keptValues.bulkPut([
      { key: "tracking", value: { engagement: { open: { toolId: "chatgpt", start: at(50), lastSeen: at(51) } } } },
      { key: "settings", value: { sessionGapMinutes: 20 } },
    ]);
    const latestChatgpt = await db.visits.where("[toolId+start]").between(["chatgpt", 0], ["chatgpt", Infinity]).last();
    const expectedDays = await db.days.where("date").aboveOrEqual("2026-11-23").toArray();
    db.close();

    const reader = await openForReading(indexedDB, name);
    if (!reader) throw new Error("the database exists");
    const seen: Record<string, unknown>[] = [];
    const toolOf = (kept: Record<string, unknown>) => {
      seen.push({ ...kept });
      return (kept.tracking as { engagement: { open: { toolId: string } } }).engagement.open.toolId;
    };
    const rows = await readFirstRows(reader, "2026-11-23", ["tracking", "settings", "policy"], toolOf);
    expect(rows.kept).toEqual({
      tracking: { engagement: { open: { toolId: "chatgpt", start: at(50), lastSeen: at(51) } } },
      settings: { sessionGapMinutes: 20 },
      policy: undefined,
    });
    // The tool is looked for once every kept value is in.
    expect(seen).toEqual([rows.kept]);
    expect(rows.days).toEqual(expect.arrayContaining(expectedDays));
    expect(rows.days).toHaveLength(expectedDays.length);
    expect(rows.latestVisit).toEqual(latestChatgpt);
    // The open tool is not the one used last: its own latest visit is read.
    const claudeOpen = () => "claude";
    expect((await readFirstRows(reader, "2026-11-23", [], claudeOpen)).latestVisit?.start).toBe(at(40));
    const chatgptBehind = await readFirstRows(reader, "2026-11-23", [], () => "chatgpt");
    expect(chatgptBehind.latestVisit).toEqual(latestChatgpt);
    expect((await readFirstRows(reader, "2026-11-23", [], () => "gemini")).latestVisit).toBeUndefined();
    // No tool found: no visit read.
    expect((await readFirstRows(reader, "2026-11-23", ["tracking"], () => null)).latestVisit).toBeUndefined();
    // Days from a later date only.
    expect((await readFirstRows(reader, "2026-11-26", [], () => null)).days).toEqual([]);
    reader.close();
  });

  it("reads no kept values from a database older than the store that keeps them", async () => {
    // Version 2 of the schema, as Dexie writes it (native version 20): no keptValues store.
    const old = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name, 20);
      request.onupgradeneeded = () => {
        const days = request.result.createObjectStore("days", { keyPath: ["date", "toolId"] });
        days.createIndex("date", "date");
        const visits = request.result.createObjectStore("visits", { keyPath: "id", autoIncrement: true });
        visits.createIndex("[toolId+start]", ["toolId", "start"]);
        visits.createIndex("start", "start");
        days.put({ date: "2026-11-25", toolId: "chatgpt", activeSeconds: 60, visits: 1 });
        visits.put({ toolId: "chatgpt", start: at(0), end: at(1), activeMs: 60_000, date: "2026-11-25" });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    old.close();
    const reader = await openForReading(indexedDB, name);
    if (!reader) throw new Error("the database exists");
    const rows = await readFirstRows(reader, "2026-11-23", ["tracking"], () => "chatgpt");
    expect(rows.kept).toEqual({});
    expect(rows.days).toEqual([{ date: "2026-11-25", toolId: "chatgpt", activeSeconds: 60, visits: 1 }]);
    expect(rows.latestVisit?.start).toBe(at(0));
    reader.close();
    await new Promise((resolve) => {
      indexedDB.deleteDatabase(name).onsuccess = resolve;
    });
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
