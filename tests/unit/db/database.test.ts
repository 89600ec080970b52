import Dexie from "dexie";
import { describe, expect, it } from "vitest";
import { MeterDatabase } from "../../../lib/db/database";

describe("personal database upgrades", () => {
  it("opens a version 1 database as version 2 with every row kept and a secrets table added", async () => {
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
    expect(db.verno).toBe(2);
    expect(await db.visits.toArray()).toEqual([{ ...visit, id }]);
    expect(await db.days.count()).toBe(1);
    expect(await db.tags.get(id as number)).toMatchObject({ category: "coding", minutesSaved: 5 });
    expect(await db.secrets.count()).toBe(0);
    await db.delete();
  });
});
