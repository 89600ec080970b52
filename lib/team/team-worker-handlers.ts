import { combineWithProtected } from "./protected-weeks";
import { generateSampleTeam, SAMPLE_TEAM_LABEL, sampleImportSources } from "./sample-data";
import { minimumGroupSize } from "./suppression";
import { buildTeamViewFromTotals } from "./view";
import type { ImportSource } from "./team-database";
import {
  clearTeamData,
  type ImportProgress,
  importFiles,
  listFiles,
  releaseRecords,
  releasedTotals,
  removeFiles,
  type TeamDatabase,
} from "./team-database";
import {
  type FileBytes,
  fileListOf,
  type ImportRulesMessage,
  type TeamAnswer,
  type TeamMessage,
  type TeamReply,
  type TeamRequest,
  teamEnvelopeSchema,
  teamWorkerProtocol,
} from "./worker-protocol";

/** One handler per message of the dashboard's worker. */
export type TeamHandlers = {
  [N in TeamMessage]: (request: TeamRequest<N>, progress: (progress: ImportProgress) => void) => Promise<TeamAnswer<N>>;
};

const rulesOf = (rules: ImportRulesMessage) => ({
  toolIds: new Set(rules.toolIds),
  categoryIds: new Set(rules.categoryIds),
  readerVersion: rules.readerVersion,
});

/** Files read by the page as import sources, in the order given. */
export function byteSources(files: readonly FileBytes[]): ImportSource[] {
  return files.map((file) => ({
    name: file.name,
    sizeBytes: file.sizeBytes,
    problem: file.problem,
    read: async () => {
      if (file.bytes === null) throw new Error("not read");
      return file.bytes;
    },
  }));
}

/** The handlers over the team database, which nothing else writes. */
export function createTeamHandlers(db: TeamDatabase): TeamHandlers {
  return {
    importFiles: async ({ files, now, rules }, progress) => {
      const sources = byteSources(files);
      progress({ done: 0, total: sources.length });
      return { outcomes: await importFiles(db, sources, now, rulesOf(rules), progress) };
    },
    importSample: async ({ seed, now, rules }, progress) => {
      const sources = sampleImportSources(generateSampleTeam(seed, now));
      progress({ done: 0, total: sources.length });
      return { outcomes: await importFiles(db, sources, now, rulesOf(rules), progress) };
    },
    getView: async ({ options, protectedTotals }) => {
      // Every figure is a release: the rule decides which records it may be computed from.
      const k = minimumGroupSize(options.k);
      if (!protectedTotals || protectedTotals.length === 0) {
        // Direct files alone: the release's stored week totals, without reading every record.
        const { totals, waiting } = await releasedTotals(db, k);
        return { view: buildTeamViewFromTotals(totals, options), waiting, protectedWeeks: [], directLeftOut: 0 };
      }
      // Protected weeks take the place of direct ones, which are counted as left out.
      const { released, waiting } = await releaseRecords(db, k);
      const { totals, protectedWeeks, directLeftOut } = combineWithProtected(released, protectedTotals);
      return { view: buildTeamViewFromTotals(totals, options), waiting, protectedWeeks, directLeftOut };
    },
    listFiles: async ({ limit }) => fileListOf(await listFiles(db), limit, SAMPLE_TEAM_LABEL),
    removeFiles: async ({ fileIds }) => removeFiles(db, fileIds),
    clearFiles: async () => {
      await clearTeamData(db);
      return {};
    },
  };
}

/**
 * Answers one posted message on its port: checks the envelope and the request against the protocol,
 * runs the handler, and replies with progress, then the answer or the error. Requests run one at a
 * time, in the order they came, through `queue`.
 */
export function serveTeamMessages(handlers: TeamHandlers): (data: unknown, port: MessagePort | undefined) => void {
  let queue: Promise<unknown> = Promise.resolve();
  return (data, port) => {
    if (!port) return;
    const reply = (message: TeamReply) => port.postMessage(message);
    queue = queue.then(async () => {
      try {
        const envelope = teamEnvelopeSchema.parse(data);
        const name = envelope.name;
        const request = teamWorkerProtocol[name].request.parse(envelope.request);
        const handler = handlers[name] as (
          request: unknown,
          progress: (progress: ImportProgress) => void,
        ) => Promise<unknown>;
        const answer = await handler(request, (progress) => reply({ kind: "progress", progress }));
        reply({ kind: "answer", answer });
      } catch (error) {
        reply({ kind: "error", message: error instanceof Error ? error.message : String(error) });
      } finally {
        port.close();
      }
    });
  };
}
