import { expect } from "vitest";
import { buildRequest, type CustodianState, importAnswer, importSharesFile } from "../../../lib/sharing/custodian";
import type { AggregateShareFile, AnswerFile, RequestFile, SharesFile } from "../../../lib/sharing/formats";
import { answerRequest, combineAggregateShare, type LeadState } from "../../../lib/sharing/lead";
import type { WeekTotals } from "../../../lib/sharing/measurement";
import { type Team, VERSION, viaFile } from "./fixtures";

/** Unwraps an ok result or fails the test with its message. */
export function ok<T extends { ok: boolean }>(result: T): Extract<T, { ok: true }> {
  expect(result.ok, (result as { message?: string }).message ?? "").toBe(true);
  return result as Extract<T, { ok: true }>;
}

/** Imports shares files into the custodian state; every file must be taken as a whole. */
export async function collect(
  team: Team,
  state: CustodianState,
  files: readonly SharesFile[],
): Promise<CustodianState> {
  let current = state;
  for (const file of files)
    current = ok(await importSharesFile(current, team.config, team.custodian, viaFile(file))).state;
  return current;
}

/** One batch of `week` through request, answer, release and combine. */
export interface Batch {
  custodian: CustodianState;
  lead: LeadState;
  request: RequestFile;
  answer: AnswerFile;
  aggregateShare: AggregateShareFile | null;
  totals: WeekTotals | null;
}

/** Runs a batch of `week`; totals are null when the custodian withholds it. */
export async function runBatch(team: Team, custodian: CustodianState, lead: LeadState, week: string): Promise<Batch> {
  const built = ok(await buildRequest(custodian, team.config, team.custodian, week, VERSION));
  const answered = ok(await answerRequest(lead, team.config, team.lead, viaFile(built.request), VERSION));
  const released = ok(await importAnswer(built.state, team.config, viaFile(answered.answer), VERSION));
  if (released.outcome === "withheld") {
    return {
      custodian: released.state,
      lead: answered.state,
      request: built.request,
      answer: answered.answer,
      aggregateShare: null,
      totals: null,
    };
  }
  const combined = ok(
    await combineAggregateShare(answered.state, team.config, team.lead, viaFile(released.aggregateShare)),
  );
  return {
    custodian: released.state,
    lead: combined.state,
    request: built.request,
    answer: answered.answer,
    aggregateShare: released.aggregateShare,
    totals: combined.totals,
  };
}
