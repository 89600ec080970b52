import type { WeeklyRecord } from "../report/aggregate-format";
import type { IsoWeek } from "../report/iso-week";

/**
 * Per-week totals: everything the team view needs, and nothing finer. Direct files are reduced to
 * them (`weekTotalsOf`); protected sharing gets the same totals from an aggregate of secret shares.
 * The view, suppression and the export are computed from totals alone, so both ways of sharing give
 * the same figures through the same code (`buildTeamViewFromTotals`).
 *
 * One `WeekTotals` covers the records of one ISO week with one "weeks since training" value (a team
 * normally has one training date, so one per week). Every count of people is a count of weekly
 * records: one person has at most one record per week.
 */

/** Bands of active minutes a person-week can fall in, in order. */
export const ACTIVE_MINUTES_BANDS = [
  { id: "0", label: "0 min", from: 0, to: 0 },
  { id: "1-15", label: "1–15 min", from: 1, to: 15 },
  { id: "16-60", label: "16–60 min", from: 16, to: 60 },
  { id: "61-180", label: "61–180 min", from: 61, to: 180 },
  { id: "181+", label: "more than 180 min", from: 181, to: Number.POSITIVE_INFINITY },
] as const;

/** Id of a band of weekly active minutes. */
export type BandId = (typeof ACTIVE_MINUTES_BANDS)[number]["id"];

/** The band of a person-week's active minutes on all tools. */
export function bandOf(activeMinutes: number): BandId {
  const band = ACTIVE_MINUTES_BANDS.find((b) => activeMinutes >= b.from && activeMinutes <= b.to);
  return band ? band.id : "181+";
}

/** A sum over a week's records and how many records add a non-zero value to it (people). */
export interface CountedSum {
  readonly value: number;
  /** Records (people) whose own value is above 0. */
  readonly people: number;
}

/** One tool's totals in one week. */
export interface ToolTotals {
  readonly toolId: string;
  /** Active minutes. */
  readonly minutes: CountedSum;
  readonly visits: CountedSum;
}

/** One task category's totals in one week. */
export interface TaskTotals {
  readonly category: string;
  /** Minutes saved. */
  readonly minutesSaved: CountedSum;
  /** Times tagged. */
  readonly tags: CountedSum;
}

/** The totals of one ISO week's records (with one "weeks since training" value). */
export interface WeekTotals {
  readonly week: IsoWeek;
  /** Whole weeks since the training week; null without a training date. */
  readonly weeksSinceTraining: number | null;
  /** Records (people who reported). */
  readonly reporting: number;
  /** Records with at least one visit. */
  readonly active: number;
  /** Records whose on-device flag says "active in weeks 1–4 after training". */
  readonly activeInWeeks1to4: number;
  /** Of those, the records active this week. */
  readonly activeInWeeks1to4Active: number;
  /** Records per band of active minutes on all tools, in `ACTIVE_MINUTES_BANDS` order. */
  readonly bands: readonly number[];
  /** Minutes saved, all categories. */
  readonly minutesSaved: CountedSum;
  /** Tags, all categories. */
  readonly tags: CountedSum;
  /** Active minutes, all tools. */
  readonly toolMinutes: CountedSum;
  /** Visits, all tools. */
  readonly toolVisits: CountedSum;
  /** Per tool, in id order. */
  readonly tools: readonly ToolTotals[];
  /** Per task category, in id order. */
  readonly tasks: readonly TaskTotals[];
}

interface MutableSum {
  value: number;
  people: number;
}

interface Accumulating {
  week: IsoWeek;
  weeksSinceTraining: number | null;
  reporting: number;
  active: number;
  activeInWeeks1to4: number;
  activeInWeeks1to4Active: number;
  bands: number[];
  minutesSaved: MutableSum;
  tags: MutableSum;
  toolMinutes: MutableSum;
  toolVisits: MutableSum;
  tools: Map<string, { minutes: MutableSum; visits: MutableSum }>;
  tasks: Map<string, { minutesSaved: MutableSum; tags: MutableSum }>;
}

const sum = (): MutableSum => ({ value: 0, people: 0 });
const addTo = (into: MutableSum, value: number) => {
  if (value <= 0) return;
  into.value += value;
  into.people += 1;
};

/**
 * Reduces weekly records (one per id, already de-duplicated and released) to per-week totals, in
 * week order, then by weeks since training (null last). One pass over the records.
 */
export function weekTotalsOf(records: readonly WeeklyRecord[]): WeekTotals[] {
  const groups = new Map<string, Accumulating>();
  for (const record of records) {
    const t = record.weeksSinceTraining;
    const key = `${record.week}|${t ?? ""}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        week: record.week,
        weeksSinceTraining: t,
        reporting: 0,
        active: 0,
        activeInWeeks1to4: 0,
        activeInWeeks1to4Active: 0,
        bands: ACTIVE_MINUTES_BANDS.map(() => 0),
        minutesSaved: sum(),
        tags: sum(),
        toolMinutes: sum(),
        toolVisits: sum(),
        tools: new Map(),
        tasks: new Map(),
      };
      groups.set(key, group);
    }
    const active = record.features.active;
    group.reporting += 1;
    if (active) group.active += 1;
    if (record.features.activeInWeeks1to4 === true) {
      group.activeInWeeks1to4 += 1;
      if (active) group.activeInWeeks1to4Active += 1;
    }
    let minutes = 0;
    let visits = 0;
    for (const tool of record.tools) {
      minutes += tool.activeMinutes;
      visits += tool.visits;
      let totals = group.tools.get(tool.toolId);
      if (!totals) {
        totals = { minutes: sum(), visits: sum() };
        group.tools.set(tool.toolId, totals);
      }
      addTo(totals.minutes, tool.activeMinutes);
      addTo(totals.visits, tool.visits);
    }
    addTo(group.toolMinutes, minutes);
    addTo(group.toolVisits, visits);
    const band = ACTIVE_MINUTES_BANDS.findIndex((b) => b.id === bandOf(minutes));
    group.bands[band] = (group.bands[band] ?? 0) + 1;
    let saved = 0;
    let tags = 0;
    for (const task of record.tasks) {
      saved += task.minutesSaved;
      tags += task.tags;
      let totals = group.tasks.get(task.category);
      if (!totals) {
        totals = { minutesSaved: sum(), tags: sum() };
        group.tasks.set(task.category, totals);
      }
      addTo(totals.minutesSaved, task.minutesSaved);
      addTo(totals.tags, task.tags);
    }
    addTo(group.minutesSaved, saved);
    addTo(group.tags, tags);
  }
  const byId = <T>(map: Map<string, T>) => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return [...groups.values()]
    .sort(
      (a, b) =>
        (a.week < b.week ? -1 : a.week > b.week ? 1 : 0) ||
        (a.weeksSinceTraining ?? Number.POSITIVE_INFINITY) - (b.weeksSinceTraining ?? Number.POSITIVE_INFINITY),
    )
    .map((group) => ({
      ...group,
      tools: byId(group.tools).map(([toolId, totals]) => ({ toolId, ...totals })),
      tasks: byId(group.tasks).map(([category, totals]) => ({ category, ...totals })),
    }));
}
