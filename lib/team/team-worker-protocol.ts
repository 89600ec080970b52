import type { TeamMetricsOptions, TeamView } from "./metrics";
import type { ImportOutcome, ImportProgress } from "./team-database";

/** What the dashboard asks its worker to do. Imports and figures run off the page's thread. */
export type TeamWorkerRequest =
  | { id: number; type: "import"; files: File[]; now: number }
  | { id: number; type: "importSample"; seed: number; now: number }
  /** `reread`: records were removed on the page, so read them all again. */
  | { id: number; type: "view"; options: TeamMetricsOptions; reread?: boolean };

/** What the worker answers: progress while importing, then the result. */
export type TeamWorkerResponse =
  | { id: number; type: "progress"; progress: ImportProgress }
  | { id: number; type: "imported"; outcomes: ImportOutcome[] }
  | { id: number; type: "view"; view: TeamView }
  | { id: number; type: "error"; message: string };
