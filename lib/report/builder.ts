import { z } from "zod";
import type { DayRow, TagRow } from "../db/database";
import { CATEGORY_ID_PATTERN, type TaskCategory } from "../tagging/categories";
import { MAX_MINUTES_SAVED } from "../tagging/tag-input";
import { addWeeks, compareWeeks, type IsoWeek, isoWeekOfLocalDate, weeksBetween } from "../time/iso-week";
import { isLocalDate } from "../time/local-date";
import {
  AGGREGATE_FORMAT,
  AGGREGATE_LIMITS,
  type AggregateFile,
  aggregateFileSchema,
  TOOL_ID_PATTERN,
  type WeeklyRecord,
} from "./aggregate-format";
import { deviceNoiseSource, MAX_NOISE_EPSILON, type NoiseSource, noisyCount, UNIFORMS_PER_VALUE } from "./noise";
import { checkReportPeriod, defaultReportPeriod, type ReportPeriod, weeksOf } from "./period";
import { DEVICE_SECRET_BYTES, recordId } from "./record-id";
import { capForStep, clampCount, DEFAULT_ROUNDING_MINUTES, roundedMinutes } from "./rounding";
import { TeamReportError } from "./team-report-error";

/** How a team report is made; most of it comes from the organization's policy. */
export interface TeamReportOptions {
  /** Tool ids whose use is reported; no other tool appears. Ids that are not well-formed tool ids are ignored. */
  readonly approvedToolIds: readonly string[];
  /** The task list in force; tags with any other category are dropped. */
  readonly taskCategories: readonly TaskCategory[];
  /** Team label from policy, or null. */
  readonly teamLabel: string | null;
  /** Local date of the training, YYYY-MM-DD, or null. */
  readonly trainingDate: string | null;
  /** Minutes are rounded to multiples of this many minutes (1–60); 5 when absent. */
  readonly roundingMinutes?: number;
  /** Local noise ε (0–10); 0 adds none. */
  readonly noiseEpsilon: number;
  /** Local date tracking began, YYYY-MM-DD, or null; weeks that end before it are not reported. */
  readonly trackingSince: string | null;
  /** Version of the extension writing the file, e.g. "0.1.0". */
  readonly generatorVersion: string;
}

/** A daily rollup as the builder reads it (local day, tool, engaged ms, visits started that day). */
export type ReportDay = Pick<DayRow, "date" | "toolId" | "activeMs" | "visits">;

/** A tag as the builder reads it. The private note is not even part of the type: it never reaches a report. */
export type ReportTag = Pick<TagRow, "date" | "toolId" | "category" | "minutesSaved">;

/** Everything a team report is built from. Time comes in as `now`; nothing is read from the device. */
export interface TeamReportInput {
  /** Daily rollups, all of history (the retention feature looks back to the training weeks). */
  readonly days: readonly ReportDay[];
  readonly tags: readonly ReportTag[];
  readonly options: TeamReportOptions;
  /** Weeks to report, inclusive; by default the last four complete weeks. */
  readonly period?: ReportPeriod;
  /** Epoch ms; its local week is the running week, which is never exported. */
  readonly now: number;
  /** The device secret, 32 bytes. It keys the record ids and the noise and never appears in the file. */
  readonly secret: Uint8Array;
  /** Uniform numbers per week for the noise; by default derived from the secret (see `deviceNoiseSource`). */
  readonly noise?: NoiseSource;
}

/**
 * Builds the anonymized weekly team report (`ai-adoption-meter/aggregate@1`): one record per
 * ISO week of the period, from the week tracking began, including weeks without use.
 * Throws `TeamReportError` for a period that is not over yet, reversed or too long, and for
 * options outside their ranges.
 */
export async function buildTeamReport(input: TeamReportInput): Promise<AggregateFile> {
  const settings = resolveSettings(input.options, input.secret);
  const period = checkReportPeriod(input.period ?? defaultReportPeriod(input.now), input.now);
  const weeks = weeksOf(period).filter(
    (week) => settings.firstWeek === null || compareWeeks(week, settings.firstWeek) >= 0,
  );
  const usage = weeklyUsage(input.days, input.tags, settings);
  const slots = settings.toolIds.length + settings.categoryIds.length;
  const noise = input.noise ?? deviceNoiseSource(input.secret, 2 * UNIFORMS_PER_VALUE * slots);
  const records = await Promise.all(
    weeks.map((week) => buildRecord(week, usage, settings, input.secret, settings.epsilon > 0 ? noise : null)),
  );
  const file: AggregateFile = {
    format: AGGREGATE_FORMAT,
    generator: `ai-adoption-meter ${settings.generatorVersion}`,
    team: settings.team,
    period,
    rounding: { activeMinutes: settings.rounding, minutesSaved: settings.rounding },
    noiseEpsilon: settings.epsilon > 0 ? settings.epsilon : null,
    records,
  };
  const checked = aggregateFileSchema.safeParse(file);
  if (!checked.success) {
    throw new TeamReportError(`The team report failed its own format check:\n${z.prettifyError(checked.error)}`);
  }
  return checked.data;
}

interface ReportSettings {
  readonly toolIds: readonly string[];
  readonly categoryIds: readonly string[];
  readonly team: string | null;
  readonly trainingWeek: IsoWeek | null;
  readonly firstWeek: IsoWeek | null;
  readonly rounding: number;
  readonly epsilon: number;
  readonly generatorVersion: string;
}

function resolveSettings(options: TeamReportOptions, secret: Uint8Array): ReportSettings {
  if (!(secret instanceof Uint8Array) || secret.length !== DEVICE_SECRET_BYTES) {
    throw new TeamReportError(`The device secret must be ${DEVICE_SECRET_BYTES} bytes.`);
  }
  const rounding = options.roundingMinutes ?? DEFAULT_ROUNDING_MINUTES;
  if (!Number.isInteger(rounding) || rounding < 1 || rounding > 60) {
    throw new TeamReportError(`Rounding must be a whole number of minutes from 1 to 60, not ${rounding}.`);
  }
  const epsilon = options.noiseEpsilon;
  if (!Number.isFinite(epsilon) || epsilon < 0 || epsilon > MAX_NOISE_EPSILON) {
    throw new TeamReportError(`Noise ε must be from 0 (no noise) to ${MAX_NOISE_EPSILON}, not ${epsilon}.`);
  }
  if (!/^\d+\.\d+\.\d+$/.test(options.generatorVersion)) {
    throw new TeamReportError(`The extension version "${options.generatorVersion}" is not like 1.2.3.`);
  }
  const team = options.teamLabel?.trim() || null;
  if (team !== null && team.length > 80) throw new TeamReportError("The team label is longer than 80 characters.");
  const toolIds = uniqueSorted(options.approvedToolIds.filter((toolId) => TOOL_ID_PATTERN.test(toolId)));
  if (toolIds.length > AGGREGATE_LIMITS.tools) {
    throw new TeamReportError(`A team report holds at most ${AGGREGATE_LIMITS.tools} approved tools.`);
  }
  const categoryIds = uniqueSorted(
    options.taskCategories.map((category) => category.id).filter((categoryId) => CATEGORY_ID_PATTERN.test(categoryId)),
  );
  if (categoryIds.length > AGGREGATE_LIMITS.tasks) {
    throw new TeamReportError(`A team report holds at most ${AGGREGATE_LIMITS.tasks} task categories.`);
  }
  return {
    toolIds,
    categoryIds,
    team,
    trainingWeek: weekOfOptionalDate(options.trainingDate, "training date"),
    firstWeek: weekOfOptionalDate(options.trackingSince, "date tracking began"),
    rounding,
    epsilon,
    generatorVersion: options.generatorVersion,
  };
}

function uniqueSorted(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

function weekOfOptionalDate(date: string | null, what: string): IsoWeek | null {
  if (date === null) return null;
  if (!isLocalDate(date)) throw new TeamReportError(`The ${what} "${date}" is not a date written YYYY-MM-DD.`);
  return isoWeekOfLocalDate(date);
}

/** What one week holds, before rounding, caps and noise. */
interface WeekUsage {
  readonly tools: Map<string, { visits: number; activeMs: number }>;
  readonly activeDates: Set<string>;
  readonly tasks: Map<string, { tags: number; minutesSaved: number }>;
}

interface Usage {
  readonly byWeek: Map<IsoWeek, WeekUsage>;
  /** Weeks with at least one visit to an approved tool. */
  readonly visitedWeeks: Set<IsoWeek>;
}

function weeklyUsage(days: readonly ReportDay[], tags: readonly ReportTag[], settings: ReportSettings): Usage {
  const byWeek = new Map<IsoWeek, WeekUsage>();
  const visitedWeeks = new Set<IsoWeek>();
  const weekOf = (date: string) => {
    const week = isoWeekOfLocalDate(date);
    let entry = byWeek.get(week);
    if (!entry) {
      entry = { tools: new Map(), activeDates: new Set(), tasks: new Map() };
      byWeek.set(week, entry);
    }
    return { week, entry };
  };
  const approved = new Set(settings.toolIds);
  const categories = new Set(settings.categoryIds);
  for (const day of days) {
    if (!approved.has(day.toolId) || !isLocalDate(day.date)) continue;
    const activeMs = nonNegative(day.activeMs);
    const visits = Math.floor(nonNegative(day.visits));
    const { week, entry } = weekOf(day.date);
    const tool = entry.tools.get(day.toolId) ?? { visits: 0, activeMs: 0 };
    entry.tools.set(day.toolId, { visits: tool.visits + visits, activeMs: tool.activeMs + activeMs });
    if (activeMs > 0) entry.activeDates.add(day.date);
    if (visits > 0) visitedWeeks.add(week);
  }
  // A tag belongs to a visit of a tool; only approved tools' visits are reported, and only
  // the categories of the task list in force. The note is never read.
  for (const tag of tags) {
    if (!approved.has(tag.toolId) || !categories.has(tag.category) || !isLocalDate(tag.date)) continue;
    const { entry } = weekOf(tag.date);
    const task = entry.tasks.get(tag.category) ?? { tags: 0, minutesSaved: 0 };
    // One tag claims at most a working day; a larger stored value counts as that.
    const saved = Math.min(nonNegative(tag.minutesSaved), MAX_MINUTES_SAVED);
    entry.tasks.set(tag.category, { tags: task.tags + 1, minutesSaved: task.minutesSaved + saved });
  }
  return { byWeek, visitedWeeks };
}

function nonNegative(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}

async function buildRecord(
  week: IsoWeek,
  usage: Usage,
  settings: ReportSettings,
  secret: Uint8Array,
  noise: NoiseSource | null,
): Promise<WeeklyRecord> {
  const [id, uniform] = await Promise.all([recordId(secret, week), noise ? noise(week) : null]);
  const step = settings.rounding;
  const activeCapUnits = capForStep(AGGREGATE_LIMITS.activeMinutesCap, step) / step;
  const savedCapUnits = capForStep(AGGREGATE_LIMITS.minutesSavedCap, step) / step;
  // Counts in units (1 visit, 1 tag, one rounding step of minutes), capped, then noised. Every
  // approved tool and category is noised, used or not, in a fixed order, so the rows present do
  // not give away exactly which were used, and the same week always draws the same noise.
  const perturb = (units: number, capUnits: number) =>
    uniform ? noisyCount(units, capUnits, settings.epsilon, uniform) : clampCount(units, capUnits);
  const entry = usage.byWeek.get(week);

  const tools = settings.toolIds
    .map((toolId) => {
      const tool = entry?.tools.get(toolId) ?? { visits: 0, activeMs: 0 };
      const visits = perturb(tool.visits, AGGREGATE_LIMITS.visitsCap);
      const activeMinutes = perturb(roundedMinutes(tool.activeMs, step) / step, activeCapUnits) * step;
      return { toolId, visits, activeMinutes };
    })
    .filter((row) => row.visits > 0 || row.activeMinutes > 0);

  const tasks = settings.categoryIds
    .map((category) => {
      const task = entry?.tasks.get(category) ?? { tags: 0, minutesSaved: 0 };
      const tags = perturb(task.tags, AGGREGATE_LIMITS.tagsCap);
      const minutesSaved = perturb(Math.round(task.minutesSaved / step), savedCapUnits) * step;
      return { category, tags, minutesSaved };
    })
    .filter((row) => row.tags > 0 || row.minutesSaved > 0);

  return {
    id,
    week,
    weeksSinceTraining: weeksSinceTraining(settings.trainingWeek, week),
    activeDays: entry?.activeDates.size ?? 0,
    tools,
    tasks,
    features: {
      active: usage.visitedWeeks.has(week),
      activeInWeeks1to4: activeInWeeks1to4(settings.trainingWeek, week, usage.visitedWeeks),
    },
  };
}

function weeksSinceTraining(trainingWeek: IsoWeek | null, week: IsoWeek): number | null {
  if (trainingWeek === null) return null;
  const weeks = weeksBetween(trainingWeek, week);
  if (Math.abs(weeks) > 1040) {
    throw new TeamReportError(`The training date's week ${trainingWeek} is more than 20 years away from ${week}.`);
  }
  return weeks;
}

/**
 * Whether weeks 1–4 after training held a visit, looking only at weeks up to `week`: a record
 * says nothing about weeks after its own, and does not change once its week is over.
 */
function activeInWeeks1to4(trainingWeek: IsoWeek | null, week: IsoWeek, visitedWeeks: Set<IsoWeek>): boolean | null {
  if (trainingWeek === null) return null;
  const last = Math.min(4, weeksBetween(trainingWeek, week));
  for (let k = 1; k <= last; k++) {
    if (visitedWeeks.has(addWeeks(trainingWeek, k))) return true;
  }
  return false;
}
