import { AGGREGATE_FORMAT, type AggregateFile, type WeeklyRecord } from "../../../lib/report/aggregate-format";
import type { TeamMetricsOptions } from "../../../lib/team/metrics";

/** Wednesday 2 December 2026, noon local time: the running week is 2026-W49. */
export const NOW = new Date(2026, 11, 2, 12, 0).getTime();

/** A distinct, well-formed record id for a number. */
export function idFor(n: number): string {
  return n.toString(16).padStart(64, "0");
}

/** A weekly record with sensible defaults: active, one tool, no tags. */
export function record(n: number, overrides: Partial<WeeklyRecord> = {}): WeeklyRecord {
  return {
    id: idFor(n),
    week: "2026-W47",
    weeksSinceTraining: 10,
    activeDays: 2,
    tools: [{ toolId: "chatgpt", visits: 3, activeMinutes: 30 }],
    tasks: [],
    features: { active: true, activeInWeeks1to4: true },
    ...overrides,
  };
}

/** A team report file around the given records. */
export function aggregateFile(records: WeeklyRecord[], overrides: Partial<AggregateFile> = {}): AggregateFile {
  return {
    format: AGGREGATE_FORMAT,
    generator: "ai-adoption-meter 0.1.0",
    team: "Finance",
    period: { from: "2026-W45", to: "2026-W48" },
    rounding: { activeMinutes: 5, minutesSaved: 5 },
    noiseEpsilon: null,
    records,
    ...overrides,
  };
}

/** Options without team size, targets or cost, at k = 5. */
export const PLAIN: TeamMetricsOptions = {
  teamSize: null,
  targets: { weeklyActiveRate: null, minutesSavedPerPersonWeek: null },
  hourlyCost: null,
  k: 5,
};
