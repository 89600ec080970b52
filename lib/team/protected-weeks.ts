import { z } from "zod";
import type { WeeklyRecord } from "../report/aggregate-format";
import { compareWeeks, ISO_WEEK_PATTERN, type IsoWeek } from "../time/iso-week";
import { type WeekTotals, weekTotalsOf } from "./week-totals";

/**
 * Protected sharing's week totals in the team view (issue 13): the sums of the lead's combined
 * batches join the direct files' released records, so the views, the release rules and the export
 * work on both through the same code (`buildTeamViewFromTotals`).
 *
 * **One source per week.** A week with at least one combined protected batch takes its figures
 * from its batches alone; the direct records of that week are left out (and counted). Adding them
 * would let the lead, who holds every direct file, subtract the files from the sum and read a cell
 * of fewer than k protected people (a tool that 2 of the batch used, next to 3 direct files that
 * name it); and one person may have sent both for the same week. A week without a batch keeps its
 * direct records exactly as before.
 *
 * **Releases.** Direct weeks follow the release ledger (`releases.ts`). A protected week's figure is
 * the sum of its batches, and a batch only ever joins whole: each holds at least k people and each
 * report counts in exactly one batch (the custodian's ledger), so between two releases the week's
 * figure either stays the same or changes by at least k people. When a week turns from direct files
 * to its first batch, what is shown changes from records the lead holds anyway to a sum of at least
 * k people.
 */

const count = z.number().int().min(0);
const counted = z.strictObject({ value: z.number().finite().min(0), people: count });

/** A week total as it crosses the worker boundary, checked like any message. */
export const weekTotalsSchema = z.strictObject({
  week: z.string().regex(ISO_WEEK_PATTERN),
  weeksSinceTraining: z.number().int().nullable(),
  reporting: count,
  active: count,
  activeInWeeks1to4: count,
  activeInWeeks1to4Active: count,
  bands: z.array(count),
  minutesSaved: counted,
  tags: counted,
  toolMinutes: counted,
  toolVisits: counted,
  tools: z.array(z.strictObject({ toolId: z.string().min(1).max(100), minutes: counted, visits: counted })),
  tasks: z.array(z.strictObject({ category: z.string().min(1).max(100), minutesSaved: counted, tags: counted })),
}) satisfies z.ZodType<WeekTotals>;

/** The view's input once protected weeks are in, and what the view says about them. */
export interface CombinedTotals {
  readonly totals: WeekTotals[];
  /** Weeks whose figures come from protected batches, in order. */
  readonly protectedWeeks: IsoWeek[];
  /** Released direct records of those weeks, left out of the figures. */
  readonly directLeftOut: number;
}

/**
 * The week totals of the released direct records (one per id) and of the protected batches
 * (`protectedTotals`, one entry per combined batch), one source per week (see above), in week order.
 */
export function combineWithProtected(
  released: readonly WeeklyRecord[],
  protectedTotals: readonly WeekTotals[],
): CombinedTotals {
  const protectedWeeks = [...new Set(protectedTotals.filter((t) => t.reporting > 0).map((t) => t.week))].sort(
    compareWeeks,
  );
  const fromBatches = new Set(protectedWeeks);
  const seen = new Set<string>();
  const direct: WeeklyRecord[] = [];
  let directLeftOut = 0;
  for (const record of released) {
    if (seen.has(record.id)) continue;
    seen.add(record.id);
    if (fromBatches.has(record.week)) directLeftOut++;
    else direct.push(record);
  }
  const totals = [...weekTotalsOf(direct), ...protectedTotals.filter((t) => fromBatches.has(t.week))].sort(
    (a, b) =>
      compareWeeks(a.week, b.week) ||
      (a.weeksSinceTraining ?? Number.POSITIVE_INFINITY) - (b.weeksSinceTraining ?? Number.POSITIVE_INFINITY),
  );
  return { totals, protectedWeeks, directLeftOut };
}
