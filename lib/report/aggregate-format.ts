import { z } from "zod";
import { CATEGORY_ID_PATTERN } from "../tagging/categories";
import { ISO_WEEK_PATTERN } from "../time/iso-week";

/** Format id of the team report file an employee gives their lead. */
export const AGGREGATE_FORMAT = "ai-adoption-meter/aggregate@1";

/** Largest values a record may carry; anything above is refused on import. */
export const AGGREGATE_LIMITS = {
  /** Active minutes per tool per week are capped here (7 days × 16 h). */
  activeMinutesCap: 6720,
  /** Visits per tool per week. */
  visitsCap: 2000,
  /** Tags per category per week. */
  tagsCap: 500,
  /** Minutes saved per category per week (500 tags × 480 min would be absurd; 7 × 16 h is the ceiling). */
  minutesSavedCap: 6720,
  /** Records in one file: ten years of weeks. */
  records: 520,
  tools: 100,
  tasks: 60,
  /** Highest revision of a weekly record. */
  revision: 1_000_000,
} as const;

/** Shape of a tool id in a team report (catalog ids and custom-… ids). */
export const TOOL_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,47}$/;

const id = (pattern: RegExp) => z.string().regex(pattern);
const count = (max: number) => z.number().int().min(0).max(max);

/** One person's one ISO week: the unit the team lead counts. */
export const weeklyRecordSchema = z.strictObject({
  /** Hex HMAC-SHA-256(device secret, "record:" + ISO week): the same for re-exports, unlinkable across weeks. */
  id: id(/^[0-9a-f]{64}$/),
  week: id(ISO_WEEK_PATTERN),
  /**
   * How many times this week was exported again with other content (0 the first time; absent
   * means 0). The lead keeps the record with the highest revision of an id.
   */
  revision: z.number().int().min(0).max(AGGREGATE_LIMITS.revision).optional(),
  /** Whole weeks since the training date's week (week 1 is the week after it); null without a training date. */
  weeksSinceTraining: z.number().int().min(-1040).max(1040).nullable(),
  /** Days of the week with any active time, 0–7. */
  activeDays: count(7),
  tools: z
    .array(
      z.strictObject({
        toolId: id(TOOL_ID_PATTERN),
        visits: count(AGGREGATE_LIMITS.visitsCap),
        /** Rounded to the file's `rounding.activeMinutes` and capped. */
        activeMinutes: count(AGGREGATE_LIMITS.activeMinutesCap),
      }),
    )
    .max(AGGREGATE_LIMITS.tools),
  tasks: z
    .array(
      z.strictObject({
        category: id(CATEGORY_ID_PATTERN),
        tags: count(AGGREGATE_LIMITS.tagsCap),
        /** Rounded to the file's `rounding.minutesSaved` and capped. */
        minutesSaved: count(AGGREGATE_LIMITS.minutesSavedCap),
      }),
    )
    .max(AGGREGATE_LIMITS.tasks),
  /** Computed on the device, so the lead never has to link weeks. */
  features: z.strictObject({
    /** At least one visit this week (before noise). */
    active: z.boolean(),
    /**
     * Active in at least one of weeks 1–4 after training, counting only weeks up to this record's
     * own week (so false before week 1); null without a training date.
     */
    activeInWeeks1to4: z.boolean().nullable(),
  }),
});

/** The team report file. It never holds names, ids that link weeks, URLs, hosts, free text, or times finer than a week. */
export const aggregateFileSchema = z
  .strictObject({
    format: z.literal(AGGREGATE_FORMAT),
    /** Name and version of the program that wrote the file, e.g. "ai-adoption-meter 0.1.0". */
    generator: z.string().regex(/^ai-adoption-meter \d+\.\d+\.\d+$/),
    /** Team label from policy, or null. */
    team: z.string().min(1).max(80).nullable(),
    /** The weeks asked for, inclusive; records start at the week tracking began, so there may be fewer. */
    period: z.strictObject({ from: id(ISO_WEEK_PATTERN), to: id(ISO_WEEK_PATTERN) }),
    /** Minutes are multiples of these. */
    rounding: z.strictObject({
      activeMinutes: z.number().int().min(1).max(60),
      minutesSaved: z.number().int().min(1).max(60),
    }),
    /** Local noise parameter ε when noise was added, else null. */
    noiseEpsilon: z.number().positive().max(10).nullable(),
    records: z.array(weeklyRecordSchema).max(AGGREGATE_LIMITS.records),
  })
  .meta({
    title: "AI Adoption Meter team report",
    description: "Coarse weekly usage records one person gives their team lead.",
  });

/** A parsed team report file. */
export type AggregateFile = z.infer<typeof aggregateFileSchema>;
/** One weekly record. */
export type WeeklyRecord = z.infer<typeof weeklyRecordSchema>;
