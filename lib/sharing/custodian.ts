import { Buffer } from "buffer";
import type { IsoWeek } from "../time/iso-week";
import { cryptoRandomBytes, fromBase64Url, type RandomBytes, toBase64Url } from "./bytes";
import { addNoiseToShare, centralNoise } from "./central-noise";
import { reportContext } from "./employee";
import { aggregateShareFileName, requestFileName } from "./file-names";
import {
  AGGREGATE_SHARE_FORMAT,
  type AggregateShareFile,
  ANSWER_FORMAT,
  type AnswerFile,
  aggregateShareFileSchema,
  answerFileSchema,
  type BatchRef,
  type HpkeCiphertext,
  MAX_BATCH_REPORTS,
  REQUEST_FORMAT,
  type RejectionReason,
  type RequestFile,
  requestFileSchema,
  SHARES_FORMAT,
  type SharesFile,
  sharesFileSchema,
} from "./formats";
import { type Binding, digestOf, parseHandoff } from "./handoff";
import { openWith, sealTo } from "./hpke";
import type { HolderKeyPair } from "./key-pair";
import { MEMBER_CODE_ALPHABET, readMemberCode } from "./member-code";
import { earlierTeamIdOf, keyFingerprint, type TeamConfig, teamConfigSchema, teamIdOf } from "./team-config";
import {
  addVectors,
  CUSTODIAN_AGGREGATOR,
  decodeInputShares,
  decodeNonces,
  decodePrepMessages,
  decodePrepShares,
  decodePublicShares,
  decodeVectors,
  encodePrepMessages,
  encodePrepShares,
  encodeVectors,
  type PartPrepShare,
  type SharingVdaf,
  sharingVdaf,
  zeroVectors,
} from "./vdaf";
import { type Refusal, type RefusalKind, refuse } from "./verdicts";

/**
 * The custodian's side (DAP's leader): collects shares files, keeps at most one report per team
 * member and week, prepares its half of each batch of at least k, checks the lead's verdicts
 * against the proofs, and releases its aggregate share over exactly the valid reports. The state
 * is a plain JSON-serializable object; every function returns a new state and never changes the
 * one it was given, so a refused input leaves nothing half-done.
 */

/** A report waiting for a batch. The custodian sees its sender and nothing of its content. */
export interface WaitingReport {
  readonly reportId: string;
  readonly week: IsoWeek;
  /** The sender label, decrypted: who sent it. */
  readonly sender: string;
  readonly nonce: string;
  readonly publicShare: string;
  /** Still sealed to the custodian; opened when the batch is prepared. */
  readonly custodianShare: HpkeCiphertext;
  /** Sealed to the lead; passed on unchanged. */
  readonly leadShare: HpkeCiphertext;
}

/** A report id the custodian put in a batch: it never goes in another. */
export interface LedgerEntry {
  readonly reportId: string;
  readonly week: IsoWeek;
  readonly sender: string;
  readonly batchId: string;
}

/** The custodian's preparation of one report, kept until the answer comes. */
export interface PreparedReport {
  readonly reportId: string;
  /** Prio3 output share of every part (field vectors, base64url). */
  readonly outputShare: string;
  /** Corrected joint randomness seeds of every part. */
  readonly jointRandSeeds: string;
  /** The custodian's preparation share, as sent in the request. */
  readonly prepShare: string;
}

/** One batch and where it stands. */
export interface CustodianBatch {
  readonly ref: BatchRef;
  readonly reportIds: readonly string[];
  readonly requestDigest: string;
  /** requested: waiting for the answer; released: aggregate share saved; withheld: fewer than k valid. */
  readonly status: "requested" | "released" | "withheld";
  /** The request, to save again; dropped once the answer is in. */
  readonly request: RequestFile | null;
  readonly prepared: readonly PreparedReport[];
  /** Digest of the answer taken, once it is in. */
  readonly answerDigest: string | null;
  /** Valid reports summed, once released. */
  readonly validReports: number | null;
  /** The aggregate share file, to save again; kept once released. */
  readonly aggregateShare: AggregateShareFile | null;
}

/** Everything the custodian's page stores about protected sharing. */
export interface CustodianState {
  readonly teamId: string;
  /** The Prio3 verify key shared with the lead (base64url). It never reaches employees. */
  readonly verifyKey: string;
  /** Team members whose reports are taken; empty means any sender (still one per sender and week). */
  readonly members: readonly string[];
  /**
   * Member codes the custodian handed out, in person or by a channel the lead does not read. A
   * member with a code has reports taken only when the sealed sender carries that code, so someone
   * who knows only the name (the lead, say) cannot take that member's place.
   */
  readonly memberCodes: readonly { readonly name: string; readonly code: string }[];
  readonly waiting: readonly WaitingReport[];
  readonly ledger: readonly LedgerEntry[];
  readonly batches: readonly CustodianBatch[];
}

/** A new custodian state for a team, with a fresh verify key. */
export async function createCustodianState(
  team: TeamConfig,
  options: { readonly members?: readonly string[]; readonly random?: RandomBytes } = {},
): Promise<CustodianState> {
  const checked = teamConfigSchema.parse(team);
  const vdaf = sharingVdaf(checked.layout);
  return {
    teamId: await teamIdOf(checked),
    verifyKey: toBase64Url((options.random ?? cryptoRandomBytes)(vdaf.verifyKeyBytes)),
    members: normalizedMembers(options.members ?? []),
    memberCodes: [],
    waiting: [],
    ledger: [],
    batches: [],
  };
}

/** Same person: labels compared trimmed and case-insensitively. */
export function senderKey(label: string): string {
  return label.trim().toLowerCase();
}

function normalizedMembers(members: readonly string[]): string[] {
  return [...new Set(members.map((m) => m.trim()).filter((m) => m.length > 0))];
}

/** The state with this list of team members (the custodian's own list, e.g. from HR); codes of people no longer listed are dropped. */
export function withMembers(state: CustodianState, members: readonly string[]): CustodianState {
  const listed = normalizedMembers(members);
  const keys = new Set(listed.map(senderKey));
  return {
    ...state,
    members: listed,
    memberCodes: (state.memberCodes ?? []).filter((c) => keys.has(senderKey(c.name))),
  };
}

/** Crockford base32 without I, L, O, U: easy to read aloud and type. */
const CODE_ALPHABET = MEMBER_CODE_ALPHABET;

/** A member code as compared: its canonical form when it reads as one, else upper case without dashes or spaces. */
export function normalizedCode(code: string): string {
  const read = readMemberCode(code);
  return read.ok ? read.code : code.toUpperCase().replace(/[\s-]/g, "");
}

/**
 * Gives `name` a new member code (8 characters, 40 random bits, shown as XXXX-XXXX) and adds the
 * name to the member list. The custodian hands the code to that person; the employee enters it
 * once, and it travels sealed to the custodian with every report. Giving a new code replaces the old.
 */
export function issueMemberCode(
  state: CustodianState,
  name: string,
  random: RandomBytes = cryptoRandomBytes,
): { state: CustodianState; code: string } {
  const label = name.trim();
  const bytes = random(5);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let code = "";
  for (let i = 0; i < 8; i++) {
    code = (CODE_ALPHABET[Number(bits & 31n)] as string) + code;
    bits >>= 5n;
  }
  const shown = `${code.slice(0, 4)}-${code.slice(4)}`;
  const members = state.members.some((m) => senderKey(m) === senderKey(label))
    ? state.members
    : [...state.members, label];
  const memberCodes = [
    ...(state.memberCodes ?? []).filter((c) => senderKey(c.name) !== senderKey(label)),
    { name: label, code: shown },
  ];
  return { state: { ...state, members, memberCodes }, code: shown };
}

/**
 * Drops a report still waiting (not in a batch), for example the earlier of two that claim the same
 * member and week once the custodian has asked that person; the other can then be imported again.
 */
export function dropWaitingReport(state: CustodianState, reportId: string): CustodianState {
  return { ...state, waiting: state.waiting.filter((r) => r.reportId !== reportId) };
}

async function bindingOf(team: TeamConfig): Promise<Binding> {
  return {
    teamId: await teamIdOf(team),
    leadKey: await keyFingerprint(team.lead.publicKey),
    custodianKey: await keyFingerprint(team.custodian.publicKey),
  };
}

/** The verdict on one report of a shares file. */
export type ReportVerdict =
  | { readonly reportId: string; readonly week: string; readonly ok: true; readonly sender: string }
  | {
      readonly reportId: string;
      readonly week: string;
      readonly ok: false;
      readonly kind: Extract<
        RefusalKind,
        "duplicate" | "alreadyBatched" | "secondReport" | "unknownSender" | "wrongCode" | "tampered"
      >;
      readonly message: string;
    };

/** The result of importing one shares file: refused whole, or a verdict per report. */
export type SharesImport =
  | {
      readonly ok: true;
      readonly state: CustodianState;
      readonly reports: readonly ReportVerdict[];
      readonly accepted: number;
    }
  | (Refusal & { readonly state: CustodianState });

/**
 * Imports one `shares@1` file (parsed JSON). Another format version, team or key refuses the whole
 * file; otherwise each report is taken or refused on its own: a report id already held
 * (duplicate), already put in a batch, a second report of the same sender for the same week, a
 * sender not on the member list, or a ciphertext that does not open (tampered).
 */
export async function importSharesFile(
  state: CustodianState,
  team: TeamConfig,
  keyPair: HolderKeyPair,
  json: unknown,
): Promise<SharesImport> {
  const binding = await bindingOf(team);
  if (binding.teamId !== state.teamId)
    return { ...refuse("wrongTeam", "This custodian state belongs to another team setting."), state };
  const parsed = parseHandoff<SharesFile>(
    json,
    sharesFileSchema,
    SHARES_FORMAT,
    binding,
    "a shares file",
    await earlierTeamIdOf(team),
  );
  if (!parsed.ok) return { ...parsed, state };
  const vdaf = sharingVdaf(team.layout);
  const members = new Set(state.members.map(senderKey));
  const codes = new Map((state.memberCodes ?? []).map((c) => [senderKey(c.name), normalizedCode(c.code)]));
  const waiting = [...state.waiting];
  const verdicts: ReportVerdict[] = [];
  const heldIds = new Set(waiting.map((r) => r.reportId));
  const batchedIds = new Set(state.ledger.map((r) => r.reportId));
  const senderWeeks = new Set([...waiting, ...state.ledger].map((r) => `${senderKey(r.sender)}|${r.week}`));
  for (const report of parsed.file.reports) {
    const { reportId, week } = report;
    const no = (kind: Extract<ReportVerdict, { ok: false }>["kind"], message: string) =>
      verdicts.push({ reportId, week, ok: false, kind, message });
    if (batchedIds.has(reportId)) {
      no("alreadyBatched", `The report for ${week} is already in a batch; it counts there once.`);
      continue;
    }
    if (heldIds.has(reportId)) {
      no("duplicate", `The report for ${week} from this device is already here; the first copy is kept.`);
      continue;
    }
    const context = reportContext(week, reportId, report.nonce, report.publicShare);
    const [senderBytes, shareBytes] = await Promise.all([
      openWith(keyPair, "sender", binding.teamId, context, report.sender),
      openWith(keyPair, "custodian input share", binding.teamId, context, report.custodianShare),
    ]);
    if (
      senderBytes === null ||
      shareBytes === null ||
      !wellFormed(vdaf, shareBytes, report.nonce, report.publicShare)
    ) {
      no("tampered", `The report for ${week} was changed after it was made or is not for this custodian's key.`);
      continue;
    }
    const claimed = readSender(senderBytes);
    if (claimed === null) {
      no("tampered", `The sender of the report for ${week} cannot be read.`);
      continue;
    }
    const sender = claimed.label;
    if (members.size > 0 && !members.has(senderKey(sender))) {
      no("unknownSender", `"${sender}" is not on your list of team members; the report for ${week} is not taken.`);
      continue;
    }
    const expectedCode = codes.get(senderKey(sender));
    if (expectedCode !== undefined && (claimed.code === null || normalizedCode(claimed.code) !== expectedCode)) {
      no(
        "wrongCode",
        `The report for ${week} names "${sender}" without the member code you gave them; it is not taken.`,
      );
      continue;
    }
    if (senderWeeks.has(`${senderKey(sender)}|${week}`)) {
      no("secondReport", `"${sender}" already sent a report for ${week}; only the first one counts.`);
      continue;
    }
    waiting.push({
      reportId,
      week,
      sender,
      nonce: report.nonce,
      publicShare: report.publicShare,
      custodianShare: report.custodianShare,
      leadShare: report.leadShare,
    });
    heldIds.add(reportId);
    senderWeeks.add(`${senderKey(sender)}|${week}`);
    verdicts.push({ reportId, week, ok: true, sender });
  }
  const accepted = verdicts.filter((v) => v.ok).length;
  return { ok: true, state: { ...state, waiting }, reports: verdicts, accepted };
}

/** The sealed sender: `{label, code}` as JSON; null when it is not that. */
function readSender(bytes: Uint8Array): { label: string; code: string | null } | null {
  try {
    const value = JSON.parse(new TextDecoder().decode(bytes)) as { label?: unknown; code?: unknown };
    const label = typeof value.label === "string" ? value.label.trim() : "";
    if (label.length === 0 || label.length > 200) return null;
    return { label, code: typeof value.code === "string" ? value.code : null };
  } catch {
    return null;
  }
}

function wellFormed(vdaf: SharingVdaf, share: Uint8Array, nonce: string, publicShare: string): boolean {
  try {
    decodeInputShares(vdaf, share);
    decodeNonces(vdaf, fromBase64Url(nonce));
    decodePublicShares(vdaf, fromBase64Url(publicShare));
    return true;
  } catch {
    return false;
  }
}

/** Reports waiting per week, oldest week first: what both dashboards show as "n waiting". */
export function waitingByWeek(state: CustodianState): { week: IsoWeek; reports: number }[] {
  const counts = new Map<IsoWeek, number>();
  for (const report of state.waiting) counts.set(report.week, (counts.get(report.week) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([week, reports]) => ({ week, reports }));
}

/** Weeks holding reports from at least k members, ready for a batch. */
export function weeksReady(state: CustodianState, team: TeamConfig): IsoWeek[] {
  return waitingByWeek(state)
    .filter((w) => w.reports >= team.k)
    .map((w) => w.week);
}

/** A built request. */
export type RequestBuilt =
  | { readonly ok: true; readonly state: CustodianState; readonly request: RequestFile; readonly fileName: string }
  | Refusal;

/**
 * Prepares the custodian's half of a batch of `week` (every report waiting for it, at least k) and
 * makes the request for the lead. The report ids move to the ledger at once: they never go in
 * another batch, whatever the answer.
 */
export async function buildRequest(
  state: CustodianState,
  team: TeamConfig,
  keyPair: HolderKeyPair,
  week: IsoWeek,
  generatorVersion: string,
): Promise<RequestBuilt> {
  const binding = await bindingOf(team);
  if (binding.teamId !== state.teamId)
    return refuse("wrongTeam", "This custodian state belongs to another team setting.");
  if (state.batches.some((b) => b.status === "requested")) {
    // One batch at a time keeps the lead's in-order rule simple for people.
    return refuse("outOfOrder", "The last request has no answer yet; import the lead's answer first.");
  }
  const reports = state.waiting
    .filter((r) => r.week === week)
    .sort((a, b) => (a.reportId < b.reportId ? -1 : 1))
    .slice(0, MAX_BATCH_REPORTS);
  if (reports.length < team.k) {
    return refuse("tooFewReports", `${week} holds ${reports.length} reports; a batch needs at least ${team.k} people.`);
  }
  const vdaf = sharingVdaf(team.layout);
  const verifyKey = Buffer.from(fromBase64Url(state.verifyKey));
  const sequence = state.batches.length + 1;
  const ref: BatchRef = { id: `${week}-batch-${sequence}`, sequence, week };
  const prepared: PreparedReport[] = [];
  for (const report of reports) {
    const context = reportContext(report.week, report.reportId, report.nonce, report.publicShare);
    const bytes = await openWith(keyPair, "custodian input share", binding.teamId, context, report.custodianShare);
    if (bytes === null) return refuse("tampered", `A held report of ${week} no longer opens with this key.`);
    const inputShares = decodeInputShares(vdaf, bytes);
    const nonces = decodeNonces(vdaf, fromBase64Url(report.nonce));
    const publicShares = decodePublicShares(vdaf, fromBase64Url(report.publicShare));
    const outputs: bigint[][] = [];
    const seeds: Buffer[] = [];
    const prepShares: PartPrepShare[] = [];
    for (const [i, part] of vdaf.parts.entries()) {
      const { preparationState, preparationShare } = await part.prio3.prepareInit(
        verifyKey,
        CUSTODIAN_AGGREGATOR,
        null,
        nonces[i],
        publicShares[i],
        inputShares[i],
      );
      outputs.push(preparationState.outputShare);
      seeds.push(preparationState.correctedJointRandSeed);
      prepShares.push(preparationShare);
    }
    prepared.push({
      reportId: report.reportId,
      outputShare: toBase64Url(encodeVectors(vdaf, outputs)),
      jointRandSeeds: toBase64Url(Buffer.concat(seeds)),
      prepShare: toBase64Url(encodePrepShares(vdaf, prepShares)),
    });
  }
  // The verify key travels in the first request, and again in later ones until an answer shows the
  // lead has it (a first request may have been cancelled).
  const firstRequest = !state.batches.some((b) => b.answerDigest !== null);
  const request = requestFileSchema.parse({
    format: REQUEST_FORMAT,
    generator: `ai-adoption-meter ${generatorVersion}`,
    ...binding,
    batch: ref,
    verifyKey: firstRequest
      ? await sealTo(
          team.lead.publicKey,
          "verify key",
          binding.teamId,
          [REQUEST_FORMAT, ref.id],
          fromBase64Url(state.verifyKey),
        )
      : null,
    waiting: waitingByWeek({ ...state, waiting: state.waiting.filter((r) => !reports.includes(r)) }),
    reports: reports.map((report, i) => ({
      reportId: report.reportId,
      nonce: report.nonce,
      publicShare: report.publicShare,
      leadShare: report.leadShare,
      custodianPrepShare: (prepared[i] as PreparedReport).prepShare,
    })),
  } satisfies RequestFile);
  const ids = new Set(reports.map((r) => r.reportId));
  const batch: CustodianBatch = {
    ref,
    reportIds: reports.map((r) => r.reportId),
    requestDigest: await digestOf(request),
    status: "requested",
    request,
    prepared,
    answerDigest: null,
    validReports: null,
    aggregateShare: null,
  };
  return {
    ok: true,
    state: {
      ...state,
      waiting: state.waiting.filter((r) => !ids.has(r.reportId)),
      ledger: [
        ...state.ledger,
        ...reports.map((r) => ({ reportId: r.reportId, week: r.week, sender: r.sender, batchId: ref.id })),
      ],
      batches: [...state.batches, batch],
    },
    request,
    fileName: requestFileName(ref, team.lead.name),
  };
}

/**
 * Cancels the request still waiting for its answer (lost, or the lead is away): the batch is closed
 * without a release and its reports stay used up, so no later batch can hold them. Returns the state
 * unchanged when no request is open.
 */
export function cancelRequest(state: CustodianState): CustodianState {
  return {
    ...state,
    batches: state.batches.map((b) =>
      b.status === "requested" ? { ...b, status: "withheld", request: null, prepared: [] } : b,
    ),
  };
}

/** A report the lead rejected, as the custodian knows it: who sent it and why the lead says it failed. */
export interface RejectedReport {
  readonly reportId: string;
  readonly week: IsoWeek;
  readonly sender: string;
  readonly reason: RejectionReason;
}

/** The result of importing the lead's answer. */
export type AnswerImport =
  | {
      readonly ok: true;
      readonly state: CustodianState;
      readonly outcome: "released";
      readonly valid: number;
      readonly rejected: number;
      /** The rejected reports with their senders, so the custodian can ask them. */
      readonly rejectedReports: readonly RejectedReport[];
      readonly aggregateShare: AggregateShareFile;
      readonly fileName: string;
    }
  | {
      readonly ok: true;
      readonly state: CustodianState;
      readonly outcome: "withheld";
      readonly valid: number;
      readonly rejected: number;
      readonly rejectedReports: readonly RejectedReport[];
      readonly message: string;
    }
  | Refusal;

/**
 * Imports the lead's answer: checks it answers the open request exactly, re-checks every proof the
 * lead called valid (a lead cannot pass a failing report), finishes preparing, and, with at least
 * k valid reports, aggregates exactly those, adds the central noise if the team sets ε, and seals
 * the aggregate share to the lead. With fewer than k valid reports the batch is withheld and
 * nothing is summed. A refused answer leaves the state as it was.
 */
export async function importAnswer(
  state: CustodianState,
  team: TeamConfig,
  json: unknown,
  generatorVersion: string,
  random: RandomBytes = cryptoRandomBytes,
): Promise<AnswerImport> {
  const binding = await bindingOf(team);
  if (binding.teamId !== state.teamId)
    return refuse("wrongTeam", "This custodian state belongs to another team setting.");
  const parsed = parseHandoff<AnswerFile>(
    json,
    answerFileSchema,
    ANSWER_FORMAT,
    binding,
    "an answer",
    await earlierTeamIdOf(team),
  );
  if (!parsed.ok) return parsed;
  const answer = parsed.file;
  const batch = state.batches.find((b) => b.ref.id === answer.batch.id && b.ref.sequence === answer.batch.sequence);
  if (!batch || batch.ref.week !== answer.batch.week) {
    return refuse("wrongBatch", `This answer is for ${answer.batch.id}, a batch you did not send.`);
  }
  if (batch.status !== "requested") {
    if (batch.answerDigest === null) {
      return refuse(
        "wrongBatch",
        `${batch.ref.id} was cancelled; its reports are used up and its answer is not taken.`,
      );
    }
    return refuse("replayed", `The answer for ${batch.ref.id} was already imported.`);
  }
  if (answer.requestDigest !== batch.requestDigest) {
    return refuse("wrongBatch", `This answer is for another request of ${batch.ref.id}.`);
  }
  const answered = [...answer.valid.map((v) => v.reportId), ...answer.rejected.map((r) => r.reportId)];
  const inBatch = new Set(batch.reportIds);
  if (
    answered.length !== inBatch.size ||
    new Set(answered).size !== answered.length ||
    answered.some((id) => !inBatch.has(id))
  ) {
    return refuse("wrongBatch", `This answer does not name exactly the reports of ${batch.ref.id}.`);
  }
  const vdaf = sharingVdaf(team.layout);
  const prepared = new Map(batch.prepared.map((p) => [p.reportId, p]));
  let sum = zeroVectors(vdaf);
  for (const valid of answer.valid) {
    const own = prepared.get(valid.reportId) as PreparedReport;
    const outputs = await checkedOutputShare(vdaf, own, valid.leadPrepShare, valid.prepMessage);
    if (!outputs) {
      return refuse("tampered", "The answer calls a report valid whose proof does not hold; the answer is not taken.");
    }
    sum = addVectors(vdaf, sum, outputs);
  }
  // A report the lead calls out of range must fail its proof with both preparation shares: a lead
  // that rejects a valid report while sending its true share is caught here.
  for (const rejection of answer.rejected) {
    if (rejection.reason !== "proofFailed" || !rejection.leadPrepShare) continue;
    const own = prepared.get(rejection.reportId) as PreparedReport;
    if (await proofHolds(vdaf, own, rejection.leadPrepShare)) {
      const sender = state.ledger.find((entry) => entry.reportId === rejection.reportId)?.sender ?? "a member";
      return refuse(
        "tampered",
        `The answer rejects the report of ${sender} for ${batch.ref.week} as failing its proof, but the proof holds with both preparation shares: ${team.lead.name} rejected a valid report. The answer is not taken; ask for a new one.`,
      );
    }
  }
  const senderOf = new Map(state.ledger.map((entry) => [entry.reportId, entry.sender]));
  const rejectedReports: RejectedReport[] = answer.rejected.map((r) => ({
    reportId: r.reportId,
    week: batch.ref.week as IsoWeek,
    sender: senderOf.get(r.reportId) ?? "",
    reason: r.reason,
  }));
  const answerDigest = await digestOf(answer);
  const validCount = answer.valid.length;
  if (validCount < team.k) {
    const closed: CustodianBatch = {
      ...batch,
      status: "withheld",
      request: null,
      prepared: [],
      answerDigest,
      validReports: validCount,
    };
    return {
      ok: true,
      state: replaceBatch(state, closed),
      outcome: "withheld",
      valid: validCount,
      rejected: answer.rejected.length,
      rejectedReports,
      message: `Only ${validCount} valid reports in ${batch.ref.id}; fewer than ${team.k} are never summed. These reports are used up.`,
    };
  }
  const noisy =
    team.noiseEpsilon === null
      ? sum
      : addNoiseToShare(vdaf, sum, centralNoise(vdaf, team.layout, team.noiseEpsilon, random));
  const share = await sealTo(
    team.lead.publicKey,
    "aggregate share",
    binding.teamId,
    aggregateContext(batch.ref, answerDigest, validCount, team.noiseEpsilon),
    encodeVectors(vdaf, noisy),
  );
  const aggregateShare = aggregateShareFileSchema.parse({
    format: AGGREGATE_SHARE_FORMAT,
    generator: `ai-adoption-meter ${generatorVersion}`,
    ...binding,
    batch: batch.ref,
    answerDigest,
    reports: validCount,
    noiseEpsilon: team.noiseEpsilon,
    share,
  } satisfies AggregateShareFile);
  const released: CustodianBatch = {
    ...batch,
    status: "released",
    request: null,
    prepared: [],
    answerDigest,
    validReports: validCount,
    aggregateShare,
  };
  return {
    ok: true,
    state: replaceBatch(state, released),
    outcome: "released",
    valid: validCount,
    rejected: answer.rejected.length,
    rejectedReports,
    aggregateShare,
    fileName: aggregateShareFileName(batch.ref, team.lead.name),
  };
}

/** The sealing context of an aggregate share. */
export function aggregateContext(
  ref: BatchRef,
  answerDigest: string,
  reports: number,
  epsilon: number | null,
): (string | number)[] {
  return [
    AGGREGATE_SHARE_FORMAT,
    ref.id,
    ref.sequence,
    ref.week,
    answerDigest,
    reports,
    epsilon === null ? "none" : epsilon,
  ];
}

function replaceBatch(state: CustodianState, batch: CustodianBatch): CustodianState {
  return { ...state, batches: state.batches.map((b) => (b.ref.id === batch.ref.id ? batch : b)) };
}

/** Whether a report's proofs hold with the custodian's preparation share and the lead's. */
async function proofHolds(vdaf: SharingVdaf, own: PreparedReport, leadPrepShare: string): Promise<boolean> {
  try {
    const mine = decodePrepShares(vdaf, fromBase64Url(own.prepShare));
    const theirs = decodePrepShares(vdaf, fromBase64Url(leadPrepShare));
    const outputs = decodeVectors(vdaf, fromBase64Url(own.outputShare));
    const seeds = Buffer.from(fromBase64Url(own.jointRandSeeds));
    for (const [i, part] of vdaf.parts.entries()) {
      // Throws "Verify error" when the proof fails, as the lead says.
      const message = await part.prio3.unshardPreparationShares(null, [mine[i], theirs[i]]);
      const seedSize = part.prio3.xof.seedSize as number;
      // Throws when the joint randomness does not match.
      part.prio3.prepareNext(
        {
          outputShare: outputs[i] as bigint[],
          correctedJointRandSeed: seeds.subarray(i * seedSize, (i + 1) * seedSize),
        },
        message,
      );
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * The custodian's output share of one report the lead called valid, after re-checking the proof
 * from both preparation shares; null when the proof fails or the message does not match.
 */
async function checkedOutputShare(
  vdaf: SharingVdaf,
  own: PreparedReport,
  leadPrepShare: string,
  prepMessage: string,
): Promise<bigint[][] | null> {
  try {
    const mine = decodePrepShares(vdaf, fromBase64Url(own.prepShare));
    const theirs = decodePrepShares(vdaf, fromBase64Url(leadPrepShare));
    const claimed = decodePrepMessages(vdaf, fromBase64Url(prepMessage));
    const outputs = decodeVectors(vdaf, fromBase64Url(own.outputShare));
    const seeds = Buffer.from(fromBase64Url(own.jointRandSeeds));
    const result: bigint[][] = [];
    for (const [i, part] of vdaf.parts.entries()) {
      // Throws "Verify error" when the two verifier shares do not make a valid proof.
      const message = await part.prio3.unshardPreparationShares(null, [mine[i], theirs[i]]);
      if (
        !Buffer.from(encodePrepMessages([message])).equals(
          Buffer.from(encodePrepMessages([claimed[i] as { jointRand: Buffer }])),
        )
      ) {
        return null;
      }
      const seedSize = part.prio3.xof.seedSize as number;
      const next = part.prio3.prepareNext(
        {
          outputShare: outputs[i] as bigint[],
          correctedJointRandSeed: seeds.subarray(i * seedSize, (i + 1) * seedSize),
        },
        message,
      );
      result.push(next.outputShare);
    }
    return result;
  } catch {
    return null;
  }
}
