import type { WeeklyRecord } from "../../lib/report/aggregate-format";
import { buildTeamView } from "../../lib/team/metrics";
import { generateSampleTeam, sampleImportSources } from "../../lib/team/sample-data";
import { type ImportSource, importFiles, loadRecords, TeamDatabase } from "../../lib/team/team-database";
import type { TeamWorkerRequest, TeamWorkerResponse } from "../../lib/team/team-worker-protocol";

// Reading, checking and storing thousands of reports, and computing the suppressed
// figures, happen here, so the dashboard page stays responsive however large the import.

const db = new TeamDatabase();
const reply = (message: TeamWorkerResponse) => postMessage(message);

// Every record held, read once; an import adds what it stored, so the figures after a large
// import do not wait for all records to be read back.
let held: WeeklyRecord[] | null = null;

async function allRecords(reread = false): Promise<WeeklyRecord[]> {
  if (reread || !held) held = await loadRecords(db);
  return held;
}

/** Picked files as import sources, in name order so the same folder always imports the same way. */
function sources(files: File[]): ImportSource[] {
  return files
    .filter((file) => file.name.toLowerCase().endsWith(".json") || file.type === "application/json")
    .map((file) => ({
      name: file.webkitRelativePath || file.name,
      sizeBytes: file.size,
      read: () => file.arrayBuffer(),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

addEventListener("message", async (event: MessageEvent<TeamWorkerRequest>) => {
  const request = event.data;
  try {
    if (request.type === "view") {
      reply({ id: request.id, type: "view", view: buildTeamView(await allRecords(request.reread), request.options) });
      return;
    }
    const list =
      request.type === "import"
        ? sources(request.files)
        : sampleImportSources(generateSampleTeam(request.seed, request.now));
    const outcomes = await importFiles(db, list, request.now, (progress) =>
      reply({ id: request.id, type: "progress", progress }),
    );
    if (held) {
      const fileIds = outcomes.flatMap((outcome) =>
        outcome.fileId !== null && outcome.addedCount > 0 ? [outcome.fileId] : [],
      );
      const added = await db.records.where("fileId").anyOf(fileIds).toArray();
      held.push(...added.map(({ fileId: _fileId, ...record }) => record));
    }
    reply({ id: request.id, type: "imported", outcomes });
  } catch (error) {
    reply({ id: request.id, type: "error", message: String(error) });
  }
});
