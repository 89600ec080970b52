import type { IsoWeek } from "../report/iso-week";
import type { BandId } from "./week-totals";

/**
 * Typed keys of the suppression model's cells. Keys are built here and only here, and nothing is
 * ever read back out of a key: the model keeps its lists of weeks, tools and categories itself.
 */

/** Whether a record of this group was active in weeks 1–4 and lies in the retention weeks. */
export type RetentionGroup = "kept" | "other";

/** A cell of the suppression model. */
export type CellKey =
  | "period"
  | "retention"
  | "retention:rest"
  | "curve:none"
  | "saved:all"
  | "tags:all"
  | "tools:minutes"
  | "tools:visits"
  | `week:${IsoWeek}`
  | `curve:${number}`
  | `band:${BandId}`
  | `saved:week:${IsoWeek}`
  | `saved:category:${string}`
  | `tags:category:${string}`
  | `tool:minutes:${string}`
  | `tool:visits:${string}`
  | `pop:${IsoWeek}|${number | "none"}|${RetentionGroup}`
  | `saved:${IsoWeek}|${string}`;

/** Cell keys by what they stand for. */
export const cellKey = {
  /** Records of the whole period. */
  period: "period",
  /** Records of weeks 9–12 after training that were active in weeks 1–4. */
  retention: "retention",
  /** Other records of weeks 9–12 (never shown). */
  retentionRest: "retention:rest",
  /** Records without a training date (never shown). */
  curveNone: "curve:none",
  savedAll: "saved:all",
  tagsAll: "tags:all",
  toolsMinutes: "tools:minutes",
  toolsVisits: "tools:visits",
  week: (week: IsoWeek) => `week:${week}` as const,
  curve: (weeksSinceTraining: number) => `curve:${weeksSinceTraining}` as const,
  band: (band: BandId) => `band:${band}` as const,
  savedWeek: (week: IsoWeek) => `saved:week:${week}` as const,
  savedCategory: (category: string) => `saved:category:${category}` as const,
  tagsCategory: (category: string) => `tags:category:${category}` as const,
  toolMinutes: (toolId: string) => `tool:minutes:${toolId}` as const,
  toolVisits: (toolId: string) => `tool:visits:${toolId}` as const,
  /** The finest population group: week × weeks since training × retention group (never shown). */
  populationAtom: (week: IsoWeek, weeksSinceTraining: number | null, group: RetentionGroup) =>
    `pop:${week}|${weeksSinceTraining ?? "none"}|${group}` as const,
  /** Minutes saved in one week on one category (never shown). */
  savedAtom: (week: IsoWeek, category: string) => `saved:${week}|${category}` as const,
} as const satisfies Record<string, CellKey | ((...args: never[]) => CellKey)>;
