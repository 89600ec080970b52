import Dexie from "dexie";
import { describe, expect, it } from "vitest";
import { MeterDatabase } from "../../../lib/db/database";

describe("personal database upgrades", () => {
  it("opens a version 1 database as version 3 with every row kept and the new tables added", async () => {
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
    expect(db.verno).toBe(3);
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
});
