import { effectiveRecords } from "../../lib/team/dedupe";
import { HeldRecords } from "../../lib/team/held-records";
import { buildTeamView } from "../../lib/team/metrics";
import { generateSampleTeam, sampleImportSources } from "../../lib/team/sample-data";
import { minimumGroupSize } from "../../lib/team/suppression";
import { fileSources, importFiles, releaseRecords, stripFile, TeamDatabase } from "../../lib/team/team-database";
import type { ImportRulesMessage, TeamWorkerRequest, TeamWorkerResponse } from "../../lib/team/team-worker-protocol";

// Reading, checking and storing thousands of reports, and computing the suppressed
// figures, happen here, so the dashboard page stays responsive however large the import.

const db = new TeamDatabase();
const reply = (message: TeamWorkerResponse) => postMessage(message);
const copies = new HeldRecords(() => db.fileRecords.toArray());

const rulesOf = (rules: ImportRulesMessage) => ({
  toolIds: new Set(rules.toolIds),
  categoryIds: new Set(rules.categoryIds),
  readerVersion: rules.readerVersion,
});

addEventListener("message", async (event: MessageEvent<TeamWorkerRequest>) => {
  const request = event.data;
  try {
    if (request.type === "view") {
      const k = minimumGroupSize(request.options.k);
      // Every figure is a release: the rule decides which records it may be computed from.
      const current = stripFile(effectiveRecords(await copies.all(request.reread)));
      const { released, waiting } = await releaseRecords(db, k, current);
      reply({ id: request.id, type: "view", view: buildTeamView(released, request.options), waiting });
      return;
    }
    const list =
      request.type === "import"
        ? fileSources(request.files)
        : sampleImportSources(generateSampleTeam(request.seed, request.now));
    // The total is what will be handled, whatever the page counted.
    reply({ id: request.id, type: "progress", progress: { done: 0, total: list.length } });
    const outcomes = await importFiles(
      db,
      list,
      request.now,
      rulesOf(request.rules),
      (progress) => reply({ id: request.id, type: "progress", progress }),
      (added) => copies.add(added),
    );
    reply({ id: request.id, type: "imported", outcomes });
  } catch (error) {
    reply({ id: request.id, type: "error", message: String(error) });
  }
});
