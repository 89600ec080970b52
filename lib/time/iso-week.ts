/** An ISO 8601 week such as "2026-W48": weeks start on Monday; week 1 holds the year's first Thursday. */
export type IsoWeek = string;

/** Matches a well-formed ISO week id (W01–W53). */
export const ISO_WEEK_PATTERN = /^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/;

/** Whether `value` names an ISO week that exists ("2020-W53" does, "2021-W53" does not). */
export function isIsoWeek(value: string): value is IsoWeek {
  return ISO_WEEK_PATTERN.test(value) && addWeeks(value, 0) === value;
}

/** The ISO week of a local calendar date (y, m 1–12, d). */
export function isoWeekOfDate(year: number, month: number, day: number): IsoWeek {
  // Work in UTC on the calendar date alone, so DST and the time of day cannot shift it.
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay() || 7; // Monday 1 … Sunday 7
  date.setUTCDate(date.getUTCDate() + 4 - weekday); // the Thursday of this week
  const weekYear = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(weekYear, 0, 1)) / 86_400_000 + 1) / 7);
  return `${weekYear}-W${String(week).padStart(2, "0")}`;
}

/** The ISO week of a local day written YYYY-MM-DD. */
export function isoWeekOfLocalDate(localDate: string): IsoWeek {
  const [y, m, d] = localDate.split("-").map(Number) as [number, number, number];
  return isoWeekOfDate(y, m, d);
}

/** The ISO week that contains epoch ms `at`, in local time. */
export function isoWeekOf(at: number): IsoWeek {
  const d = new Date(at);
  return isoWeekOfDate(d.getFullYear(), d.getMonth() + 1, d.getDate());
}

/** The Monday (YYYY-MM-DD) that starts an ISO week. */
export function mondayOf(week: IsoWeek): string {
  const [yearText, weekText] = week.split("-W") as [string, string];
  const year = Number(yearText);
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday = new Date(jan4);
  monday.setUTCDate(jan4.getUTCDate() - ((jan4.getUTCDay() || 7) - 1) + (Number(weekText) - 1) * 7);
  return monday.toISOString().slice(0, 10);
}

/** The seven local dates (YYYY-MM-DD) of an ISO week, Monday first. */
export function datesOfWeek(week: IsoWeek): string[] {
  const monday = new Date(`${mondayOf(week)}T00:00:00Z`);
  return Array.from({ length: 7 }, (_, i) => {
    const day = new Date(monday);
    day.setUTCDate(monday.getUTCDate() + i);
    return day.toISOString().slice(0, 10);
  });
}

/** The week `count` weeks after (or before, if negative) `week`. */
export function addWeeks(week: IsoWeek, count: number): IsoWeek {
  const monday = new Date(`${mondayOf(week)}T00:00:00Z`);
  monday.setUTCDate(monday.getUTCDate() + count * 7);
  return isoWeekOfDate(monday.getUTCFullYear(), monday.getUTCMonth() + 1, monday.getUTCDate());
}

/** Whole weeks from `from` to `to` (negative when `to` is earlier). */
export function weeksBetween(from: IsoWeek, to: IsoWeek): number {
  const a = Date.parse(`${mondayOf(from)}T00:00:00Z`);
  const b = Date.parse(`${mondayOf(to)}T00:00:00Z`);
  return Math.round((b - a) / (7 * 86_400_000));
}

/** Orders ISO weeks chronologically (their string order already is). */
export function compareWeeks(a: IsoWeek, b: IsoWeek): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
