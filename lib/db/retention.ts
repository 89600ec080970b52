import { localDate, startOfLocalDay } from "../time/local-date";
import type { MeterDatabase } from "./database";

/** Rows deleted per transaction, so pruning a large backlog never blocks writes for long. */
export const PRUNE_CHUNK = 500;

/**
 * Removes raw visits that started before `cutoff` (epoch ms), in chunks, and keeps of their
 * answers only the day: the answers stay for the minutes saved, without the time of the visit
 * or of the answer. Daily totals are kept. Returns how many visits were removed.
 */
export async function pruneRawData(db: MeterDatabase, cutoff: number, chunk = PRUNE_CHUNK): Promise<number> {
  await db.tags
    .where("date")
    .belowOrEqual(localDate(cutoff))
    .filter((tag) => tag.visitStart < cutoff && tag.visitStart !== startOfLocalDay(tag.date))
    .modify((tag) => {
      const day = startOfLocalDay(tag.date);
      tag.visitStart = day;
      tag.taggedAt = day;
    });
  let removed = 0;
  for (;;) {
    const count = await db.transaction("rw", db.visits, async () => {
      const keys = await db.visits.where("start").below(cutoff).limit(chunk).primaryKeys();
      await db.visits.bulkDelete(keys);
      return keys.length;
    });
    removed += count;
    if (count < chunk) break;
  }
  return removed;
}

/** The retention cutoff for `now` (epoch ms): raw data that started earlier is removed. */
export function retentionCutoff(now: number, retentionDays: number): number {
  return now - retentionDays * 24 * 60 * 60 * 1000;
}
