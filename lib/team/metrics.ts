import type { WeeklyRecord } from "../report/aggregate-format";
import type { IsoWeek } from "../time/iso-week";
import {
  minimumGroupSize,
  type SuppressionCell,
  type SuppressionEquation,
  sumEquation,
  suppressCells,
} from "./suppression";

/**
 * Team metrics (product brief, "Team metrics"): pure over de-duplicated weekly records. Every
 * figure says what it is divided by, and every figure passes through suppression before anyone
 * sees it: the only way to get figures out of this module is `buildTeamView`.
 */

/** What a figure counts or measures. */
export type FigureUnit =
  | "people"
  | "person-weeks"
  | "share"
  | "minutes"
  | "minutes per person-week"
  | "tags"
  | "visits";

/** A figure that may be shown, with what it is made of. */
export interface Figure {
  /** The number shown: numerator ÷ denominator (rounded to 4 decimals), or the numerator itself for totals; null when the denominator is 0. */
  readonly value: number | null;
  readonly numerator: number;
  /** null for totals. */
  readonly denominator: number | null;
  /** What the denominator counts ("team size", "of those who reported", …); null when there is none. */
  readonly denominatorLabel: string | null;
  readonly unit: FigureUnit;
}

/** A figure hidden because it would describe fewer than k people, or would let such a figure be worked out. */
export interface SuppressedFigure {
  readonly suppressed: true;
  readonly reason: string;
}

/** A figure, or the reason it is hidden. */
export type Shown<T> = T | SuppressedFigure;

/** Return on investment: hours saved × hourly cost. */
export interface RoiFigure {
  /** Money, in the currency of `hourlyCost`. */
  readonly value: number;
  /** Minutes saved ÷ 60. */
  readonly hoursSaved: number;
  readonly hourlyCost: number;
  /** Money at the minutes-saved target over the same reporting person-weeks; null without a target or when hidden. */
  readonly atTarget: number | null;
}

/** A target and whether the figure meets it; `met` is null when the figure is hidden or undefined. */
export interface TargetCheck {
  readonly target: number;
  readonly met: boolean | null;
}

/** One ISO week's row. Per week, one record is one person. */
export interface WeekRow {
  readonly week: IsoWeek;
  /** Records for the week. */
  readonly reporting: Shown<Figure>;
  /** Records for the week that were active. */
  readonly active: Shown<Figure>;
  /** Active ÷ team size, or ÷ reporting "of those who reported" without a team size. */
  readonly activeRate: Shown<Figure>;
  /** Minutes saved, all categories. */
  readonly minutesSaved: Shown<Figure>;
  /** Minutes saved ÷ reporting. */
  readonly minutesSavedPerPersonWeek: Shown<Figure>;
}

/**
 * Bands of active minutes a person-week can fall in (issue 12). A median is one person's own value,
 * which no group size protects; a count of person-weeks per fixed band is a group figure like any
 * other and goes through the same suppression and releases.
 */
export const ACTIVE_MINUTES_BANDS = [
  { id: "0", label: "0 min", from: 0, to: 0 },
  { id: "1-15", label: "1–15 min", from: 1, to: 15 },
  { id: "16-60", label: "16–60 min", from: 16, to: 60 },
  { id: "61-180", label: "61–180 min", from: 61, to: 180 },
  { id: "181+", label: "more than 180 min", from: 181, to: Number.POSITIVE_INFINITY },
] as const;

/** The band of a person-week's active minutes on all tools. */
export function bandOf(activeMinutes: number): (typeof ACTIVE_MINUTES_BANDS)[number]["id"] {
  const band = ACTIVE_MINUTES_BANDS.find((b) => activeMinutes >= b.from && activeMinutes <= b.to);
  return band ? band.id : "181+";
}

/** One band of the distribution of weekly active minutes. */
export interface BandRow {
  readonly band: string;
  readonly label: string;
  /** Person-weeks in the band. */
  readonly personWeeks: Shown<Figure>;
  /** Share of all reporting person-weeks. */
  readonly share: Shown<Figure>;
}

/** Key of the one unnamed row that stands for every hidden tool or task: a hidden row never shows its name. */
export const HIDDEN_ROW_ID = "(hidden)";
/** Label of that row. */
export const HIDDEN_ROW_LABEL = "other (hidden)";

/** One point of the adoption curve: weeks since training (week 1 is the week after it). */
export interface CurveRow {
  readonly weeksSinceTraining: number;
  readonly reporting: Shown<Figure>;
  readonly active: Shown<Figure>;
  readonly activeRate: Shown<Figure>;
}

/** One task category of the use-case library. */
export interface UseCaseRow {
  readonly category: string;
  readonly minutesSaved: Shown<Figure>;
  /** Share of all minutes saved. */
  readonly minutesSavedShare: Shown<Figure>;
  /** Times tagged. */
  readonly tags: Shown<Figure>;
  /** Share of all tags. */
  readonly tagsShare: Shown<Figure>;
  /** 1 = most minutes saved; null when hidden. Equal values share a rank. */
  readonly rankByMinutesSaved: number | null;
  /** 1 = most tags; null when hidden. */
  readonly rankByTags: number | null;
}

/** One tool of the tool mix. */
export interface ToolRow {
  readonly toolId: string;
  readonly activeMinutes: Shown<Figure>;
  readonly activeMinutesShare: Shown<Figure>;
  readonly visits: Shown<Figure>;
  readonly visitsShare: Shown<Figure>;
}

/** Options of the team view. */
export interface TeamMetricsOptions {
  /** People in the team, from the lead or policy; null when unknown. */
  readonly teamSize: number | null;
  readonly targets: {
    /** Weekly active rate to reach, 0–1. */
    readonly weeklyActiveRate: number | null;
    /** Minutes saved per reporting person-week to reach. */
    readonly minutesSavedPerPersonWeek: number | null;
  };
  /** Cost of one hour of work, for ROI; null to leave ROI out. */
  readonly hourlyCost: number | null;
  /** Minimum group size from policy; values below 5 count as 5. */
  readonly k: number | null;
}

/** Everything the team dashboard shows, already suppressed. There are no per-person rows. */
export interface TeamView {
  /** Minimum group size in force, in people (see `peopleLowerBound`). */
  readonly k: number;
  readonly teamSize: number | null;
  /** First and last week with records; null without records. */
  readonly period: { readonly from: IsoWeek; readonly to: IsoWeek } | null;
  /** The last week with records: the week of the headline weekly active rate. */
  readonly latestWeek: IsoWeek | null;
  readonly summary: {
    /** All records of the period. */
    readonly reportingPersonWeeks: Shown<Figure>;
    /** Active records ÷ all records. */
    readonly activePersonWeeks: Shown<Figure>;
    /** Weekly active rate of `latestWeek`. */
    readonly weeklyActiveRate: Shown<Figure>;
    readonly minutesSaved: Shown<Figure>;
    /** Minutes saved ÷ reporting person-weeks. */
    readonly minutesSavedPerPersonWeek: Shown<Figure>;
    /** Of the records of weeks 9–12 after training that were active in weeks 1–4, the share active. */
    readonly retention: Shown<Figure>;
    /** null without an hourly cost. */
    readonly roi: Shown<RoiFigure> | null;
  };
  readonly targets: {
    readonly weeklyActiveRate: TargetCheck | null;
    readonly minutesSavedPerPersonWeek: TargetCheck | null;
  };
  /** Weeks with records, oldest first. */
  readonly weeks: readonly WeekRow[];
  /** Weeks since training with records, in order. */
  readonly adoptionCurve: readonly CurveRow[];
  /** Person-weeks by band of active minutes on all tools, in band order. */
  readonly activeMinutesBands: readonly BandRow[];
  /** Ranked by minutes saved; rows hidden altogether are folded into one `HIDDEN_ROW_ID` row, last. */
  readonly useCases: readonly UseCaseRow[];
  /** Ranked by active minutes; rows hidden altogether are folded into one `HIDDEN_ROW_ID` row, last. */
  readonly tools: readonly ToolRow[];
}

/** Weeks after training that answer the three-month question. */
export const RETENTION_WEEKS = { from: 9, to: 12 } as const;

const OF_REPORTED = "of those who reported";
const TEAM_SIZE = "team size";
const PERSON_WEEKS = "reporting person-weeks";
const REPORTING = "people who reported";

/** Builds the suppressed team view from weekly records (de-duplicated by id here too). */
export function buildTeamView(records: readonly WeeklyRecord[], options: TeamMetricsOptions): TeamView {
  const k = minimumGroupSize(options.k);
  const list = uniqueById(records);
  const model = buildModel(list);
  // Cells name records by index into `list`; each record's week bounds how many people a cell holds.
  const hidden = suppressCells(model.cells, model.equations, k, (i) => (list[i] as WeeklyRecord).week);
  // A row can lack one of its cells (a category with minutes but no tags): that figure is 0, from no one.
  const cell = (key: string): ModelCell => model.byKey.get(key) ?? { ...EMPTY_CELL, key };
  const value = (key: string, measure: string) => cell(key).values[measure] ?? 0;
  const hide = (keys: readonly string[]): SuppressedFigure | null => {
    for (const key of keys) {
      const reason = hidden.get(key);
      if (reason) return { suppressed: true, reason };
    }
    return null;
  };
  const shown = (keys: readonly string[], figure: () => Figure): Shown<Figure> => hide(keys) ?? figure();
  const teamSize = Number.isInteger(options.teamSize) && (options.teamSize as number) > 0 ? options.teamSize : null;

  const rate = (key: string): Figure =>
    teamSize === null
      ? ratio(value(key, "active"), value(key, "reporting"), OF_REPORTED, "share")
      : ratio(value(key, "active"), teamSize, TEAM_SIZE, "share");
  const count = (key: string, measure: string, unit: FigureUnit) => total(value(key, measure), unit);

  const weeks: WeekRow[] = model.weeks.map((week) => {
    const pop = `week:${week}`;
    const saved = `saved:week:${week}`;
    return {
      week,
      reporting: shown([pop], () => count(pop, "reporting", "people")),
      active: shown([pop], () => count(pop, "active", "people")),
      activeRate: shown([pop], () => rate(pop)),
      minutesSaved: shown([saved], () => count(saved, "minutes", "minutes")),
      minutesSavedPerPersonWeek: shown([saved, pop], () =>
        ratio(value(saved, "minutes"), value(pop, "reporting"), REPORTING, "minutes per person-week"),
      ),
    };
  });

  const adoptionCurve: CurveRow[] = model.curve.map((weeksSinceTraining) => {
    const pop = `curve:${weeksSinceTraining}`;
    return {
      weeksSinceTraining,
      reporting: shown([pop], () => count(pop, "reporting", "people")),
      active: shown([pop], () => count(pop, "active", "people")),
      activeRate: shown([pop], () => rate(pop)),
    };
  });

  const useCases = rankedRows(
    model.categories,
    (category) => {
      const minutes = `saved:category:${category}`;
      const tags = `tags:category:${category}`;
      return {
        category,
        minutesSaved: shown([minutes], () => count(minutes, "minutes", "minutes")),
        minutesSavedShare: shown([minutes, "saved:all"], () =>
          ratio(value(minutes, "minutes"), value("saved:all", "minutes"), "minutes saved by the team", "share"),
        ),
        tags: shown([tags], () => count(tags, "tags", "tags")),
        tagsShare: shown([tags, "tags:all"], () =>
          ratio(value(tags, "tags"), value("tags:all", "tags"), "tags by the team", "share"),
        ),
        rankByMinutesSaved: null,
        rankByTags: null,
      };
    },
    (row) => row.minutesSaved,
    (row) => row.category,
  ).map((row, _, rows) => ({
    ...row,
    rankByMinutesSaved: rankOf(
      row.minutesSaved,
      rows.map((r) => r.minutesSaved),
    ),
    rankByTags: rankOf(
      row.tags,
      rows.map((r) => r.tags),
    ),
  }));

  const tools = rankedRows(
    model.tools,
    (toolId) => {
      const minutes = `tool:minutes:${toolId}`;
      const visits = `tool:visits:${toolId}`;
      return {
        toolId,
        activeMinutes: shown([minutes], () => count(minutes, "minutes", "minutes")),
        activeMinutesShare: shown([minutes, "tools:minutes"], () =>
          ratio(value(minutes, "minutes"), value("tools:minutes", "minutes"), "active minutes on all tools", "share"),
        ),
        visits: shown([visits], () => count(visits, "visits", "visits")),
        visitsShare: shown([visits, "tools:visits"], () =>
          ratio(value(visits, "visits"), value("tools:visits", "visits"), "visits to all tools", "share"),
        ),
      };
    },
    (row) => row.activeMinutes,
    (row) => row.toolId,
  );

  const latestWeek = model.weeks[model.weeks.length - 1] ?? null;
  const weeklyActiveRate: Shown<Figure> = latestWeek
    ? shown([`week:${latestWeek}`], () => rate(`week:${latestWeek}`))
    : total(0, "share", null);
  const minutesSaved = shown(["saved:all"], () => count("saved:all", "minutes", "minutes"));
  const minutesSavedPerPersonWeek = shown(["saved:all", "period"], () =>
    ratio(value("saved:all", "minutes"), value("period", "reporting"), PERSON_WEEKS, "minutes per person-week"),
  );
  const roi = roiOf(
    options,
    hide(["saved:all"]),
    value("saved:all", "minutes"),
    hide(["period"]) ? null : value("period", "reporting"),
  );

  return {
    k,
    teamSize,
    period: latestWeek ? { from: model.weeks[0] as IsoWeek, to: latestWeek } : null,
    latestWeek,
    summary: {
      reportingPersonWeeks: shown(["period"], () => count("period", "reporting", "person-weeks")),
      activePersonWeeks: shown(["period"], () =>
        ratio(value("period", "active"), value("period", "reporting"), PERSON_WEEKS, "share"),
      ),
      weeklyActiveRate,
      minutesSaved,
      minutesSavedPerPersonWeek,
      retention: shown(["retention"], () =>
        ratio(value("retention", "active"), value("retention", "reporting"), OF_REPORTED, "share"),
      ),
      roi,
    },
    targets: {
      weeklyActiveRate: targetCheck(options.targets.weeklyActiveRate, weeklyActiveRate),
      minutesSavedPerPersonWeek: targetCheck(options.targets.minutesSavedPerPersonWeek, minutesSavedPerPersonWeek),
    },
    weeks,
    adoptionCurve,
    activeMinutesBands: ACTIVE_MINUTES_BANDS.map((band) => {
      const key = `band:${band.id}`;
      return {
        band: band.id,
        label: band.label,
        personWeeks: shown([key], () => count(key, "reporting", "person-weeks")),
        share: shown([key, "period"], () =>
          ratio(value(key, "reporting"), value("period", "reporting"), PERSON_WEEKS, "share"),
        ),
      };
    }),
    useCases: foldHidden(
      useCases,
      (row) => [row.minutesSaved, row.tags],
      (hidden) => ({
        category: HIDDEN_ROW_ID,
        minutesSaved: hidden,
        minutesSavedShare: hidden,
        tags: hidden,
        tagsShare: hidden,
        rankByMinutesSaved: null,
        rankByTags: null,
      }),
    ),
    tools: foldHidden(
      tools,
      (row) => [row.activeMinutes, row.visits],
      (hidden) => ({
        toolId: HIDDEN_ROW_ID,
        activeMinutes: hidden,
        activeMinutesShare: hidden,
        visits: hidden,
        visitsShare: hidden,
      }),
    ),
  };
}

/**
 * Rows whose every figure is hidden leave the list and are replaced by one unnamed row, last: the
 * name of a tool or task used by fewer than k people would itself say that someone used it.
 */
function foldHidden<R>(
  rows: readonly R[],
  figures: (row: R) => Shown<Figure>[],
  other: (hidden: SuppressedFigure) => R,
): R[] {
  const kept = rows.filter((row) => !figures(row).every(isSuppressed));
  if (kept.length === rows.length) return [...rows];
  const hidden = figures(rows.find((row) => figures(row).every(isSuppressed)) as R)[0] as SuppressedFigure;
  return [...kept, other(hidden)];
}

/** Records with a repeated id count once (the first one). */
function uniqueById(records: readonly WeeklyRecord[]): WeeklyRecord[] {
  const seen = new Set<string>();
  return records.filter((record) => !seen.has(record.id) && seen.add(record.id));
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

function ratio(numerator: number, denominator: number, denominatorLabel: string, unit: FigureUnit): Figure {
  return {
    value: denominator === 0 ? null : round4(numerator / denominator),
    numerator,
    denominator,
    denominatorLabel,
    unit,
  };
}

function total(value: number, unit: FigureUnit, shownValue: number | null = value): Figure {
  return { value: shownValue, numerator: value, denominator: null, denominatorLabel: null, unit };
}

/** Whether a figure is hidden (and carries a reason instead of a value). */
export function isSuppressed<T>(value: Shown<T>): value is SuppressedFigure {
  return typeof value === "object" && value !== null && "suppressed" in value;
}

/**
 * A figure's value for a chart, times `scale`: null when it is hidden, so the chart leaves a gap
 * (a bar at 0 would read as a value); 0 when it has no value (nothing to divide by).
 */
export function plotValue(figure: Shown<Figure>, scale = 1): number | null {
  if (isSuppressed(figure)) return null;
  return figure.value === null ? 0 : figure.value * scale;
}

function isShown<T>(value: Shown<T>): value is T {
  return !isSuppressed(value);
}

function targetCheck(target: number | null, figure: Shown<Figure>): TargetCheck | null {
  if (target === null) return null;
  return { target, met: isShown(figure) && figure.value !== null ? figure.value >= target : null };
}

function roiOf(
  options: TeamMetricsOptions,
  hiddenMinutes: SuppressedFigure | null,
  minutes: number,
  personWeeks: number | null,
): Shown<RoiFigure> | null {
  const cost = options.hourlyCost;
  if (cost === null || !Number.isFinite(cost) || cost < 0) return null;
  if (hiddenMinutes) return hiddenMinutes;
  const target = options.targets.minutesSavedPerPersonWeek;
  return {
    value: round4((minutes / 60) * cost),
    hoursSaved: round4(minutes / 60),
    hourlyCost: cost,
    atTarget: target === null || personWeeks === null ? null : round4(((target * personWeeks) / 60) * cost),
  };
}

/** Rows with a shown ranking figure first (largest first, ties by id), then hidden ones by id, so order never hints at a hidden value. */
function rankedRows<R>(
  ids: readonly string[],
  row: (id: string) => R,
  figure: (row: R) => Shown<Figure>,
  id: (row: R) => string,
): R[] {
  const rows = ids.map(row);
  const rankValue = (r: R) => {
    const f = figure(r);
    return isShown(f) ? (f.value ?? 0) : null;
  };
  return rows.sort((a, b) => {
    const va = rankValue(a);
    const vb = rankValue(b);
    if (va !== null && vb !== null && va !== vb) return vb - va;
    if ((va === null) !== (vb === null)) return va === null ? 1 : -1;
    return id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0;
  });
}

function rankOf(figure: Shown<Figure>, all: readonly Shown<Figure>[]): number | null {
  if (!isShown(figure) || figure.value === null) return null;
  const value = figure.value;
  return 1 + all.filter((other) => isShown(other) && other.value !== null && other.value > value).length;
}

/** A cell of the suppression model. */
type ModelCell = SuppressionCell;

interface Model {
  readonly cells: ModelCell[];
  readonly byKey: Map<string, ModelCell>;
  readonly equations: SuppressionEquation[];
  readonly weeks: IsoWeek[];
  readonly curve: number[];
  readonly categories: string[];
  readonly tools: string[];
}

/** Population measures; `inactive` is `reporting − active`, so that bounds on it are checked too. */
const POPULATION = ["reporting", "active", "inactive"];

const EMPTY_CELL: ModelCell = { key: "", contributors: [], values: {}, displayed: true };

/**
 * The cells behind every figure and the relations a reader can see between them:
 * - population cells (records of the period, of a week, of a week since training, of the retention
 *   group), additive in `reporting` and `active`, with the finest groups (week × weeks since training ×
 *   retention group) as unseen unknowns that link the tables;
 * - minutes saved by week and by category, with week × category as unseen unknowns;
 * - tags by category; active minutes and visits by tool.
 * A record belongs to a minutes, tags or tool cell only when it adds a non-zero value to it.
 */
function buildModel(records: readonly WeeklyRecord[]): Model {
  // Each group accumulates its members (in record order, each once) and its values as records are
  // added, so the model is one pass over the records (issue 12: bounded, fast work).
  interface Accumulator {
    readonly members: number[];
    readonly values: Record<string, number>;
    readonly displayed: boolean;
  }
  const groups = new Map<string, Accumulator>();
  const group = (key: string, displayed: boolean, zero: () => Record<string, number>): Accumulator => {
    let found = groups.get(key);
    if (!found) {
      found = { members: [], values: zero(), displayed };
      groups.set(key, found);
    }
    return found;
  };
  // One measure at a time, without an object per call: the model adds tens of values per record.
  const add = (into: Accumulator, i: number, measure: string, value: number) => {
    into.members.push(i);
    into.values[measure] = (into.values[measure] ?? 0) + value;
  };
  const addPopulation = (into: Accumulator, i: number, active: number) => {
    into.members.push(i);
    const values = into.values as { reporting: number; active: number; inactive: number };
    values.reporting += 1;
    values.active += active;
    values.inactive += 1 - active;
  };
  const populationZero = () => ({ reporting: 0, active: 0, inactive: 0 });
  const populationGroup = (key: string, displayed: boolean) => group(key, displayed, populationZero);
  const minutesZero = () => ({ minutes: 0 });
  const inRetentionWeeks = (t: number | null) => t !== null && t >= RETENTION_WEEKS.from && t <= RETENTION_WEEKS.to;

  // Totals exist even when empty, so the view can always name them.
  populationGroup("period", true);
  populationGroup("retention", true);
  for (const band of ACTIVE_MINUTES_BANDS) group(`band:${band.id}`, true, () => ({ reporting: 0 }));
  group("saved:all", true, minutesZero);
  group("tags:all", true, () => ({ tags: 0 }));
  group("tools:minutes", true, minutesZero);
  group("tools:visits", true, () => ({ visits: 0 }));

  const atomsOf = new Map<string, Set<string>>(); // cell → the finest unseen groups it is the sum of
  const link = (key: string, atom: string) => {
    let atoms = atomsOf.get(key);
    if (!atoms) {
      atoms = new Set<string>();
      atomsOf.set(key, atoms);
    }
    atoms.add(atom);
  };

  for (const [i, record] of records.entries()) {
    const t = record.weeksSinceTraining;
    const eligible = inRetentionWeeks(t) && record.features.activeInWeeks1to4 === true;
    const active = record.features.active ? 1 : 0;
    const popCells = ["period", `week:${record.week}`];
    if (t === null) popCells.push("curve:none");
    else {
      popCells.push(`curve:${t}`);
      if (eligible) popCells.push("retention");
      else if (inRetentionWeeks(t)) popCells.push("retention:rest");
    }
    const atom = `pop:${record.week}|${t ?? "none"}|${eligible ? "kept" : "other"}`;
    addPopulation(populationGroup(atom, false), i, active);
    for (const key of popCells) {
      addPopulation(populationGroup(key, !(key === "curve:none" || key === "retention:rest")), i, active);
      link(key, atom);
    }

    let minutes = 0;
    let visits = 0;
    for (const tool of record.tools) {
      minutes += tool.activeMinutes;
      visits += tool.visits;
    }
    // Bands add up to the period; they are not linked to weeks, because no figure shows a week's bands.
    // They count person-weeks only: a band of 0 minutes is close to "not active", and its active
    // and inactive counts would say little but pin much.
    add(
      group(`band:${bandOf(minutes)}`, true, () => ({ reporting: 0 })),
      i,
      "reporting",
      1,
    );

    let saved = 0;
    let tagCount = 0;
    let anySaved = false;
    let anyTags = false;
    for (const task of record.tasks) {
      saved += task.minutesSaved;
      tagCount += task.tags;
      anySaved ||= task.minutesSaved > 0;
      anyTags ||= task.tags > 0;
    }
    // A record belongs to a minutes, tags or tool cell only when it adds a non-zero value to it.
    const savedWeek = group(`saved:week:${record.week}`, true, minutesZero); // shown for every week, even at 0
    if (anySaved) {
      add(groups.get("saved:all") as Accumulator, i, "minutes", saved);
      add(savedWeek, i, "minutes", saved);
    }
    if (anyTags) add(groups.get("tags:all") as Accumulator, i, "tags", tagCount);
    for (const task of record.tasks) {
      if (task.minutesSaved > 0) {
        const savedAtom = `saved:${record.week}|${task.category}`;
        add(group(`saved:category:${task.category}`, true, minutesZero), i, "minutes", task.minutesSaved);
        add(group(savedAtom, false, minutesZero), i, "minutes", task.minutesSaved);
        link(`saved:week:${record.week}`, savedAtom);
        link(`saved:category:${task.category}`, savedAtom);
      }
      if (task.tags > 0)
        add(
          group(`tags:category:${task.category}`, true, () => ({ tags: 0 })),
          i,
          "tags",
          task.tags,
        );
    }

    if (record.tools.some((tool) => tool.activeMinutes > 0)) {
      add(groups.get("tools:minutes") as Accumulator, i, "minutes", minutes);
    }
    if (record.tools.some((tool) => tool.visits > 0))
      add(groups.get("tools:visits") as Accumulator, i, "visits", visits);
    for (const tool of record.tools) {
      if (tool.activeMinutes > 0) {
        add(group(`tool:minutes:${tool.toolId}`, true, minutesZero), i, "minutes", tool.activeMinutes);
      }
      if (tool.visits > 0)
        add(
          group(`tool:visits:${tool.toolId}`, true, () => ({ visits: 0 })),
          i,
          "visits",
          tool.visits,
        );
    }
  }

  const cells: ModelCell[] = [];
  const byKey = new Map<string, ModelCell>();
  for (const [key, { members, displayed, values }] of groups) {
    const cell: ModelCell = { key, contributors: members, values, displayed };
    cells.push(cell);
    byKey.set(key, cell);
  }

  const keysWith = (prefix: string) =>
    cells
      .filter((cell) => cell.key.startsWith(prefix))
      .map((cell) => cell.key)
      .sort();
  const weeks = keysWith("week:").map((key) => key.slice("week:".length));
  const curve = keysWith("curve:")
    .filter((key) => key !== "curve:none")
    .map((key) => Number(key.slice("curve:".length)))
    .sort((a, b) => a - b);
  const categories = [
    ...new Set(
      [...keysWith("saved:category:"), ...keysWith("tags:category:")].map((key) => key.split(":")[2] as string),
    ),
  ].sort();
  const tools = [
    ...new Set([...keysWith("tool:minutes:"), ...keysWith("tool:visits:")].map((key) => key.split(":")[2] as string)),
  ].sort();
  const existing = (keys: readonly string[]) => keys.filter((key) => byKey.has(key));

  const equations: SuppressionEquation[] = [
    // Each table and its total.
    sumEquation(
      "period",
      weeks.map((week) => `week:${week}`),
      POPULATION,
    ),
    sumEquation("period", existing([...curve.map((t) => `curve:${t}`), "curve:none"]), POPULATION),
    sumEquation(
      "period",
      ACTIVE_MINUTES_BANDS.map((band) => `band:${band.id}`),
      ["reporting"],
    ),
    {
      terms: [
        ...curve.filter(inRetentionWeeks).map((t) => ({ cell: `curve:${t}`, sign: 1 as const })),
        ...existing(["retention", "retention:rest"]).map((cell) => ({ cell, sign: -1 as const })),
      ],
      measures: POPULATION,
    },
    sumEquation(
      "saved:all",
      weeks.map((week) => `saved:week:${week}`),
      ["minutes"],
    ),
    sumEquation("saved:all", existing(categories.map((c) => `saved:category:${c}`)), ["minutes"]),
    sumEquation("tags:all", existing(categories.map((c) => `tags:category:${c}`)), ["tags"]),
    sumEquation("tools:minutes", existing(tools.map((t) => `tool:minutes:${t}`)), ["minutes"]),
    sumEquation("tools:visits", existing(tools.map((t) => `tool:visits:${t}`)), ["visits"]),
    // Links between tables through the finest groups.
    ...[...atomsOf].map(([key, atoms]) =>
      sumEquation(key, [...atoms].sort(), key.startsWith("saved:") ? ["minutes"] : POPULATION),
    ),
  ].filter((equation) => equation.terms.length > 1);

  return { cells, byKey, equations, weeks, curve, categories, tools };
}
