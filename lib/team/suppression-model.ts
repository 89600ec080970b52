import type { IsoWeek } from "../report/iso-week";
import { type CellKey, cellKey } from "./cell-keys";
import { type SuppressionCell, type SuppressionEquation, sumEquation } from "./suppression";
import { RETENTION_WEEKS } from "./view-types";
import { ACTIVE_MINUTES_BANDS, type WeekTotals } from "./week-totals";

/** A cell of the model, under its typed key. */
export interface ModelCell extends SuppressionCell {
  readonly key: CellKey;
}

/** The cells behind every figure, the relations between them, and what the view lists. */
export interface SuppressionModel {
  readonly cells: ModelCell[];
  readonly byKey: Map<CellKey, ModelCell>;
  readonly equations: SuppressionEquation[];
  /** Weeks with records, in order. */
  readonly weeks: IsoWeek[];
  /** Weeks since training with records, in order. */
  readonly curve: number[];
  /** Task categories with minutes saved or tags, in id order. */
  readonly categories: string[];
  /** Tools with active minutes or visits, in id order. */
  readonly tools: string[];
  /** The ISO week of each contributor slot (see `buildSuppressionModel`). */
  readonly weekOfSlot: readonly IsoWeek[];
}

/** Population measures; `inactive` is `reporting − active`, so that bounds on it are checked too. */
const POPULATION = ["reporting", "active", "inactive"];

const inRetentionWeeks = (t: number | null) => t !== null && t >= RETENTION_WEEKS.from && t <= RETENTION_WEEKS.to;

/**
 * The cells behind every figure and the relations a reader can see between them, from week totals:
 * - population cells (records of the period, of a week, of a week since training, of the retention
 *   group), additive in `reporting` and `active`, with the finest groups (week × weeks since training ×
 *   retention group) as unseen unknowns that link the tables;
 * - minutes saved by week and by category, with week × category as unseen unknowns;
 * - tags by category; active minutes and visits by tool.
 *
 * Totals do not say which record adds to which cell, only how many do. Each week's records are
 * numbered as *slots*, and a cell with n contributors in a group of a week holds that group's first
 * n slots. A cell's people count (its busiest week) is then exact, and two cells of the same week
 * overlap as much as they can, so the people in a union of cells are never over-counted: every
 * group-size check errs on the side of hiding.
 */
export function buildSuppressionModel(totals: readonly WeekTotals[]): SuppressionModel {
  interface Accumulator {
    readonly members: number[];
    readonly values: Record<string, number>;
    readonly displayed: boolean;
  }
  const groups = new Map<CellKey, Accumulator>();
  const group = (key: CellKey, displayed: boolean, zero: () => Record<string, number>): Accumulator => {
    let found = groups.get(key);
    if (!found) {
      found = { members: [], values: zero(), displayed };
      groups.set(key, found);
    }
    return found;
  };
  const pushSlots = (into: Accumulator, first: number, count: number) => {
    for (let i = 0; i < count; i++) into.members.push(first + i);
  };
  const add = (into: Accumulator, first: number, people: number, measure: string, value: number) => {
    if (people <= 0) return;
    pushSlots(into, first, people);
    into.values[measure] = (into.values[measure] ?? 0) + value;
  };
  const addPopulation = (into: Accumulator, first: number, reporting: number, active: number) => {
    if (reporting <= 0) return;
    pushSlots(into, first, reporting);
    const values = into.values as { reporting: number; active: number; inactive: number };
    values.reporting += reporting;
    values.active += active;
    values.inactive += reporting - active;
  };
  const populationZero = () => ({ reporting: 0, active: 0, inactive: 0 });
  const populationGroup = (key: CellKey, displayed: boolean) => group(key, displayed, populationZero);
  const minutesZero = () => ({ minutes: 0 });

  // Totals exist even when empty, so the view can always name them.
  populationGroup(cellKey.period, true);
  populationGroup(cellKey.retention, true);
  for (const band of ACTIVE_MINUTES_BANDS) group(cellKey.band(band.id), true, () => ({ reporting: 0 }));
  group(cellKey.savedAll, true, minutesZero);
  group(cellKey.tagsAll, true, () => ({ tags: 0 }));
  group(cellKey.toolsMinutes, true, minutesZero);
  group(cellKey.toolsVisits, true, () => ({ visits: 0 }));

  const atomsOf = new Map<CellKey, Set<CellKey>>(); // cell → the finest unseen groups it is the sum of
  const link = (key: CellKey, atom: CellKey) => {
    let atoms = atomsOf.get(key);
    if (!atoms) {
      atoms = new Set<CellKey>();
      atomsOf.set(key, atoms);
    }
    atoms.add(atom);
  };

  const weekSet = new Set<IsoWeek>();
  const curveSet = new Set<number>();
  const categorySet = new Set<string>();
  const toolSet = new Set<string>();
  const weekOfSlot: IsoWeek[] = [];

  for (const row of totals) {
    if (row.reporting <= 0) continue;
    const first = weekOfSlot.length;
    for (let i = 0; i < row.reporting; i++) weekOfSlot.push(row.week);
    const { week, weeksSinceTraining: t } = row;
    weekSet.add(week);
    if (t !== null) curveSet.add(t);

    // Population: the retention group first (its slots), then the rest of the week's group.
    const inRetention = inRetentionWeeks(t);
    const kept = inRetention ? Math.min(row.activeInWeeks1to4, row.reporting) : 0;
    const keptActive = inRetention ? Math.min(row.activeInWeeks1to4Active, kept) : 0;
    const parts = [
      { group: "kept" as const, from: first, reporting: kept, active: keptActive },
      { group: "other" as const, from: first + kept, reporting: row.reporting - kept, active: row.active - keptActive },
    ];
    for (const part of parts) {
      if (part.reporting <= 0) continue;
      const atom = cellKey.populationAtom(week, t, part.group);
      const popCells: CellKey[] = [cellKey.period, cellKey.week(week)];
      if (t === null) popCells.push(cellKey.curveNone);
      else {
        popCells.push(cellKey.curve(t));
        if (part.group === "kept") popCells.push(cellKey.retention);
        else if (inRetention) popCells.push(cellKey.retentionRest);
      }
      addPopulation(populationGroup(atom, false), part.from, part.reporting, part.active);
      for (const key of popCells) {
        const displayed = !(key === cellKey.curveNone || key === cellKey.retentionRest);
        addPopulation(populationGroup(key, displayed), part.from, part.reporting, part.active);
        link(key, atom);
      }
    }

    // Bands add up to the period; they are not linked to weeks, because no figure shows a week's
    // bands. They count person-weeks only: a band of 0 minutes is close to "not active", and its
    // active and inactive counts would say little but pin much. Bands partition the group's slots.
    let bandSlot = first;
    for (const [i, band] of ACTIVE_MINUTES_BANDS.entries()) {
      const people = row.bands[i] ?? 0;
      add(
        group(cellKey.band(band.id), true, () => ({ reporting: 0 })),
        bandSlot,
        people,
        "reporting",
        people,
      );
      bandSlot += people;
    }

    // A record belongs to a minutes, tags or tool cell only when it adds a non-zero value to it.
    const savedWeek = group(cellKey.savedWeek(week), true, minutesZero); // shown for every week, even at 0
    add(groups.get(cellKey.savedAll) as Accumulator, first, row.minutesSaved.people, "minutes", row.minutesSaved.value);
    add(savedWeek, first, row.minutesSaved.people, "minutes", row.minutesSaved.value);
    add(groups.get(cellKey.tagsAll) as Accumulator, first, row.tags.people, "tags", row.tags.value);
    for (const task of row.tasks) {
      const { category } = task;
      if (task.minutesSaved.people > 0 || task.tags.people > 0) categorySet.add(category);
      if (task.minutesSaved.people > 0) {
        const savedAtom = cellKey.savedAtom(week, category);
        const { people, value } = task.minutesSaved;
        add(group(cellKey.savedCategory(category), true, minutesZero), first, people, "minutes", value);
        add(group(savedAtom, false, minutesZero), first, people, "minutes", value);
        link(cellKey.savedWeek(week), savedAtom);
        link(cellKey.savedCategory(category), savedAtom);
      }
      if (task.tags.people > 0) {
        add(
          group(cellKey.tagsCategory(category), true, () => ({ tags: 0 })),
          first,
          task.tags.people,
          "tags",
          task.tags.value,
        );
      }
    }

    add(
      groups.get(cellKey.toolsMinutes) as Accumulator,
      first,
      row.toolMinutes.people,
      "minutes",
      row.toolMinutes.value,
    );
    add(groups.get(cellKey.toolsVisits) as Accumulator, first, row.toolVisits.people, "visits", row.toolVisits.value);
    for (const tool of row.tools) {
      if (tool.minutes.people > 0 || tool.visits.people > 0) toolSet.add(tool.toolId);
      add(
        group(cellKey.toolMinutes(tool.toolId), true, minutesZero),
        first,
        tool.minutes.people,
        "minutes",
        tool.minutes.value,
      );
      add(
        group(cellKey.toolVisits(tool.toolId), true, () => ({ visits: 0 })),
        first,
        tool.visits.people,
        "visits",
        tool.visits.value,
      );
    }
  }

  const cells: ModelCell[] = [];
  const byKey = new Map<CellKey, ModelCell>();
  for (const [key, { members, displayed, values }] of groups) {
    // A named cell that no record adds to (a tool with visits but no minutes) is no cell at all.
    if (members.length === 0 && (key.startsWith("tool:") || key.startsWith("tags:category:"))) continue;
    const cell: ModelCell = { key, contributors: members, values, displayed };
    cells.push(cell);
    byKey.set(key, cell);
  }

  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const weeks = [...weekSet].sort(byText);
  const curve = [...curveSet].sort((a, b) => a - b);
  const categories = [...categorySet].sort(byText);
  const tools = [...toolSet].sort(byText);
  const existing = (keys: readonly CellKey[]) => keys.filter((key) => byKey.has(key));

  const equations: SuppressionEquation[] = [
    // Each table and its total.
    sumEquation(cellKey.period, weeks.map(cellKey.week), POPULATION),
    sumEquation(cellKey.period, existing([...curve.map(cellKey.curve), cellKey.curveNone]), POPULATION),
    sumEquation(
      cellKey.period,
      ACTIVE_MINUTES_BANDS.map((band) => cellKey.band(band.id)),
      ["reporting"],
    ),
    {
      terms: [
        ...curve.filter(inRetentionWeeks).map((t) => ({ cell: cellKey.curve(t), sign: 1 as const })),
        ...existing([cellKey.retention, cellKey.retentionRest]).map((cell) => ({ cell, sign: -1 as const })),
      ],
      measures: POPULATION,
    },
    sumEquation(cellKey.savedAll, weeks.map(cellKey.savedWeek), ["minutes"]),
    sumEquation(cellKey.savedAll, existing(categories.map(cellKey.savedCategory)), ["minutes"]),
    sumEquation(cellKey.tagsAll, existing(categories.map(cellKey.tagsCategory)), ["tags"]),
    sumEquation(cellKey.toolsMinutes, existing(tools.map(cellKey.toolMinutes)), ["minutes"]),
    sumEquation(cellKey.toolsVisits, existing(tools.map(cellKey.toolVisits)), ["visits"]),
    // Links between tables through the finest groups.
    ...[...atomsOf].map(([key, atoms]) =>
      sumEquation(key, [...atoms].sort(), key.startsWith("saved:") ? ["minutes"] : POPULATION),
    ),
  ].filter((equation) => equation.terms.length > 1);

  return { cells, byKey, equations, weeks, curve, categories, tools, weekOfSlot };
}
