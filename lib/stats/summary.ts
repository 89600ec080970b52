import type { DayRow, TagRow } from "../db/database";
import { addWeeks, datesOfWeek, type IsoWeek, isoWeekOfLocalDate } from "../time/iso-week";

/** Active time and visits for one tool over a period. */
export interface ToolUsage {
  toolId: string;
  /** Engaged seconds. */
  activeSeconds: number;
  visits: number;
}

/** Usage over a period, in total and per tool (largest first). */
export interface PeriodUsage {
  activeSeconds: number;
  visits: number;
  perTool: ToolUsage[];
}

/** Minutes saved over a period, in total and per task category (largest first). */
export interface PeriodSavings {
  minutes: number;
  tags: number;
  perCategory: { category: string; minutes: number; tags: number }[];
}

/** What the popup shows. */
export interface UsageSummary {
  today: PeriodUsage;
  week: PeriodUsage;
  /** The last `weeks` ISO weeks, oldest first, the current one last. */
  trend: { week: IsoWeek; activeSeconds: number; visits: number }[];
  savedThisWeek: PeriodSavings;
}

/** The first local date (YYYY-MM-DD) the summary needs rows from, for `weeks` weeks of trend. */
export function summaryStartDate(today: string, weeks = 8): string {
  return datesOfWeek(addWeeks(isoWeekOfLocalDate(today), -(weeks - 1)))[0] as string;
}

/**
 * Sums daily rollups and tags into today, this ISO week and a weekly trend. `today` is the
 * local date YYYY-MM-DD; rows outside the trend window are ignored.
 */
export function summarizeUsage(
  days: readonly DayRow[],
  tags: readonly TagRow[],
  today: string,
  weeks = 8,
): UsageSummary {
  const thisWeek = isoWeekOfLocalDate(today);
  const trendWeeks = Array.from({ length: weeks }, (_, i) => addWeeks(thisWeek, i - (weeks - 1)));
  const trend = new Map(trendWeeks.map((week) => [week, { week, activeSeconds: 0, visits: 0 }]));
  for (const day of days) {
    const point = trend.get(isoWeekOfLocalDate(day.date));
    if (!point) continue;
    point.activeSeconds += day.activeMs / 1000;
    point.visits += day.visits;
  }
  const weekDays = days.filter((day) => isoWeekOfLocalDate(day.date) === thisWeek);
  const weekTags = tags.filter((tag) => isoWeekOfLocalDate(tag.date) === thisWeek);
  return {
    today: usage(days.filter((day) => day.date === today)),
    week: usage(weekDays),
    trend: [...trend.values()],
    savedThisWeek: periodSavings(weekTags),
  };
}

function usage(rows: readonly DayRow[]): PeriodUsage {
  const perTool = new Map<string, ToolUsage>();
  for (const row of rows) {
    const tool = perTool.get(row.toolId) ?? { toolId: row.toolId, activeSeconds: 0, visits: 0 };
    tool.activeSeconds += row.activeMs / 1000;
    tool.visits += row.visits;
    perTool.set(row.toolId, tool);
  }
  const tools = [...perTool.values()].sort(
    (a, b) => b.activeSeconds - a.activeSeconds || a.toolId.localeCompare(b.toolId),
  );
  return {
    activeSeconds: tools.reduce((sum, tool) => sum + tool.activeSeconds, 0),
    visits: tools.reduce((sum, tool) => sum + tool.visits, 0),
    perTool: tools,
  };
}

/** Minutes saved by the given answers, in total and per task category (largest first). */
export function periodSavings(rows: readonly TagRow[]): PeriodSavings {
  const perCategory = new Map<string, { category: string; minutes: number; tags: number }>();
  for (const tag of rows) {
    const entry = perCategory.get(tag.category) ?? { category: tag.category, minutes: 0, tags: 0 };
    entry.minutes += tag.minutesSaved;
    entry.tags += 1;
    perCategory.set(tag.category, entry);
  }
  const categories = [...perCategory.values()].sort(
    (a, b) => b.minutes - a.minutes || a.category.localeCompare(b.category),
  );
  return {
    minutes: categories.reduce((sum, entry) => sum + entry.minutes, 0),
    tags: rows.length,
    perCategory: categories,
  };
}

/** Formats seconds as "1 h 05 min", "12 min" or "40 s". */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}
