import type { MeterDatabase, TagRow, VisitRow } from "../db/database";
import { isQuotaError } from "../db/write-error";
import { userText } from "../messages/user-text";
import { localDate } from "../time/local-date";
import type { TaskCategory } from "./categories";
import type { PendingVisit } from "./pending-visit";
import {
  countPrompt,
  declineToday,
  PENDING_WINDOW_MS,
  type PromptDay,
  type PromptRules,
  promptDayFor,
  shouldPrompt,
} from "./prompt";
import { type TagErrors, type TagRequest, validateTagAnswer } from "./tag-input";

export type { PendingVisit } from "./pending-visit";

/** What the tagging service touches. */
export interface TaggingDeps {
  db: MeterDatabase;
  now(): number;
  rules(): Promise<PromptRules & { notifications: boolean }>;
  /** The task list in force (policy may replace the default). */
  categories(): Promise<readonly TaskCategory[]>;
  loadPromptDay(): Promise<PromptDay | null>;
  savePromptDay(day: PromptDay): Promise<void>;
  /** Shows the number of visits waiting for an answer on the toolbar icon. */
  setBadge(count: number): Promise<void>;
  /** Asks through a system notification. */
  notify(visit: PendingVisit): Promise<void>;
}

/** Result of saving an answer. */
export type SaveTagResult = { ok: true } | { ok: false; errors: TagErrors & { visit?: string } };

/**
 * The "what was it for, how many minutes did it save?" flow: decides when to ask, keeps
 * the badge current, and stores answers. Callers run it inside the tracking service's
 * write queue, so it never races the recording of visits.
 */
export function createTaggingService(deps: TaggingDeps) {
  async function pending(): Promise<PendingVisit[]> {
    const since = deps.now() - PENDING_WINDOW_MS;
    const visits = await deps.db.visits.where("start").aboveOrEqual(since).toArray();
    return visits
      .filter((visit): visit is VisitRow & { id: number } => visit.prompt === "pending" && visit.id !== undefined)
      .sort((a, b) => b.start - a.start)
      .map((visit) => ({
        visitId: visit.id,
        toolId: visit.toolId,
        start: visit.start,
        activeSeconds: visit.activeMs / 1000,
      }));
  }

  async function refreshBadge(): Promise<void> {
    await deps.setBadge((await pending()).length);
  }

  return {
    pending,
    refreshBadge,

    /** The user left these tools: their latest visits may be asked about now. */
    async visitsLeft(toolIds: readonly string[]): Promise<void> {
      if (toolIds.length === 0) return;
      const rules = await deps.rules();
      // Nothing is asked when prompting is off, so nothing needs reading either.
      if (!rules.enabled) return;
      let day = promptDayFor(await deps.loadPromptDay(), localDate(deps.now()));
      const asked: PendingVisit[] = [];
      for (const toolId of toolIds) {
        const visit = await deps.db.visits.where("[toolId+start]").between([toolId, 0], [toolId, Infinity]).last();
        if (!visit?.id || !shouldPrompt(visit, rules, day).ask) continue;
        await deps.db.visits.update(visit.id, { prompt: "pending" });
        day = countPrompt(day);
        asked.push({ visitId: visit.id, toolId, start: visit.start, activeSeconds: visit.activeMs / 1000 });
      }
      if (asked.length === 0) return;
      await deps.savePromptDay(day);
      await refreshBadge();
      if (rules.notifications) for (const visit of asked) await deps.notify(visit);
    },

    /** Stores an answer for a visit, replacing an earlier one; refused as a whole if anything is wrong. */
    async saveTag(request: TagRequest): Promise<SaveTagResult> {
      const checked = validateTagAnswer(request, await deps.categories());
      if (!checked.ok) return checked;
      const saved = await deps.db
        .transaction("rw", deps.db.visits, deps.db.tags, async () => {
          const visit = await deps.db.visits.get(request.visitId);
          if (!visit) return false;
          const tag: TagRow = {
            visitId: request.visitId,
            toolId: visit.toolId,
            visitStart: visit.start,
            date: visit.date,
            ...checked.answer,
            taggedAt: deps.now(),
          };
          await deps.db.tags.put(tag);
          await deps.db.visits.update(request.visitId, { prompt: "answered" });
          return true;
        })
        // The transaction is all or nothing: a failed write leaves the visit unanswered, as before.
        .catch((error: unknown) => (isQuotaError(error) ? "full" : "failed"));
      if (saved === "full") return { ok: false, errors: { visit: userText("errorTagStorageFull") } };
      if (saved === "failed") return { ok: false, errors: { visit: userText("errorTagSaveFailed") } };
      if (!saved) return { ok: false, errors: { visit: userText("errorVisitGone") } };
      await refreshBadge();
      return { ok: true };
    },

    /** The user skipped a question. */
    async skip(visitId: number): Promise<void> {
      const visit = await deps.db.visits.get(visitId);
      if (visit && visit.prompt !== "answered") await deps.db.visits.update(visitId, { prompt: "skipped" });
      await refreshBadge();
    },

    /** The user chose "not today": skip this one and ask nothing more today. */
    async notToday(visitId: number): Promise<void> {
      const today = localDate(deps.now());
      await deps.savePromptDay(declineToday(promptDayFor(await deps.loadPromptDay(), today)));
      const visit = await deps.db.visits.get(visitId);
      if (visit && visit.prompt !== "answered") await deps.db.visits.update(visitId, { prompt: "skipped" });
      await refreshBadge();
    },
  };
}

/** The tagging service's public surface. */
export type TaggingService = ReturnType<typeof createTaggingService>;
