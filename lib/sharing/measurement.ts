import type { WeeklyRecord } from "../report/aggregate-format";
import { ACTIVE_MINUTES_BANDS, bandOf, RETENTION_WEEKS } from "../team/metrics";
import type { IsoWeek } from "../time/iso-week";
import { SharingError } from "./sharing-error";
import type { MeasurementLayout } from "./team-config";
import { BAND_COUNT, COUNT_MAX, EXACT_FLAGS, FIXED_FLAGS, fieldModulus, flagsLengthOf, type SharingVdaf } from "./vdaf";

/**
 * The weekly record as a Prio3 measurement, and a summed measurement back as week totals.
 *
 * counts (13 bits each): activeDays; per tool of the layout: visits, active minutes; per category:
 * tags, minutes saved. flags (1 bit each): active, activeInWeeks1to4, retention eligible (weeks 9–12
 * after training and active in weeks 1–4), retention eligible and active; per tool: used (visits or
 * minutes > 0); per category: tagged. band: the index of the week's active minutes on all tools
 * in `ACTIVE_MINUTES_BANDS`.
 */

/** One record as the three Prio3 measurements. */
export interface Measurement {
  readonly counts: number[];
  readonly flags: number[];
  /** Band index, 0 … 4. */
  readonly band: number;
}

/**
 * The measurement of one weekly record (as `buildTeamReport` makes it, without local noise).
 * Throws `SharingError` when the record names a tool or category outside the layout: the layout
 * must be identical on every side, and a missing entry would silently drop time.
 */
export function encodeWeeklyRecord(record: WeeklyRecord, layout: MeasurementLayout): Measurement {
  const toolIndex = new Map(layout.toolIds.map((id, i) => [id, i]));
  const categoryIndex = new Map(layout.categoryIds.map((id, i) => [id, i]));
  const tools = layout.toolIds.length;
  const counts = Array.from({ length: 1 + 2 * tools + 2 * layout.categoryIds.length }, () => 0);
  const categories = layout.categoryIds.length;
  const flags = Array.from({ length: flagsLengthOf(layout) }, () => 0);
  const exact = layout.people === "exact";
  // Where the exact flags start (see EXACT_FLAGS): after the fixed, "used" and "tagged" flags.
  const exactAt = FIXED_FLAGS.length + tools + categories;
  const toolFlagAt = exactAt + EXACT_FLAGS.length;
  const taskFlagAt = toolFlagAt + 2 * tools;
  let visits = 0;
  let tags = 0;
  let saved = 0;
  counts[0] = record.activeDays;
  let activeMinutes = 0;
  for (const tool of record.tools) {
    const i = toolIndex.get(tool.toolId);
    if (i === undefined) throw new SharingError(`The tool "${tool.toolId}" is not in the team's layout.`);
    counts[1 + 2 * i] = tool.visits;
    counts[2 + 2 * i] = tool.activeMinutes;
    flags[FIXED_FLAGS.length + i] = tool.visits > 0 || tool.activeMinutes > 0 ? 1 : 0;
    if (exact) {
      flags[toolFlagAt + 2 * i] = tool.visits > 0 ? 1 : 0;
      flags[toolFlagAt + 2 * i + 1] = tool.activeMinutes > 0 ? 1 : 0;
    }
    activeMinutes += tool.activeMinutes;
    visits += tool.visits;
  }
  for (const task of record.tasks) {
    const i = categoryIndex.get(task.category);
    if (i === undefined) throw new SharingError(`The task category "${task.category}" is not in the team's layout.`);
    counts[1 + 2 * tools + 2 * i] = task.tags;
    counts[2 + 2 * tools + 2 * i] = task.minutesSaved;
    flags[FIXED_FLAGS.length + tools + i] = task.tags > 0 || task.minutesSaved > 0 ? 1 : 0;
    if (exact) {
      flags[taskFlagAt + 2 * i] = task.tags > 0 ? 1 : 0;
      flags[taskFlagAt + 2 * i + 1] = task.minutesSaved > 0 ? 1 : 0;
    }
    tags += task.tags;
    saved += task.minutesSaved;
  }
  if (exact) {
    flags[exactAt] = visits > 0 ? 1 : 0;
    flags[exactAt + 1] = activeMinutes > 0 ? 1 : 0;
    flags[exactAt + 2] = tags > 0 ? 1 : 0;
    flags[exactAt + 3] = saved > 0 ? 1 : 0;
  }
  for (const value of counts) {
    // The record's own caps (6720) are below COUNT_MAX; a value above it is not an honest record.
    if (!Number.isInteger(value) || value < 0 || value > COUNT_MAX) {
      throw new SharingError(`A value of ${value} does not fit the measurement (0–${COUNT_MAX}).`);
    }
  }
  const t = record.weeksSinceTraining;
  const eligible =
    t !== null && t >= RETENTION_WEEKS.from && t <= RETENTION_WEEKS.to && record.features.activeInWeeks1to4 === true;
  flags[0] = record.features.active ? 1 : 0;
  flags[1] = record.features.activeInWeeks1to4 === true ? 1 : 0;
  flags[2] = eligible ? 1 : 0;
  flags[3] = eligible && record.features.active ? 1 : 0;
  const band = ACTIVE_MINUTES_BANDS.findIndex((b) => b.id === bandOf(activeMinutes));
  return { counts, flags, band: band < 0 ? BAND_COUNT - 1 : band };
}

/** The team's figures of one batch: sums over its valid reports, one report per person. */
export interface WeekTotals {
  readonly week: IsoWeek;
  /** Valid reports summed (people who reported). Exact: the count is never noised. */
  readonly reporting: number;
  /** Reports with at least one visit. */
  readonly active: number;
  /** Sum of active days. */
  readonly activeDays: number;
  /** Reports whose person was active in weeks 1–4 after training. */
  readonly activeInWeeks1to4: number;
  /** Reports of weeks 9–12 after training from people active in weeks 1–4 (the retention denominator). */
  readonly retentionEligible: number;
  /** Of those, the active ones (the retention numerator). */
  readonly retentionActive: number;
  /** Per tool of the layout, in layout order: visits, active minutes, and reports that used the tool. */
  readonly tools: readonly { toolId: string; visits: number; activeMinutes: number; people: number }[];
  /** Per category of the layout: tags, minutes saved, and reports that tagged it. */
  readonly tasks: readonly { category: string; tags: number; minutesSaved: number; people: number }[];
  /** Minutes saved over all categories. */
  readonly minutesSaved: number;
  /** Reports per band of weekly active minutes, in `ACTIVE_MINUTES_BANDS` order. */
  readonly bands: readonly { band: string; personWeeks: number }[];
  /** Central noise ε the custodian added, or null: then every figure is exact. */
  readonly noiseEpsilon: number | null;
  /**
   * Reports with each figure above 0, when the layout counts people exactly (`layout.people`):
   * what suppression counts. Absent for team settings made before.
   */
  readonly people?: ExactPeople;
}

/** Reports (people) whose own value of each figure is above 0. */
export interface ExactPeople {
  /** Any visit, any active minute, any tag, any minute saved, over all tools and categories. */
  readonly visits: number;
  readonly toolMinutes: number;
  readonly tags: number;
  readonly minutesSaved: number;
  readonly tools: readonly { toolId: string; visits: number; minutes: number }[];
  readonly tasks: readonly { category: string; tags: number; minutesSaved: number }[];
}

/**
 * A summed field vector as signed integers: values above p/2 are negative. Only noise can make a
 * sum negative (honest entries are non-negative and far below p/2).
 */
export function signedValues(vdaf: SharingVdaf, vector: readonly bigint[]): number[] {
  const p = fieldModulus(vdaf);
  return vector.map((value) => Number(value > p / 2n ? value - p : value));
}

/**
 * The week totals of a summed measurement (per part, field elements). Noisy values below 0 are
 * shown as 0. `reporting` is the number of valid reports, which both sides know exactly.
 */
export function decodeWeekTotals(
  vdaf: SharingVdaf,
  layout: MeasurementLayout,
  sum: readonly bigint[][],
  meta: WeekTotalsMeta,
): WeekTotals {
  const present = (vector: readonly bigint[] | undefined) =>
    signedValues(vdaf, vector ?? []).map((v) => Math.max(0, v));
  return totalsOf(layout, meta, present(sum[0]), present(sum[1]), present(sum[2]));
}

/** What a sum alone does not say. */
export interface WeekTotalsMeta {
  readonly week: IsoWeek;
  readonly reporting: number;
  readonly noiseEpsilon: number | null;
}

/** The plain week totals of records: what protected sharing must reproduce exactly without noise. */
export function plainWeekTotals(
  records: readonly WeeklyRecord[],
  layout: MeasurementLayout,
  week: IsoWeek,
): WeekTotals {
  const counts = Array.from({ length: 1 + 2 * layout.toolIds.length + 2 * layout.categoryIds.length }, () => 0);
  const flags = Array.from({ length: flagsLengthOf(layout) }, () => 0);
  const bands = Array.from({ length: BAND_COUNT }, () => 0);
  for (const record of records) {
    const m = encodeWeeklyRecord(record, layout);
    m.counts.forEach((v, i) => {
      counts[i] = (counts[i] ?? 0) + v;
    });
    m.flags.forEach((v, i) => {
      flags[i] = (flags[i] ?? 0) + v;
    });
    bands[m.band] = (bands[m.band] ?? 0) + 1;
  }
  return totalsOf(layout, { week, reporting: records.length, noiseEpsilon: null }, counts, flags, bands);
}

function totalsOf(
  layout: MeasurementLayout,
  meta: WeekTotalsMeta,
  counts: readonly number[],
  flags: readonly number[],
  bands: readonly number[],
): WeekTotals {
  const tools = layout.toolIds.length;
  const at = (values: readonly number[], i: number) => values[i] ?? 0;
  const tasks = layout.categoryIds.map((category, i) => ({
    category,
    tags: at(counts, 1 + 2 * tools + 2 * i),
    minutesSaved: at(counts, 2 + 2 * tools + 2 * i),
    people: at(flags, FIXED_FLAGS.length + tools + i),
  }));
  const exactAt = FIXED_FLAGS.length + tools + layout.categoryIds.length;
  const toolFlagAt = exactAt + EXACT_FLAGS.length;
  const taskFlagAt = toolFlagAt + 2 * tools;
  const people: ExactPeople | undefined =
    layout.people === "exact"
      ? {
          visits: at(flags, exactAt),
          toolMinutes: at(flags, exactAt + 1),
          tags: at(flags, exactAt + 2),
          minutesSaved: at(flags, exactAt + 3),
          tools: layout.toolIds.map((toolId, i) => ({
            toolId,
            visits: at(flags, toolFlagAt + 2 * i),
            minutes: at(flags, toolFlagAt + 2 * i + 1),
          })),
          tasks: layout.categoryIds.map((category, i) => ({
            category,
            tags: at(flags, taskFlagAt + 2 * i),
            minutesSaved: at(flags, taskFlagAt + 2 * i + 1),
          })),
        }
      : undefined;
  return {
    ...(people ? { people } : {}),
    week: meta.week,
    reporting: meta.reporting,
    active: at(flags, 0),
    activeDays: at(counts, 0),
    activeInWeeks1to4: at(flags, 1),
    retentionEligible: at(flags, 2),
    retentionActive: at(flags, 3),
    tools: layout.toolIds.map((toolId, i) => ({
      toolId,
      visits: at(counts, 1 + 2 * i),
      activeMinutes: at(counts, 2 + 2 * i),
      people: at(flags, FIXED_FLAGS.length + i),
    })),
    tasks,
    minutesSaved: tasks.reduce((sum, task) => sum + task.minutesSaved, 0),
    bands: ACTIVE_MINUTES_BANDS.map((band, i) => ({ band: band.id, personWeeks: at(bands, i) })),
    noiseEpsilon: meta.noiseEpsilon,
  };
}
