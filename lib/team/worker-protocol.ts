import { z } from "zod";
import type { ImportedFileRow } from "../db/team-database";
import { weekTotalsSchema } from "./protected-weeks";
import type { ImportOutcome, ImportProgress } from "./team-database";
import type { TeamMetricsOptions, TeamView } from "./view-types";

/**
 * The messages between the dashboard page and its worker, which alone owns the team database: one
 * map from message name to request and answer schemas, like the background's protocol. Each request
 * travels with its own `MessagePort`, on which the worker sends progress and then one answer or one
 * error, so no answer ever needs matching to its request.
 */

const count = z.number().int().min(0);

/** What a file's records may name, as plain lists (see `ImportRules`). */
export const importRulesSchema = z.strictObject({
  toolIds: z.array(z.string()),
  categoryIds: z.array(z.string()),
  readerVersion: z.string().nullable(),
});

/** Import rules as sent to the worker. */
export type ImportRulesMessage = z.infer<typeof importRulesSchema>;

/** One picked or dropped file, read by the page: its bytes travel to the worker without a copy. */
export const fileBytesSchema = z.strictObject({
  name: z.string(),
  sizeBytes: count,
  /** Why it is refused without being read (not JSON, too large); then `bytes` is null. */
  problem: z.string().nullable(),
  bytes: z.instanceof(ArrayBuffer).nullable(),
});

/** A file as sent to the worker. */
export type FileBytes = z.infer<typeof fileBytesSchema>;

const progressSchema = z.strictObject({ done: count, total: count }) satisfies z.ZodType<ImportProgress>;

const outcomeSchema = z.strictObject({
  name: z.string(),
  verdict: z.enum(["imported", "updated", "partly duplicate", "duplicate", "conflict", "rejected", "failed"]),
  reason: z.string().nullable(),
  recordCount: count,
  addedCount: count,
  duplicateCount: count,
  fileId: z.number().int().nullable(),
}) satisfies z.ZodType<ImportOutcome>;

const fileRowSchema = z.object({
  id: z.number().int().optional(),
  name: z.string(),
  importedAt: z.number(),
  team: z.string().nullable(),
  verdict: z.enum(["imported", "updated", "partly duplicate", "duplicate", "conflict", "rejected"]),
  reason: z.string().nullable(),
  recordCount: count,
  addedCount: count,
  updatedCount: count.optional(),
  conflictCount: count.optional(),
}) satisfies z.ZodType<Omit<ImportedFileRow, "recordIds">>;

const optionsSchema = z.strictObject({
  teamSize: z.number().nullable(),
  targets: z.strictObject({
    weeklyActiveRate: z.number().nullable(),
    minutesSavedPerPersonWeek: z.number().nullable(),
  }),
  hourlyCost: z.number().nullable(),
  k: z.number().nullable(),
}) satisfies z.ZodType<TeamMetricsOptions>;

/** The view is built by this extension's own code; its shape is checked where it is made (`view.ts`). */
const viewSchema = z.custom<TeamView>(
  (value) => typeof value === "object" && value !== null && "summary" in value && "weeks" in value,
  "not a team view",
);

/** The import log as the page shows it: the first rows (problems first, then the newest), and counts. */
export const fileListSchema = z.strictObject({
  /** At most the `limit` asked for. */
  listed: z.array(fileRowSchema),
  total: count,
  /** Files per verdict. */
  verdicts: z.record(z.string(), count),
  /** Ids of the sample team's files, to remove them together. */
  sampleFileIds: z.array(z.number().int()),
});

/** The import log summary. */
export type FileList = z.infer<typeof fileListSchema>;

const importAnswer = z.strictObject({ outcomes: z.array(outcomeSchema) });

/** Every message the worker answers: name → request and answer schemas. */
export const teamWorkerProtocol = {
  /** Reads, checks and saves files, in the order given; answers with one outcome per file. */
  importFiles: {
    request: z.strictObject({ files: z.array(fileBytesSchema), now: z.number(), rules: importRulesSchema }),
    response: importAnswer,
  },
  /** Imports a generated sample team. */
  importSample: {
    request: z.strictObject({ seed: z.number().int(), now: z.number(), rules: importRulesSchema }),
    response: importAnswer,
  },
  /**
   * Applies the release rule and builds the suppressed view; the lead's combined protected batches
   * (issue 13), if any, give their weeks' figures (`combineWithProtected`).
   */
  getView: {
    request: z.strictObject({ options: optionsSchema, protectedTotals: z.array(weekTotalsSchema).optional() }),
    response: z.strictObject({
      view: viewSchema,
      waiting: count,
      protectedWeeks: z.array(z.string()),
      directLeftOut: count,
    }),
  },
  /** The import log. */
  listFiles: {
    request: z.strictObject({ limit: count }),
    response: fileListSchema,
  },
  /** Removes files and their copies of records. */
  removeFiles: {
    request: z.strictObject({ fileIds: z.array(z.number().int()) }),
    response: z.strictObject({ removed: count }),
  },
  /** Removes every file and record; the release ledger stays. */
  clearFiles: {
    request: z.strictObject({}),
    response: z.strictObject({}),
  },
} as const;

/** A message name of the dashboard's worker. */
export type TeamMessage = keyof typeof teamWorkerProtocol;
/** The request of a message. */
export type TeamRequest<N extends TeamMessage> = z.infer<(typeof teamWorkerProtocol)[N]["request"]>;
/** The answer to a message. */
export type TeamAnswer<N extends TeamMessage> = z.infer<(typeof teamWorkerProtocol)[N]["response"]>;

/** What the page posts to the worker, with the request's port as the message's only port. */
export const teamEnvelopeSchema = z.strictObject({
  name: z.enum(Object.keys(teamWorkerProtocol) as [TeamMessage, ...TeamMessage[]]),
  request: z.unknown(),
});

/** What the worker sends back on a request's port. */
export const teamReplySchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("progress"), progress: progressSchema }),
  z.strictObject({ kind: z.literal("answer"), answer: z.unknown() }),
  z.strictObject({ kind: z.literal("error"), message: z.string() }),
]);

/** A reply on a request's port. */
export type TeamReply = z.infer<typeof teamReplySchema>;

/**
 * The import log summary: problems first, then the newest, at most `limit` rows, with the counts
 * per verdict and the sample team's file ids (`sampleLabel`).
 */
export function fileListOf(rows: readonly ImportedFileRow[], limit: number, sampleLabel: string): FileList {
  const verdicts: Record<string, number> = {};
  for (const row of rows) verdicts[row.verdict] = (verdicts[row.verdict] ?? 0) + 1;
  const listed = [...rows]
    .sort((a, b) => Number(a.verdict === "imported") - Number(b.verdict === "imported") || (b.id ?? 0) - (a.id ?? 0))
    .slice(0, limit)
    .map(({ recordIds: _ids, ...row }) => row);
  return {
    listed,
    total: rows.length,
    verdicts,
    sampleFileIds: rows
      .filter((row) => row.team === sampleLabel && row.id !== undefined)
      .map((row) => row.id as number),
  };
}
