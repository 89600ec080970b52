import Dexie from "dexie";
import { describe, expect, it } from "vitest";
import { MeterDatabase } from "../../../lib/db/database";

describe("personal database upgrades", () => {
  it("opens a version 1 database as version 4 with every row kept and the new tables added", async () => {
    const name = `upgrade-${crypto.randomUUID()}`;
    // Version 1 exactly as shipped.
    const v1 = new Dexie(name);
    v1.version(1).stores({
      visits: "++id, [toolId+start], start",
      tags: "visitId, date",
      days: "[date+toolId], date",
    });
    const visit = { toolId: "chatgpt", start: 1, end: 2, activeMs: 1, date: "2026-11-25", prompt: "none" };
    const id = await v1.table("visits").add(visit);
    await v1.table("days").put({ date: "2026-11-25", toolId: "chatgpt", activeMs: 1, visits: 1 });
    await v1.table("tags").put({
      visitId: id,
      toolId: "chatgpt",
      visitStart: 1,
      date: "2026-11-25",
      category: "coding",
      minutesSaved: 5,
      taggedAt: 3,
    });
    v1.close();

    const db = new MeterDatabase(name);
    await db.open();
    expect(db.verno).toBe(4);
    expect(await db.visits.toArray()).toEqual([{ ...visit, id }]);
    expect(await db.days.count()).toBe(1);
    expect(await db.tags.get(id as number)).toMatchObject({ category: "coding", minutesSaved: 5 });
    expect(await db.secrets.count()).toBe(0);
    // The worker moves what extension storage still holds, once: the upgrade asked for it.
    expect(await db.keptValues.toArray()).toEqual([{ key: "importFromExtensionStorage", value: true }]);
    await db.delete();
  });

  it("a new database has nothing to move from extension storage", async () => {
    const db = new MeterDatabase(`fresh-${crypto.randomUUID()}`);
    await db.open();
    expect(await db.keptValues.count()).toBe(0);
    await db.delete();
  });

  it("opens a version 2 database as version 4 with every row kept, the move out of extension storage due and an empty table of exported weeks", async () => {
    const name = `upgrade-${crypto.randomUUID()}`;
    // Version 2 exactly as shipped.
    const v2 = new Dexie(name);
    v2.version(1).stores({ visits: "++id, [toolId+start], start", tags: "visitId, date", days: "[date+toolId], date" });
    v2.version(2).stores({ secrets: "name" });
    await v2.table("days").put({ date: "2026-11-25", toolId: "chatgpt", activeMs: 1, visits: 1 });
    await v2.table("secrets").put({ name: "device", bytes: new Uint8Array(32).fill(7) });
    v2.close();

    const db = new MeterDatabase(name);
    await db.open();
    expect(db.verno).toBe(4);
    expect(await db.days.count()).toBe(1);
    expect((await db.secrets.get("device"))?.bytes).toEqual(new Uint8Array(32).fill(7));
    expect(await db.keptValues.toArray()).toEqual([{ key: "importFromExtensionStorage", value: true }]);
    expect(await db.exportedWeeks.count()).toBe(0);
    await db.exportedWeeks.put({ week: "2026-W47", fingerprint: "00ab", revision: 2 });
    expect(await db.exportedWeeks.get("2026-W47")).toEqual({ week: "2026-W47", fingerprint: "00ab", revision: 2 });
    await db.delete();
  });

  it("opens a version 3 database as version 4 with its kept values and no second move out of extension storage", async () => {
    const name = `upgrade-${crypto.randomUUID()}`;
    // Version 3 exactly as shipped.
    const v3 = new Dexie(name);
    v3.version(1).stores({ visits: "++id, [toolId+start], start", tags: "visitId, date", days: "[date+toolId], date" });
    v3.version(2).stores({ secrets: "name" });
    v3.version(3).stores({ keptValues: "key" });
    await v3.table("keptValues").put({ key: "trackingSince", value: "2026-10-01" });
    v3.close();

    const db = new MeterDatabase(name);
    await db.open();
    expect(db.verno).toBe(4);
    expect(await db.keptValues.toArray()).toEqual([{ key: "trackingSince", value: "2026-10-01" }]);
    await db.delete();
  });
});
