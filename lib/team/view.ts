import type { IsoWeek } from "../report/iso-week";
import { type CellKey, cellKey } from "./cell-keys";
import { foldHidden, rankedRows, rankOf, ratio, roiOf, targetCheck, total } from "./figures";
import { minimumGroupSize, suppressCells } from "./suppression";
import { buildSuppressionModel } from "./suppression-model";
import {
  type CurveRow,
  type Figure,
  type FigureUnit,
  HIDDEN_ROW_ID,
  type Shown,
  type SuppressedFigure,
  type TeamMetricsOptions,
  type TeamView,
  type WeekRow,
} from "./view-types";
import { ACTIVE_MINUTES_BANDS, type WeekTotals } from "./week-totals";

/**
 * The team view from per-week totals (product brief, "Team metrics"): the one way figures are made,
 * whether the totals come from direct files (`weekTotalsOf`) or from protected sharing. Every figure
 * passes through suppression before anyone sees it.
 */

const OF_REPORTED = "of those who reported";
const TEAM_SIZE = "team size";
const PERSON_WEEKS = "reporting person-weeks";
const REPORTING = "people who reported";

/** Builds the suppressed team view from per-week totals. */
export function buildTeamViewFromTotals(totals: readonly WeekTotals[], options: TeamMetricsOptions): TeamView {
  const k = minimumGroupSize(options.k);
  const model = buildSuppressionModel(totals);
  // Cells name contributor slots; each slot's week bounds how many people a cell holds.
  const hidden = suppressCells(model.cells, model.equations, k, (i) => model.weekOfSlot[i] as IsoWeek);
  // A row can lack one of its cells (a category with minutes but no tags): that figure is 0, from no one.
  const value = (key: CellKey, measure: string) => model.byKey.get(key)?.values[measure] ?? 0;
  const hide = (keys: readonly CellKey[]): SuppressedFigure | null => {
    for (const key of keys) {
      const reason = hidden.get(key);
      if (reason) return { suppressed: true, reason };
    }
    return null;
  };
  const shown = (keys: readonly CellKey[], figure: () => Figure): Shown<Figure> => hide(keys) ?? figure();
  const teamSize = Number.isInteger(options.teamSize) && (options.teamSize as number) > 0 ? options.teamSize : null;

  const rate = (key: CellKey): Figure =>
    teamSize === null
      ? ratio(value(key, "active"), value(key, "reporting"), OF_REPORTED, "share")
      : ratio(value(key, "active"), teamSize, TEAM_SIZE, "share");
  const count = (key: CellKey, measure: string, unit: FigureUnit) => total(value(key, measure), unit);

  const weeks: WeekRow[] = model.weeks.map((week) => {
    const pop = cellKey.week(week);
    const saved = cellKey.savedWeek(week);
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
    const pop = cellKey.curve(weeksSinceTraining);
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
      const minutes = cellKey.savedCategory(category);
      const tags = cellKey.tagsCategory(category);
      return {
        category,
        minutesSaved: shown([minutes], () => count(minutes, "minutes", "minutes")),
        minutesSavedShare: shown([minutes, cellKey.savedAll], () =>
          ratio(value(minutes, "minutes"), value(cellKey.savedAll, "minutes"), "minutes saved by the team", "share"),
        ),
        tags: shown([tags], () => count(tags, "tags", "tags")),
        tagsShare: shown([tags, cellKey.tagsAll], () =>
          ratio(value(tags, "tags"), value(cellKey.tagsAll, "tags"), "tags by the team", "share"),
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
      const minutes = cellKey.toolMinutes(toolId);
      const visits = cellKey.toolVisits(toolId);
      return {
        toolId,
        activeMinutes: shown([minutes], () => count(minutes, "minutes", "minutes")),
        activeMinutesShare: shown([minutes, cellKey.toolsMinutes], () =>
          ratio(
            value(minutes, "minutes"),
            value(cellKey.toolsMinutes, "minutes"),
            "active minutes on all tools",
            "share",
          ),
        ),
        visits: shown([visits], () => count(visits, "visits", "visits")),
        visitsShare: shown([visits, cellKey.toolsVisits], () =>
          ratio(value(visits, "visits"), value(cellKey.toolsVisits, "visits"), "visits to all tools", "share"),
        ),
      };
    },
    (row) => row.activeMinutes,
    (row) => row.toolId,
  );

  const latestWeek = model.weeks[model.weeks.length - 1] ?? null;
  const weeklyActiveRate: Shown<Figure> = latestWeek
    ? shown([cellKey.week(latestWeek)], () => rate(cellKey.week(latestWeek)))
    : total(0, "share", null);
  const minutesSaved = shown([cellKey.savedAll], () => count(cellKey.savedAll, "minutes", "minutes"));
  const minutesSavedPerPersonWeek = shown([cellKey.savedAll, cellKey.period], () =>
    ratio(
      value(cellKey.savedAll, "minutes"),
      value(cellKey.period, "reporting"),
      PERSON_WEEKS,
      "minutes per person-week",
    ),
  );
  const roi = roiOf(
    options,
    hide([cellKey.savedAll]),
    value(cellKey.savedAll, "minutes"),
    hide([cellKey.period]) ? null : value(cellKey.period, "reporting"),
  );

  return {
    k,
    teamSize,
    period: latestWeek ? { from: model.weeks[0] as IsoWeek, to: latestWeek } : null,
    latestWeek,
    summary: {
      reportingPersonWeeks: shown([cellKey.period], () => count(cellKey.period, "reporting", "person-weeks")),
      activePersonWeeks: shown([cellKey.period], () =>
        ratio(value(cellKey.period, "active"), value(cellKey.period, "reporting"), PERSON_WEEKS, "share"),
      ),
      weeklyActiveRate,
      minutesSaved,
      minutesSavedPerPersonWeek,
      retention: shown([cellKey.retention], () =>
        ratio(value(cellKey.retention, "active"), value(cellKey.retention, "reporting"), OF_REPORTED, "share"),
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
      const key = cellKey.band(band.id);
      return {
        band: band.id,
        label: band.label,
        personWeeks: shown([key], () => count(key, "reporting", "person-weeks")),
        share: shown([key, cellKey.period], () =>
          ratio(value(key, "reporting"), value(cellKey.period, "reporting"), PERSON_WEEKS, "share"),
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
