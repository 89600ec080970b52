import type { WeeklyRecord } from "../report/aggregate-format";
import { buildTeamViewFromTotals } from "./view";
import type { TeamMetricsOptions, TeamView } from "./view-types";
import { type WeekTotals, weekTotalsOf } from "./week-totals";

/**
 * Team metrics (product brief, "Team metrics"), along their seams: the view's shapes
 * (`view-types.ts`), how figures are formed (`figures.ts`), per-week totals (`week-totals.ts`), the
 * suppression model with typed cell keys (`suppression-model.ts`, `cell-keys.ts`) and the view
 * itself (`view.ts`). Direct records are reduced to week totals first, so the figures from files
 * and from protected sharing come from the same code.
 */

export { isShown, isSuppressed, plotValue } from "./figures";
export { buildTeamViewFromTotals } from "./view";
export * from "./view-types";
export {
  ACTIVE_MINUTES_BANDS,
  type BandId,
  bandOf,
  type CountedSum,
  type TaskTotals,
  type ToolTotals,
  type WeekTotals,
  weekTotalsOf,
} from "./week-totals";

/** Builds the suppressed team view from weekly records (de-duplicated by id here too), through their week totals. */
export function buildTeamView(records: readonly WeeklyRecord[], options: TeamMetricsOptions): TeamView {
  return buildTeamViewFromTotals(teamTotalsOf(records), options);
}

/** The week totals of weekly records, de-duplicated by id (the first of an id counts): what `buildTeamView` builds from. */
export function teamTotalsOf(records: readonly WeeklyRecord[]): WeekTotals[] {
  return weekTotalsOf(uniqueById(records));
}

/** Records with a repeated id count once (the first one). */
function uniqueById(records: readonly WeeklyRecord[]): WeeklyRecord[] {
  const seen = new Set<string>();
  return records.filter((record) => !seen.has(record.id) && seen.add(record.id));
}
