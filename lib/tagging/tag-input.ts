import { z } from "zod";
import { userText } from "../messages/user-text";
import type { TaskCategory } from "./categories";

/** Minutes saved can never exceed a working day: 0–480. */
export const MAX_MINUTES_SAVED = 480;

/** One-click choices for minutes saved. */
export const MINUTES_SAVED_CHOICES = [0, 5, 15, 30, 60] as const;

/** Longest private note, in characters. */
export const MAX_NOTE_LENGTH = 500;

/** A validated answer, ready to store (and, with its visit, in the personal download). */
export const tagAnswerSchema = z.strictObject({
  category: z.string().max(64),
  minutesSaved: z.number().int().min(0).max(MAX_MINUTES_SAVED),
  note: z.string().max(MAX_NOTE_LENGTH).optional(),
});

/** A validated answer, ready to store. */
export type TagAnswer = z.infer<typeof tagAnswerSchema>;

/**
 * A tag as the tag form sends it: minutes arrive as entered and the note untrimmed, and both
 * are checked by `validateTagAnswer`, which answers with a message per field. The note's bound
 * here only keeps a flood out of the worker.
 */
export const tagRequestSchema = z.strictObject({
  visitId: z.number().int().positive(),
  category: tagAnswerSchema.shape.category,
  minutesSaved: z.unknown(),
  note: z
    .string()
    .max(MAX_NOTE_LENGTH * 4)
    .optional(),
});

/** A tag as the tag form sends it. */
export type TagRequest = z.infer<typeof tagRequestSchema>;

/** An answer as the tag form holds it: no minutes chosen yet is null, no note is "". */
export type TagDraft = Pick<TagAnswer, "category"> & { minutesSaved: number | null; note: string };

/** Field-level messages for the tag form, when an answer is refused. */
export type TagErrors = Partial<Record<"category" | "minutesSaved" | "note", string>>;

/**
 * Validates an answer against the task list in force. Anything wrong refuses the whole
 * answer, with a message per field, so nothing is saved half-way.
 */
export function validateTagAnswer(
  request: Pick<TagRequest, "category" | "minutesSaved" | "note">,
  categories: readonly TaskCategory[],
): { ok: true; answer: TagAnswer } | { ok: false; errors: TagErrors } {
  const errors: TagErrors = {};
  if (!categories.some((category) => category.id === request.category)) {
    errors.category = userText("errorTaskRequired");
  }
  const minutes = request.minutesSaved;
  if (typeof minutes !== "number" || !Number.isInteger(minutes) || minutes < 0 || minutes > MAX_MINUTES_SAVED) {
    errors.minutesSaved = userText("errorMinutesSaved", MAX_MINUTES_SAVED);
  }
  const note = request.note?.trim();
  if (note && note.length > MAX_NOTE_LENGTH) errors.note = userText("errorNoteLength", MAX_NOTE_LENGTH);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    answer: { category: request.category, minutesSaved: minutes as number, ...(note ? { note } : {}) },
  };
}
