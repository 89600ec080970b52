import type { TeamMetricsOptions, TeamView } from "./metrics";
import type { ImportOutcome, ImportProgress } from "./team-database";

/** What a file's records may name, as plain lists (see `ImportRules`). */
export interface ImportRulesMessage {
  readonly toolIds: readonly string[];
  readonly categoryIds: readonly string[];
  readonly readerVersion: string | null;
}

/** What the dashboard asks its worker to do. Imports and figures run off the page's thread. */
export type TeamWorkerRequest =
  | { id: number; type: "import"; files: File[]; now: number; rules: ImportRulesMessage }
  | { id: number; type: "importSample"; seed: number; now: number; rules: ImportRulesMessage }
  /** `reread`: records were removed on the page, so read them all again. */
  | { id: number; type: "view"; options: TeamMetricsOptions; reread?: boolean };

/** What the worker answers: progress while importing, then the result. */
export type TeamWorkerResponse =
  | { id: number; type: "progress"; progress: ImportProgress }
  | { id: number; type: "imported"; outcomes: ImportOutcome[] }
  /** `waiting`: weekly records held that differ from the released ones (see `releases.ts`). */
  | { id: number; type: "view"; view: TeamView; waiting: number }
  | { id: number; type: "error"; message: string };
