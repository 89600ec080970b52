import { addWeeks, compareWeeks, type IsoWeek, isIsoWeek, isoWeekOf, weeksBetween } from "../time/iso-week";
import { AGGREGATE_LIMITS } from "./aggregate-format";
import { TeamReportError } from "./team-report-error";

/** The weeks a team report covers, inclusive, in ISO weeks. */
export interface ReportPeriod {
  readonly from: IsoWeek;
  readonly to: IsoWeek;
}

/** Complete weeks a team report covers when nobody chose a period. */
export const DEFAULT_REPORT_WEEKS = 4;

/** The last four complete ISO weeks before the local week of `now` (epoch ms). */
export function defaultReportPeriod(now: number): ReportPeriod {
  const current = isoWeekOf(now);
  return { from: addWeeks(current, -DEFAULT_REPORT_WEEKS), to: addWeeks(current, -1) };
}

/**
 * Checks a requested period against the local week of `now` (epoch ms) and returns it.
 * Only complete weeks can be exported: the running week would change after export and would
 * tell the lead how this week has gone so far, so it is refused like any future week.
 */
export function checkReportPeriod(period: ReportPeriod, now: number): ReportPeriod {
  const { from, to } = period;
  for (const week of [from, to]) {
    if (!isIsoWeek(week)) throw new TeamReportError(`"${week}" is not an ISO week such as 2026-W07.`);
  }
  if (compareWeeks(from, to) > 0) {
    throw new TeamReportError(`The period starts (${from}) after it ends (${to}).`);
  }
  const weeks = weeksBetween(from, to) + 1;
  if (weeks > AGGREGATE_LIMITS.records) {
    throw new TeamReportError(
      `The period ${from} to ${to} has ${weeks} weeks; a team report holds at most ${AGGREGATE_LIMITS.records}.`,
    );
  }
  const current = isoWeekOf(now);
  const lastComplete = addWeeks(current, -1);
  if (compareWeeks(to, current) > 0) {
    throw new TeamReportError(
      `The period ends in the future (${to}); this is ${current}. Choose a period that ends by ${lastComplete}.`,
    );
  }
  if (to === current) {
    throw new TeamReportError(
      `The running week ${current} cannot be exported until it is over. Choose a period that ends by ${lastComplete}.`,
    );
  }
  return { from, to };
}

/** Every week from `from` to `to`, inclusive, in order. */
export function weeksOf(period: ReportPeriod): IsoWeek[] {
  return Array.from({ length: weeksBetween(period.from, period.to) + 1 }, (_, index) => addWeeks(period.from, index));
}
