import Dexie from "dexie";
import { localDate } from "../time/local-date";
import type { Segment } from "../tracking/day-split";
import { joinVisit } from "../tracking/visits";
import type { DayRow, MeterDatabase, VisitRow } from "./database";

/**
 * Stores closed segments in one transaction: visits and daily totals move together or not
 * at all.
 *
 * Recording is idempotent. A tool's segments never overlap and arrive in time order, so any
 * part of a segment that lies before the end of the tool's latest visit is already counted.
 * That covers the worker dying after this write but before it saved its own state: recovery
 * closes the same segment again, and only time beyond what was stored is added.
 */
export async function recordSegments(
  db: MeterDatabase,
  segments: readonly Segment[],
  sessionGapMs: number,
): Promise<void> {
  if (segments.length === 0) return;
  await db.transaction("rw", db.visits, db.days, async () => {
    for (const segment of segments) {
      const latest = await db.visits
        .where("[toolId+start]")
        .between([segment.toolId, Dexie.minKey], [segment.toolId, Dexie.maxKey])
        .last();
      if (latest?.id !== undefined && segment.start < latest.end) {
        const added = segment.end - latest.end;
        if (added <= 0) continue;
        await db.visits.update(latest.id, { end: segment.end, activeMs: latest.activeMs + added });
        await addToDay(db, localDate(segment.start), segment.toolId, added, 0);
        continue;
      }
      const { visit, isNew } = joinVisit<VisitRow>(latest, segment, sessionGapMs);
      await db.visits.put(visit as VisitRow);
      await addToDay(db, localDate(segment.start), segment.toolId, segment.end - segment.start, isNew ? 1 : 0);
    }
  });
}

async function addToDay(db: MeterDatabase, date: string, toolId: string, activeMs: number, visits: number) {
  const row: DayRow = (await db.days.get([date, toolId])) ?? { date, toolId, activeMs: 0, visits: 0 };
  await db.days.put({ ...row, activeMs: row.activeMs + activeMs, visits: row.visits + visits });
}
