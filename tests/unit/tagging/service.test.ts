import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MeterDatabase } from "../../../lib/db/database";
import { recordSegments } from "../../../lib/db/recording";
import { DEFAULT_TASK_CATEGORIES } from "../../../lib/tagging/categories";
import type { PromptDay } from "../../../lib/tagging/prompt";
import { createTaggingService, type PendingVisit } from "../../../lib/tagging/service";

const T0 = new Date(2026, 10, 25, 9, 0).getTime();
let db: MeterDatabase;
let day: PromptDay | null;
let badge: number[];
let notified: PendingVisit[];
let rules = { enabled: true, minMinutes: 2, dailyLimit: 3, notifications: false };

function service(now = T0 + 3600_000) {
  return createTaggingService({
    db,
    now: () => now,
    rules: async () => rules,
    categories: async () => DEFAULT_TASK_CATEGORIES,
    loadPromptDay: async () => day,
    savePromptDay: async (next) => {
      day = next;
    },
    setBadge: async (count) => {
      badge.push(count);
    },
    notify: async (visit) => {
      notified.push(visit);
    },
  });
}

async function visit(toolId: string, startMin: number, minutes: number) {
  await recordSegments(
    db,
    [{ toolId, start: T0 + startMin * 60_000, end: T0 + (startMin + minutes) * 60_000 }],
    600_000,
  );
}

beforeEach(() => {
  db = new MeterDatabase(`tag-${crypto.randomUUID()}`);
  day = null;
  badge = [];
  notified = [];
  rules = { enabled: true, minMinutes: 2, dailyLimit: 3, notifications: false };
});
afterEach(async () => {
  await db.delete();
});

describe("tagging service", () => {
  it("asks about a visit the user left, sets the badge and notifies when enabled", async () => {
    rules.notifications = true;
    await visit("chatgpt", 0, 12);
    const tagging = service();
    await tagging.visitsLeft(["chatgpt"]);
    expect(await tagging.pending()).toMatchObject([{ toolId: "chatgpt", activeSeconds: 720 }]);
    expect(badge.at(-1)).toBe(1);
    expect(notified).toHaveLength(1);
    expect(day).toMatchObject({ shown: 1 });
  });

  it("a merged visit is never asked about twice", async () => {
    await visit("chatgpt", 0, 5);
    const tagging = service();
    await tagging.visitsLeft(["chatgpt"]);
    await visit("chatgpt", 7, 5); // back within the session gap: the same visit
    await tagging.visitsLeft(["chatgpt"]);
    expect(await tagging.pending()).toHaveLength(1);
    expect(day).toMatchObject({ shown: 1 });
  });

  it("saves an answer, replaces it on re-tagging, and clears the badge", async () => {
    await visit("claude", 0, 10);
    const tagging = service();
    await tagging.visitsLeft(["claude"]);
    const [pending] = await tagging.pending();
    expect(await tagging.saveTag({ visitId: pending?.visitId ?? 0, category: "writing", minutesSaved: 15 })).toEqual({
      ok: true,
    });
    expect(
      await tagging.saveTag({ visitId: pending?.visitId ?? 0, category: "coding", minutesSaved: 30, note: "n" }),
    ).toEqual({
      ok: true,
    });
    expect(await db.tags.toArray()).toMatchObject([
      { toolId: "claude", category: "coding", minutesSaved: 30, note: "n" },
    ]);
    expect(await tagging.pending()).toEqual([]);
    expect(badge.at(-1)).toBe(0);
  });

  it("refuses a bad answer as a whole", async () => {
    await visit("claude", 0, 10);
    const tagging = service();
    const [stored] = await db.visits.toArray();
    const result = await tagging.saveTag({ visitId: stored?.id ?? 0, category: "coding", minutesSaved: 481 });
    expect(result).toEqual({ ok: false, errors: { minutesSaved: "errorMinutesSaved|480" } });
    expect(await db.tags.count()).toBe(0);
  });

  it("a full disk refuses the answer with a clear message and leaves the visit unanswered", async () => {
    await visit("claude", 0, 10);
    const tagging = service();
    await tagging.visitsLeft(["claude"]);
    const [stored] = await db.visits.toArray();
    const visitId = stored?.id as number;
    const put = db.tags.put.bind(db.tags);
    db.tags.put = (() => Promise.reject(new DOMException("full", "QuotaExceededError"))) as unknown as typeof put;
    const refused = await tagging.saveTag({ visitId, category: "coding", minutesSaved: 15 });
    expect(refused).toEqual({ ok: false, errors: { visit: "errorTagStorageFull" } });
    expect(await db.tags.count()).toBe(0);
    expect((await db.visits.get(visitId))?.prompt).not.toBe("answered");
    expect(await tagging.pending()).toHaveLength(1);

    db.tags.put = put;
    expect(await tagging.saveTag({ visitId, category: "coding", minutesSaved: 15 })).toEqual({ ok: true });
    expect(await db.tags.count()).toBe(1);
  });

  it("any other failed write refuses the answer and asks to save again", async () => {
    await visit("claude", 0, 10);
    const [stored] = await db.visits.toArray();
    db.tags.put = (() => Promise.reject(new Error("disk error"))) as unknown as typeof db.tags.put;
    const refused = await service().saveTag({ visitId: stored?.id as number, category: "coding", minutesSaved: 5 });
    expect(refused).toEqual({ ok: false, errors: { visit: "errorTagSaveFailed" } });
  });

  it("a tag for a visit that retention removed is refused without a crash", async () => {
    const result = await service().saveTag({ visitId: 999, category: "coding", minutesSaved: 5 });
    expect(result).toEqual({ ok: false, errors: { visit: "errorVisitGone" } });
    expect(await db.tags.count()).toBe(0);
  });

  it("skip and not today", async () => {
    await visit("chatgpt", 0, 10);
    await visit("gemini", 20, 10);
    const tagging = service();
    await tagging.visitsLeft(["chatgpt", "gemini"]);
    const asked = await tagging.pending();
    expect(asked.map((visit) => visit.toolId).sort()).toEqual(["chatgpt", "gemini"]);
    const [first, second] = asked as [PendingVisit, PendingVisit];
    await tagging.skip(first.visitId);
    expect((await db.visits.get(first.visitId))?.prompt).toBe("skipped");
    expect(day).not.toMatchObject({ notToday: true });
    await tagging.notToday(second.visitId);
    expect((await db.visits.get(second.visitId))?.prompt).toBe("skipped");
    expect(await tagging.pending()).toEqual([]);
    await visit("claude", 40, 10);
    await tagging.visitsLeft(["claude"]);
    expect(await tagging.pending()).toEqual([]);
    expect(day).toMatchObject({ notToday: true });
  });

  it("pending questions older than a week drop out of the badge", async () => {
    await visit("chatgpt", 0, 10);
    await service().visitsLeft(["chatgpt"]);
    expect(await service(T0 + 6 * 24 * 3600_000).pending()).toHaveLength(1);
    expect(await service(T0 + 8 * 24 * 3600_000).pending()).toEqual([]);
  });
});
