import { z } from "zod";
import type { DayRow, TagRow, VisitRow } from "../db/database";
import { type Settings, settingsSchema } from "../settings/settings";
import { tagAnswerSchema } from "../tagging/tag-input";
import { formatLocalDateTime, localDateSchema } from "../time/local-date";

/** Format id of the personal data download. */
export const PERSONAL_FORMAT = "ai-adoption-meter/personal@1";

const localDateTime = z.iso.datetime({ offset: true, local: false });

/** One tag: what a visit was for and the minutes it saved. The note never leaves this file. */
export const personalTagSchema = z.strictObject({
  toolId: z.string(),
  visitStart: localDateTime,
  category: z.string(),
  minutesSaved: tagAnswerSchema.shape.minutesSaved,
  note: tagAnswerSchema.shape.note,
});

/** The "Download my data" file: everything stored locally, for the user. */
export const personalDataSchema = z
  .strictObject({
    format: z.literal(PERSONAL_FORMAT),
    generatedAt: localDateTime,
    days: z.array(
      z.strictObject({
        date: localDateSchema,
        toolId: z.string(),
        activeSeconds: z.number().min(0),
        visits: z.number().int().min(0),
      }),
    ),
    visits: z.array(
      z.strictObject({
        toolId: z.string(),
        start: localDateTime,
        end: localDateTime,
        activeSeconds: z.number().min(0),
      }),
    ),
    tags: z.array(personalTagSchema),
    settings: settingsSchema.extend({ paused: z.boolean() }),
  })
  .meta({
    title: "AI Adoption Meter personal data",
    description: "Everything the extension stores on one device, downloaded by its user.",
  });

/** The parsed personal data file. */
export type PersonalData = z.infer<typeof personalDataSchema>;

/** Builds the personal data file from stored rows; `now` is epoch ms. Seconds keep ms precision. */
export function buildPersonalData(input: {
  days: readonly DayRow[];
  visits: readonly VisitRow[];
  tags: readonly TagRow[];
  settings: Settings;
  paused: boolean;
  now: number;
}): PersonalData {
  const seconds = (ms: number) => Math.round(ms) / 1000;
  return {
    format: PERSONAL_FORMAT,
    generatedAt: formatLocalDateTime(input.now),
    days: [...input.days]
      .sort((a, b) => a.date.localeCompare(b.date) || a.toolId.localeCompare(b.toolId))
      .map((day) => ({ date: day.date, toolId: day.toolId, activeSeconds: seconds(day.activeMs), visits: day.visits })),
    visits: [...input.visits]
      .sort((a, b) => a.start - b.start)
      .map((visit) => ({
        toolId: visit.toolId,
        start: formatLocalDateTime(visit.start),
        end: formatLocalDateTime(visit.end),
        activeSeconds: seconds(visit.activeMs),
      })),
    tags: [...input.tags]
      .sort((a, b) => a.visitStart - b.visitStart)
      .map((tag) => ({
        toolId: tag.toolId,
        visitStart: formatLocalDateTime(tag.visitStart),
        category: tag.category,
        minutesSaved: tag.minutesSaved,
        ...(tag.note ? { note: tag.note } : {}),
      })),
    settings: { ...input.settings, paused: input.paused },
  };
}
