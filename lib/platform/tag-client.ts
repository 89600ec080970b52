import type { TagDraft, TagErrors } from "../tagging/tag-input";
import { sendMessage } from "./send-message";

/** Sends an answer to the background; resolves with field errors, or null once it is saved. */
export async function saveTagAnswer(
  visitId: number,
  answer: TagDraft,
): Promise<(TagErrors & { visit?: string }) | null> {
  const result = await sendMessage("saveTag", {
    visitId,
    category: answer.category,
    minutesSaved: answer.minutesSaved,
    ...(answer.note.trim() ? { note: answer.note } : {}),
  });
  return result.ok ? null : result.errors;
}
