import type { IsoWeek } from "../report/iso-week";

/**
 * The shapes of the team view (product brief, "Team metrics"): every figure says what it is
 * divided by, and any figure may be hidden by suppression, with the reason instead of a value.
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
