import { HeldRecords } from "../../lib/team/held-records";
import { buildTeamView } from "../../lib/team/metrics";
import { generateSampleTeam, sampleImportSources } from "../../lib/team/sample-data";
import { fileSources, importFiles, loadRecords, TeamDatabase } from "../../lib/team/team-database";
import type { TeamWorkerRequest, TeamWorkerResponse } from "../../lib/team/team-worker-protocol";

// Reading, checking and storing thousands of reports, and computing the suppressed
// figures, happen here, so the dashboard page stays responsive however large the import.

const db = new TeamDatabase();
const reply = (message: TeamWorkerResponse) => postMessage(message);
const records = new HeldRecords(() => loadRecords(db));

addEventListener("message", async (event: MessageEvent<TeamWorkerRequest>) => {
  const request = event.data;
  try {
    if (request.type === "view") {
      reply({ id: request.id, type: "view", view: buildTeamView(await records.all(request.reread), request.options) });
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
      (progress) => reply({ id: request.id, type: "progress", progress }),
      (added) => records.add(added),
    );
    reply({ id: request.id, type: "imported", outcomes });
  } catch (error) {
    reply({ id: request.id, type: "error", message: String(error) });
  }
});
