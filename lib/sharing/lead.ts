import { Buffer } from "buffer";
import type { IsoWeek } from "../time/iso-week";
import { fromBase64Url, toBase64Url } from "./bytes";
import { aggregateContext } from "./custodian";
import { reportContext } from "./employee";
import { answerFileName } from "./file-names";
import {
  AGGREGATE_SHARE_FORMAT,
  type AggregateShareFile,
  ANSWER_FORMAT,
  type AnswerFile,
  aggregateShareFileSchema,
  answerFileSchema,
  type BatchRef,
  REQUEST_FORMAT,
  type RejectionReason,
  type RequestFile,
  requestFileSchema,
} from "./formats";
import { type Binding, digestOf, parseHandoff } from "./handoff";
import { openWith } from "./hpke";
import type { HolderKeyPair } from "./key-pair";
import { decodeWeekTotals, type WeekTotals } from "./measurement";
import { earlierTeamIdOf, keyFingerprint, type TeamConfig, teamConfigSchema, teamIdOf } from "./team-config";
import {
  addVectors,
  decodeInputShares,
  decodeNonces,
  decodePrepShares,
  decodePublicShares,
  decodeVectors,
  encodePrepMessages,
  encodePrepShares,
  encodeVectors,
  LEAD_AGGREGATOR,
  type PartPrepShare,
  type PartPrepState,
  sharingVdaf,
  zeroVectors,
} from "./vdaf";
import { type Refusal, refuse } from "./verdicts";

/**
 * The lead's side (DAP's helper and collector): verifies each report of a request against its
 * proof, answers with the valid ones, keeps its own aggregate share of them, and combines it
 * with the custodian's to get the team's week totals. The lead's input shares are random alone:
 * it sees no single figure, only the sum of a batch of at least k people.
 */

/** One batch the lead answered. */
export interface LeadBatch {
  readonly ref: BatchRef;
  readonly requestDigest: string;
  readonly answerDigest: string;
  readonly validIds: readonly string[];
  /** The lead's aggregate share over the valid reports (field vectors, base64url). */
  readonly aggregateShare: string;
  /** answered: waiting for the custodian's aggregate share; combined: totals known. */
  readonly status: "answered" | "combined";
  readonly totals: WeekTotals | null;
  /** The answer, to save again until the aggregate share arrives. */
  readonly answer: AnswerFile | null;
}

/** Everything the lead's page stores about protected sharing. */
export interface LeadState {
  readonly teamId: string;
  /** The Prio3 verify key from the custodian's first request (base64url), or null before it. */
  readonly verifyKey: string | null;
  /** Sequence of the last request taken (0 before the first); a request must come with a higher one. */
  readonly lastSequence: number;
  /** Every report id seen in a request: a custodian cannot put one in two batches either. */
  readonly seenReportIds: readonly string[];
  readonly batches: readonly LeadBatch[];
  /** Reports waiting at the custodian per week, as of the last request: the lead's "n waiting". */
  readonly waiting: readonly { readonly week: IsoWeek; readonly reports: number }[];
}

/** A new lead state for a team. */
export async function createLeadState(team: TeamConfig): Promise<LeadState> {
  return {
    teamId: await teamIdOf(teamConfigSchema.parse(team)),
    verifyKey: null,
    lastSequence: 0,
    seenReportIds: [],
    batches: [],
    waiting: [],
  };
}

async function bindingOf(team: TeamConfig): Promise<Binding> {
  return {
    teamId: await teamIdOf(team),
    leadKey: await keyFingerprint(team.lead.publicKey),
    custodianKey: await keyFingerprint(team.custodian.publicKey),
  };
}

/** The result of answering a request. */
export type RequestAnswered =
  | {
      readonly ok: true;
      readonly state: LeadState;
      readonly answer: AnswerFile;
      readonly fileName: string;
      readonly valid: number;
      readonly rejected: readonly { reportId: string; reason: RejectionReason }[];
    }
  | Refusal;

/**
 * Takes the custodian's request (parsed JSON): request numbers only go up (a cancelled request
 * leaves a gap); a replayed one, or an older one arriving after a newer, is refused. Each report is opened, prepared and its proofs checked together with
 * the custodian's preparation share; a report that does not open, whose proof fails (out of
 * range), or whose id was in an earlier batch is rejected, never summed.
 */
export async function answerRequest(
  state: LeadState,
  team: TeamConfig,
  keyPair: HolderKeyPair,
  json: unknown,
  generatorVersion: string,
): Promise<RequestAnswered> {
  const binding = await bindingOf(team);
  if (binding.teamId !== state.teamId) return refuse("wrongTeam", "This lead state belongs to another team setting.");
  const parsed = parseHandoff<RequestFile>(
    json,
    requestFileSchema,
    REQUEST_FORMAT,
    binding,
    "a request",
    await earlierTeamIdOf(team),
  );
  if (!parsed.ok) return parsed;
  const request = parsed.file;
  const ref = request.batch;
  const requestDigest = await digestOf(request);
  if (ref.id !== `${ref.week}-batch-${ref.sequence}`)
    return refuse("wrongBatch", `The batch id ${ref.id} does not match its week and number.`);
  if (ref.sequence <= state.lastSequence) {
    // Numbers only go up: an equal one was answered already, a lower one arrived after a later one.
    const earlier = state.batches.find((b) => b.ref.sequence === ref.sequence);
    if (earlier?.requestDigest === requestDigest)
      return refuse("replayed", `The request ${ref.id} was already answered.`);
    if (earlier)
      return refuse("replayed", `A request numbered ${ref.sequence} was already answered; this one is not taken.`);
    return refuse(
      "outOfOrder",
      `This is request ${ref.sequence}, older than request ${state.lastSequence} you already answered; ask the custodian for a new one.`,
    );
  }
  const ids = request.reports.map((r) => r.reportId);
  if (new Set(ids).size !== ids.length) return refuse("wrongBatch", "The request names a report twice.");
  let verifyKey = state.verifyKey;
  if (request.verifyKey !== null) {
    const opened = await openWith(keyPair, "verify key", binding.teamId, [REQUEST_FORMAT, ref.id], request.verifyKey);
    if (opened === null) return refuse("tampered", "The verify key in the request does not open with your key.");
    // The custodian repeats the key until it has an answer; it must never change.
    if (verifyKey !== null && verifyKey !== toBase64Url(opened)) {
      return refuse("wrongKey", "The request brings another verify key than the custodian's earlier requests.");
    }
    verifyKey = toBase64Url(opened);
  }
  if (verifyKey === null)
    return refuse("outOfOrder", "The custodian's first request, which brings the verify key, comes first.");
  const vdaf = sharingVdaf(team.layout);
  if (fromBase64Url(verifyKey).length !== vdaf.verifyKeyBytes)
    return refuse("tampered", "The verify key has the wrong size.");
  const key = Buffer.from(fromBase64Url(verifyKey));
  const seen = new Set(state.seenReportIds);
  const valid: AnswerFile["valid"] = [];
  const rejected: { reportId: string; reason: RejectionReason; leadPrepShare?: string }[] = [];
  let sum = zeroVectors(vdaf);
  for (const report of request.reports) {
    if (seen.has(report.reportId)) {
      rejected.push({ reportId: report.reportId, reason: "reused" });
      continue;
    }
    const context = reportContext(ref.week, report.reportId, report.nonce, report.publicShare);
    const bytes = await openWith(keyPair, "lead input share", binding.teamId, context, report.leadShare);
    if (bytes === null) {
      rejected.push({ reportId: report.reportId, reason: "undecryptable" });
      continue;
    }
    const outcome = await prepareAndVerify(
      vdaf,
      key,
      bytes,
      report.nonce,
      report.publicShare,
      report.custodianPrepShare,
    );
    if (outcome === "undecryptable") {
      rejected.push({ reportId: report.reportId, reason: outcome });
      continue;
    }
    if ("failed" in outcome) {
      // The lead's own preparation share goes with it, so the custodian can check the proof fails.
      rejected.push({
        reportId: report.reportId,
        reason: "proofFailed",
        ...(outcome.prepShare ? { leadPrepShare: outcome.prepShare } : {}),
      });
      continue;
    }
    valid.push({ reportId: report.reportId, leadPrepShare: outcome.prepShare, prepMessage: outcome.prepMessage });
    sum = addVectors(vdaf, sum, outcome.outputShare);
  }
  const answer = answerFileSchema.parse({
    format: ANSWER_FORMAT,
    generator: `ai-adoption-meter ${generatorVersion}`,
    ...binding,
    batch: ref,
    requestDigest,
    valid,
    rejected,
  } satisfies AnswerFile);
  const batch: LeadBatch = {
    ref,
    requestDigest,
    answerDigest: await digestOf(answer),
    validIds: valid.map((v) => v.reportId),
    aggregateShare: toBase64Url(encodeVectors(vdaf, sum)),
    status: "answered",
    totals: null,
    answer,
  };
  return {
    ok: true,
    state: {
      ...state,
      verifyKey,
      lastSequence: ref.sequence,
      seenReportIds: [...state.seenReportIds, ...ids.filter((id) => !seen.has(id))],
      batches: [...state.batches, batch],
      waiting: request.waiting.map((w) => ({ week: w.week as IsoWeek, reports: w.reports })),
    },
    answer,
    fileName: answerFileName(ref, team.custodian.name),
    valid: valid.length,
    rejected,
  };
}

async function prepareAndVerify(
  vdaf: ReturnType<typeof sharingVdaf>,
  verifyKey: Buffer,
  shareBytes: Uint8Array,
  nonce: string,
  publicShare: string,
  custodianPrepShare: string,
): Promise<
  | "undecryptable"
  | { failed: "proofFailed"; prepShare: string | null }
  | { prepShare: string; prepMessage: string; outputShare: bigint[][] }
> {
  let inputShares: ReturnType<typeof decodeInputShares>;
  let nonces: Buffer[];
  let publicShares: ReturnType<typeof decodePublicShares>;
  let theirs: PartPrepShare[];
  try {
    inputShares = decodeInputShares(vdaf, shareBytes);
    nonces = decodeNonces(vdaf, fromBase64Url(nonce));
    publicShares = decodePublicShares(vdaf, fromBase64Url(publicShare));
    theirs = decodePrepShares(vdaf, fromBase64Url(custodianPrepShare));
  } catch {
    return "undecryptable";
  }
  const prepShares: PartPrepShare[] = [];
  const prepStates: PartPrepState[] = [];
  const messages: { jointRand: Buffer }[] = [];
  const outputs: bigint[][] = [];
  try {
    for (const [i, part] of vdaf.parts.entries()) {
      const { preparationState, preparationShare } = await part.prio3.prepareInit(
        verifyKey,
        LEAD_AGGREGATOR,
        null,
        nonces[i],
        publicShares[i],
        inputShares[i],
      );
      prepStates.push(preparationState);
      prepShares.push(preparationShare);
    }
  } catch {
    return { failed: "proofFailed", prepShare: null };
  }
  const prepShare = toBase64Url(encodePrepShares(vdaf, prepShares));
  try {
    for (const [i, part] of vdaf.parts.entries()) {
      // Throws "Verify error" when the proof fails: the measurement is out of range.
      const message = await part.prio3.unshardPreparationShares(null, [theirs[i], prepShares[i]]);
      // Throws when the joint randomness does not match: a public share that lies.
      const next = part.prio3.prepareNext(prepStates[i] as PartPrepState, message);
      messages.push(message);
      outputs.push(next.outputShare);
    }
  } catch {
    return { failed: "proofFailed", prepShare };
  }
  return {
    prepShare,
    prepMessage: toBase64Url(encodePrepMessages(messages)),
    outputShare: outputs,
  };
}

/** The result of combining an aggregate share. */
export type SharesCombined = { readonly ok: true; readonly state: LeadState; readonly totals: WeekTotals } | Refusal;

/**
 * Takes the custodian's aggregate share (parsed JSON) of an answered batch, adds the lead's own
 * share and decodes the week totals: the team's figures of that batch. A replayed, foreign or
 * tampered file is refused and leaves the state as it was.
 */
export async function combineAggregateShare(
  state: LeadState,
  team: TeamConfig,
  keyPair: HolderKeyPair,
  json: unknown,
): Promise<SharesCombined> {
  const binding = await bindingOf(team);
  if (binding.teamId !== state.teamId) return refuse("wrongTeam", "This lead state belongs to another team setting.");
  const parsed = parseHandoff<AggregateShareFile>(
    json,
    aggregateShareFileSchema,
    AGGREGATE_SHARE_FORMAT,
    binding,
    "an aggregate share",
    await earlierTeamIdOf(team),
  );
  if (!parsed.ok) return parsed;
  const file = parsed.file;
  const batch = state.batches.find((b) => b.ref.id === file.batch.id && b.ref.sequence === file.batch.sequence);
  if (!batch || batch.ref.week !== file.batch.week)
    return refuse("wrongBatch", `This aggregate share is for ${file.batch.id}, a batch you did not answer.`);
  if (batch.status === "combined") return refuse("replayed", `The team's figures of ${batch.ref.id} are already in.`);
  if (file.answerDigest !== batch.answerDigest || file.reports !== batch.validIds.length) {
    return refuse("wrongBatch", `This aggregate share does not follow your answer for ${batch.ref.id}.`);
  }
  if (file.reports < team.k)
    return refuse("tooFewReports", `${file.reports} reports are fewer than ${team.k}; nothing is shown.`);
  if (file.noiseEpsilon !== team.noiseEpsilon)
    return refuse("wrongTeam", "The noise setting of this aggregate share is not the team's.");
  const context = aggregateContext(batch.ref, batch.answerDigest, file.reports, file.noiseEpsilon);
  const opened = await openWith(keyPair, "aggregate share", binding.teamId, context, file.share);
  if (opened === null)
    return refuse("tampered", "The aggregate share was changed after it was made or is not for your key.");
  const vdaf = sharingVdaf(team.layout);
  let theirs: bigint[][];
  try {
    theirs = decodeVectors(vdaf, opened);
  } catch {
    return refuse("tampered", "The aggregate share has the wrong size.");
  }
  const sum = addVectors(vdaf, decodeVectors(vdaf, fromBase64Url(batch.aggregateShare)), theirs);
  const totals = decodeWeekTotals(vdaf, team.layout, sum, {
    week: batch.ref.week as IsoWeek,
    reporting: file.reports,
    noiseEpsilon: file.noiseEpsilon,
  });
  const done: LeadBatch = { ...batch, status: "combined", totals, answer: null };
  return {
    ok: true,
    state: { ...state, batches: state.batches.map((b) => (b.ref.id === done.ref.id ? done : b)) },
    totals,
  };
}

/** Week totals of every combined batch, oldest batch first: what the dashboard shows. */
export function releasedTotals(state: LeadState): WeekTotals[] {
  return state.batches.flatMap((b) => (b.totals ? [b.totals] : []));
}
