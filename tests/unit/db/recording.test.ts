import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MeterDatabase } from "../../../lib/db/database";
import { recordSegments } from "../../../lib/db/recording";
import { pruneRawData, retentionCutoff } from "../../../lib/db/retention";

const T0 = new Date(2026, 10, 25, 9, 0).getTime();
const min = (m: number) => T0 + m * 60_000;
const GAP = 10 * 60_000;
let db: MeterDatabase;

beforeEach(() => {
  db = new MeterDatabase(`test-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await db.delete();
});

describe("recordSegments", () => {
  it("merges segments into visits and keeps daily totals", async () => {
    await recordSegments(db, [{ toolId: "chatgpt", start: min(0), end: min(5) }], GAP);
    await recordSegments(db, [{ toolId: "chatgpt", start: min(8), end: min(10) }], GAP);
    await recordSegments(db, [{ toolId: "claude", start: min(10), end: min(11) }], GAP);
    await recordSegments(db, [{ toolId: "chatgpt", start: min(40), end: min(41) }], GAP);

    const visits = await db.visits.orderBy("start").toArray();
    expect(visits.map((v) => [v.toolId, v.activeMs / 60_000])).toEqual([
      ["chatgpt", 7],
      ["claude", 1],
      ["chatgpt", 1],
    ]);
    expect(await db.days.toArray()).toEqual([
      { date: "2026-11-25", toolId: "chatgpt", activeMs: 8 * 60_000, visits: 2 },
      { date: "2026-11-25", toolId: "claude", activeMs: 60_000, visits: 1 },
    ]);
  });

  it("recording the same segment again, even with a later end, never counts it twice", async () => {
    await recordSegments(db, [{ toolId: "chatgpt", start: min(0), end: min(5) }], GAP);
    await recordSegments(db, [{ toolId: "chatgpt", start: min(0), end: min(5) }], GAP);
    await recordSegments(db, [{ toolId: "chatgpt", start: min(0), end: min(3) }], GAP);
    expect(await db.days.get(["2026-11-25", "chatgpt"])).toMatchObject({ activeMs: 5 * 60_000, visits: 1 });
    await recordSegments(db, [{ toolId: "chatgpt", start: min(0), end: min(6) }], GAP);
    expect(await db.days.get(["2026-11-25", "chatgpt"])).toMatchObject({ activeMs: 6 * 60_000, visits: 1 });
    expect(await db.visits.toArray()).toMatchObject([{ activeMs: 6 * 60_000, end: min(6) }]);
  });

  it("re-recording both pieces of a midnight split adds nothing", async () => {
    const late = new Date(2026, 10, 25, 23, 58).getTime();
    const midnight = new Date(2026, 10, 26).getTime();
    const pieces = [
      { toolId: "chatgpt", start: late, end: midnight },
      { toolId: "chatgpt", start: midnight, end: midnight + 60_000 },
    ];
    await recordSegments(db, pieces, GAP);
    await recordSegments(db, pieces, GAP);
    expect((await db.days.toArray()).map((d) => d.activeMs)).toEqual([120_000, 60_000]);
    expect(await db.visits.count()).toBe(1);
  });

  it("a visit that crosses midnight counts once, on its first day, with time on both days", async () => {
    const late = new Date(2026, 10, 25, 23, 58).getTime();
    const midnight = new Date(2026, 10, 26).getTime();
    await recordSegments(
      db,
      [
        { toolId: "chatgpt", start: late, end: midnight },
        { toolId: "chatgpt", start: midnight, end: midnight + 60_000 },
      ],
      GAP,
    );
    expect(await db.days.orderBy("date").toArray()).toEqual([
      { date: "2026-11-25", toolId: "chatgpt", activeMs: 120_000, visits: 1 },
      { date: "2026-11-26", toolId: "chatgpt", activeMs: 60_000, visits: 0 },
    ]);
  });

  it("writes nothing half-way when a write fails", async () => {
    await recordSegments(db, [{ toolId: "chatgpt", start: min(0), end: min(5) }], GAP);
    const failing = db.days.put.bind(db.days);
    let calls = 0;
    db.days.put = ((...args: Parameters<typeof failing>) => {
      calls += 1;
      if (calls === 2) return Promise.reject(new DOMException("quota", "QuotaExceededError"));
      return failing(...args);
    }) as typeof db.days.put;
    await expect(
      recordSegments(
        db,
        [
          { toolId: "claude", start: min(20), end: min(21) },
          { toolId: "gemini", start: min(22), end: min(23) },
        ],
        GAP,
      ),
    ).rejects.toThrow();
    expect(await db.visits.count()).toBe(1);
    expect((await db.days.toArray()).map((d) => d.toolId)).toEqual(["chatgpt"]);
  });
});

describe("pruneRawData", () => {
  it("removes old visits in chunks and keeps the daily totals", async () => {
    const day = 24 * 60 * 60_000;
    const old = Array.from({ length: 25 }, (_, i) => ({
      toolId: "chatgpt",
      start: T0 - 200 * day + i * GAP * 2,
      end: T0 - 200 * day + i * GAP * 2 + 60_000,
    }));
    await recordSegments(db, [...old, { toolId: "chatgpt", start: min(0), end: min(1) }], GAP);
    const daysBefore = await db.days.toArray();

    const removed = await pruneRawData(db, retentionCutoff(T0, 180), 7);

    expect(removed).toBe(25);
    expect(await db.visits.count()).toBe(1);
    expect(await db.days.toArray()).toEqual(daysBefore);
  });

  it("keeps old answers with their day only, and recent answers as they are", async () => {
    const day = 24 * 60 * 60_000;
    const oldStart = T0 - 200 * day;
    await recordSegments(db, [{ toolId: "claude", start: oldStart, end: oldStart + 60_000 }], GAP);
    await recordSegments(db, [{ toolId: "chatgpt", start: min(0), end: min(1) }], GAP);
    const [oldVisit, newVisit] = await db.visits.orderBy("start").toArray();
    const tag = (visit: typeof oldVisit) => ({
      visitId: visit?.id as number,
      toolId: visit?.toolId as string,
      visitStart: visit?.start as number,
      date: visit?.date as string,
      category: "coding",
      minutesSaved: 15,
      taggedAt: (visit?.start as number) + 120_000,
    });
    await db.tags.bulkPut([tag(oldVisit), tag(newVisit)]);

    await pruneRawData(db, retentionCutoff(T0, 180));

    const [oldTag, newTag] = await db.tags.orderBy("date").toArray();
    const midnight = new Date(oldStart);
    midnight.setHours(0, 0, 0, 0);
    expect(oldTag).toMatchObject({ date: oldVisit?.date, minutesSaved: 15, visitStart: midnight.getTime() });
    expect(oldTag?.taggedAt).toBe(midnight.getTime());
    expect(newTag).toEqual(tag(newVisit));
  });
});
