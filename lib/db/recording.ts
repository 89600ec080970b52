import Dexie from "dexie";
import type { Segment } from "../tracking/day-split";
import { localDate } from "../tracking/day-split";
import { joinVisit } from "../tracking/visits";
import type { DayRow, MeterDatabase, VisitRow } from "./database";

/**
 * Stores closed segments in one transaction: segments, their visits and the daily totals
 * move together or not at all.
 *
 * Recording is idempotent per segment start: if the worker died after this write but before
 * saving its own state, recovery closes the same segment again and it is not counted twice.
 */
export async function recordSegments(
  db: MeterDatabase,
  segments: readonly Segment[],
  sessionGapMs: number,
): Promise<void> {
  if (segments.length === 0) return;
  await db.transaction("rw", db.segments, db.visits, db.days, async () => {
    for (const segment of segments) {
      const existing = await db.segments.get([segment.toolId, segment.start]);
      if (existing) {
        const delta = segment.end - existing.end;
        if (delta <= 0) continue;
        await db.segments.update([segment.toolId, segment.start], { end: segment.end });
        const visit = await db.visits.get(existing.visitId);
        if (visit) {
          await db.visits.update(existing.visitId, {
            end: Math.max(visit.end, segment.end),
            activeMs: visit.activeMs + delta,
          });
        }
        await addToDay(db, localDate(segment.start), segment.toolId, delta, 0);
        continue;
      }
      const latest = await db.visits
        .where("[toolId+start]")
        .between([segment.toolId, Dexie.minKey], [segment.toolId, Dexie.maxKey])
        .last();
      const { visit, isNew } = joinVisit<VisitRow>(latest, segment, sessionGapMs);
      const visitId = (await db.visits.put(visit as VisitRow)) as number;
      await db.segments.add({ ...segment, visitId });
      await addToDay(db, localDate(segment.start), segment.toolId, segment.end - segment.start, isNew ? 1 : 0);
    }
  });
}

async function addToDay(db: MeterDatabase, date: string, toolId: string, activeMs: number, visits: number) {
  const row: DayRow = (await db.days.get([date, toolId])) ?? { date, toolId, activeMs: 0, visits: 0 };
  await db.days.put({ ...row, activeMs: row.activeMs + activeMs, visits: row.visits + visits });
}
