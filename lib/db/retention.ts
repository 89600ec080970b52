import type { MeterDatabase } from "./database";

/** Rows deleted per transaction, so pruning a large backlog never blocks writes for long. */
export const PRUNE_CHUNK = 500;

/**
 * Removes raw visits that started before `cutoff` (epoch ms), in chunks.
 * Daily totals are kept. Returns how many rows were removed.
 */
export async function pruneRawData(db: MeterDatabase, cutoff: number, chunk = PRUNE_CHUNK): Promise<number> {
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
