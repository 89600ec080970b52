import { z } from "zod";

/** The shape of a local calendar date, YYYY-MM-DD (whether the day exists is `isLocalDate`). */
export const LOCAL_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** The date schema: a local calendar date written YYYY-MM-DD, as stored and as exported. */
export const localDateSchema = /* @__PURE__ */ z.string().regex(LOCAL_DATE_PATTERN);

/** The local midnight that starts the calendar day after `at` (epoch ms); DST-safe. */
export function nextLocalMidnight(at: number): number {
  const day = new Date(at);
  return new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1).getTime();
}

/** The local calendar day of `at` as YYYY-MM-DD. */
export function localDate(at: number): string {
  const day = new Date(at);
  const month = String(day.getMonth() + 1).padStart(2, "0");
  const date = String(day.getDate()).padStart(2, "0");
  return `${day.getFullYear()}-${month}-${date}`;
}

/** Formats epoch ms as local ISO 8601 with the UTC offset, e.g. 2026-11-25T10:00:05.123+01:00. */
export function formatLocalDateTime(at: number): string {
  const d = new Date(at);
  const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, "0");
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
    `T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}` +
    `${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`
  );
}

/** Epoch ms of local midnight starting `date` (YYYY-MM-DD). */
export function startOfLocalDay(date: string): number {
  return new Date(`${date}T00:00:00`).getTime();
}

/** Whether `value` is a real local calendar date written YYYY-MM-DD. */
export function isLocalDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}
