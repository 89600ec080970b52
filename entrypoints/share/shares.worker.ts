import { serveRequests, type WorkerReply } from "../../lib/holders/worker-client";
import type { WeeklyRecord } from "../../lib/report/aggregate-format";
import { buildSharesFile } from "../../lib/sharing/employee";
import { type SharesFile, sharesFileSchema } from "../../lib/sharing/formats";
import type { TeamConfig } from "../../lib/sharing/team-config";

// Sharding a week takes a tenth of a second or more; it runs here so the page stays responsive.

/** What the share page asks: the records it previewed, for the team in force. */
export interface ShardRequest {
  team: TeamConfig;
  records: WeeklyRecord[];
  sender: string;
  /** The custodian's member code for this person, or null. */
  memberCode: string | null;
  generatorVersion: string;
}

/** The shares file, and how long each week took to shard (ms), for the bench. */
export interface ShardAnswer {
  file: SharesFile;
  msPerWeek: number[];
}

const post = (reply: WorkerReply<ShardAnswer>) => postMessage(reply);

addEventListener(
  "message",
  serveRequests<ShardRequest, ShardAnswer>(post, async (request, progress) => {
    // One week at a time, so the progress bar moves; the weeks are then one file.
    const parts: SharesFile[] = [];
    const msPerWeek: number[] = [];
    progress({ done: 0, total: request.records.length });
    for (const record of request.records) {
      const started = performance.now();
      parts.push(await buildSharesFile({ ...request, records: [record] }));
      msPerWeek.push(performance.now() - started);
      progress({ done: parts.length, total: request.records.length });
    }
    const [first] = parts;
    if (!first) throw new Error("There is no complete week to share yet.");
    const file = sharesFileSchema.parse({ ...first, reports: parts.flatMap((part) => part.reports) });
    return { file, msPerWeek };
  }),
);
