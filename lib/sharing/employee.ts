import { Buffer } from "buffer";
import { z } from "zod";
import { type WeeklyRecord, weeklyRecordSchema } from "../report/aggregate-format";
import { buildTeamReport, type TeamReportInput } from "../report/builder";
import { concatBytes, cryptoRandomBytes, type RandomBytes, toBase64Url, utf8 } from "./bytes";
import { MAX_SHARES_WEEKS, SHARES_FORMAT, type ShareReport, type SharesFile, sharesFileSchema } from "./formats";
import { sealTo } from "./hpke";
import { encodeWeeklyRecord, type Measurement } from "./measurement";
import { SharingError } from "./sharing-error";
import { keyFingerprint, type TeamConfig, teamConfigSchema, teamIdOf } from "./team-config";
import {
  CUSTODIAN_AGGREGATOR,
  encodeInputShares,
  encodePublicShares,
  LEAD_AGGREGATOR,
  NONCE_BYTES,
  type PartInputShare,
  type PartPublicShare,
  type SharingVdaf,
  sharingVdaf,
} from "./vdaf";

/**
 * The employee's side: each weekly record (built exactly as direct sharing builds it) becomes one
 * Prio3 measurement, split into two secret shares; each share is sealed with HPKE to its holder,
 * bound to the team id, the ISO week, the report id and the format version. The sender label is
 * sealed to the custodian alone, so the custodian can keep one report per person and week while
 * the lead never learns whose report is whose.
 */

/** Longest sender label (a name or e-mail address the employee confirms in the preview). */
export const MAX_SENDER_LABEL = 120;

/** What the shares file is made from. */
export interface SharesInput {
  readonly team: TeamConfig;
  /** Weekly records from `buildTeamReport` with local noise off (protected sharing adds central noise instead). */
  readonly records: readonly WeeklyRecord[];
  /** Who the custodian should see as the sender, confirmed by the employee in the preview. */
  readonly sender: string;
  /**
   * The member code the custodian gave this person, if it gives codes (see `issueMemberCode`):
   * sealed to the custodian with the label, it shows the report comes from that member and not
   * from someone who only knows the name. Null or absent without a code.
   */
  readonly memberCode?: string | null;
  /** Version of the extension, e.g. "0.1.0". */
  readonly generatorVersion: string;
  /** Random bytes; WebCrypto by default. */
  readonly random?: RandomBytes;
}

/**
 * The employee's whole step: builds the weekly records exactly as direct sharing does
 * (`buildTeamReport`, with the team's layout as approved tools, task list order and rounding, and
 * local noise off, since the custodian adds central noise) and turns them into the shares file.
 * Returns the records too, for the preview. Throws `TeamReportError` or `SharingError`.
 */
export async function buildProtectedShares(
  input: Omit<TeamReportInput, "noise"> & {
    readonly team: TeamConfig;
    readonly sender: string;
    readonly memberCode?: string | null;
    readonly random?: RandomBytes;
  },
): Promise<{ records: WeeklyRecord[]; file: SharesFile }> {
  const team = teamConfigSchema.parse(input.team);
  const categories = input.options.taskCategories.filter((c) => team.layout.categoryIds.includes(c.id));
  const report = await buildTeamReport({
    days: input.days,
    tags: input.tags,
    period: input.period,
    now: input.now,
    secret: input.secret,
    options: {
      ...input.options,
      approvedToolIds: team.layout.toolIds,
      taskCategories: categories,
      roundingMinutes: team.layout.roundingMinutes,
      noiseEpsilon: 0,
    },
  });
  const file = await buildSharesFile({
    team,
    records: report.records,
    sender: input.sender,
    memberCode: input.memberCode ?? null,
    generatorVersion: input.options.generatorVersion,
    random: input.random,
  });
  return { records: report.records, file };
}

/** The sealing contexts of one report: its ciphertexts open only for this team, week, report, nonce and public share. */
export function reportContext(week: string, reportId: string, nonce: string, publicShare: string): string[] {
  return [SHARES_FORMAT, week, reportId, nonce, publicShare];
}

/**
 * Builds the `ai-adoption-meter/shares@1` file for the custodian: one report per record. Throws
 * `SharingError` for a record outside the team's layout, an empty or over-long sender label, or
 * no records.
 */
export async function buildSharesFile(input: SharesInput): Promise<SharesFile> {
  const team = teamConfigSchema.parse(input.team);
  const sender = input.sender.trim();
  if (sender.length === 0 || sender.length > MAX_SENDER_LABEL) {
    throw new SharingError(`Your name for the custodian must be 1 to ${MAX_SENDER_LABEL} characters.`);
  }
  if (input.records.length === 0) throw new SharingError("There is no complete week to share yet.");
  if (input.records.length > MAX_SHARES_WEEKS)
    throw new SharingError(`At most ${MAX_SHARES_WEEKS} weeks fit in one file.`);
  const records = input.records.map((record) => weeklyRecordSchema.parse(record));
  const vdaf = sharingVdaf(team.layout);
  const teamId = await teamIdOf(team);
  const reports: ShareReport[] = [];
  for (const record of records) {
    reports.push(
      await shardMeasurement({
        vdaf,
        team,
        teamId,
        week: record.week,
        reportId: record.id,
        measurement: encodeWeeklyRecord(record, team.layout),
        sender,
        memberCode: input.memberCode?.trim() || null,
        random: input.random ?? cryptoRandomBytes,
      }),
    );
  }
  const file: SharesFile = {
    format: SHARES_FORMAT,
    generator: `ai-adoption-meter ${input.generatorVersion}`,
    teamId,
    leadKey: await keyFingerprint(team.lead.publicKey),
    custodianKey: await keyFingerprint(team.custodian.publicKey),
    reports,
  };
  const checked = sharesFileSchema.safeParse(file);
  if (!checked.success)
    throw new SharingError(`The shares file failed its own format check:\n${z.prettifyError(checked.error)}`);
  return checked.data;
}

/** One measurement to shard and seal. */
export interface ShardInput {
  readonly vdaf: SharingVdaf;
  readonly team: TeamConfig;
  readonly teamId: string;
  readonly week: string;
  readonly reportId: string;
  readonly measurement: Measurement;
  readonly sender: string;
  /** The custodian's member code, or null. */
  readonly memberCode?: string | null;
  readonly random: RandomBytes;
}

/** What the sealed sender holds: the label and the member code, as JSON. */
export function senderPlaintext(label: string, memberCode: string | null): Uint8Array {
  return utf8(JSON.stringify({ label, code: memberCode }));
}

/**
 * Shards one measurement with Prio3 and seals both input shares and the sender label: one
 * report of a shares file. Exported for the in-page timing of the bench (it is the costly step).
 */
export async function shardMeasurement(input: ShardInput): Promise<ShareReport> {
  const { vdaf } = input;
  const values: unknown[] = [input.measurement.counts, input.measurement.flags, input.measurement.band];
  const nonces: Uint8Array[] = [];
  const publicShares: PartPublicShare[] = [];
  const custodianShares: PartInputShare[] = [];
  const leadShares: PartInputShare[] = [];
  for (const [i, part] of vdaf.parts.entries()) {
    const nonce = Buffer.from(input.random(NONCE_BYTES));
    const rand = Buffer.from(input.random(part.prio3.randSize));
    const { publicShare, inputShares } = await part.prio3.shard(values[i], nonce, rand);
    nonces.push(nonce);
    publicShares.push(publicShare);
    custodianShares.push(inputShares[CUSTODIAN_AGGREGATOR]);
    leadShares.push(inputShares[LEAD_AGGREGATOR]);
  }
  const nonce = toBase64Url(concatBytes(nonces));
  const publicShare = toBase64Url(encodePublicShares(vdaf, publicShares));
  const context = reportContext(input.week, input.reportId, nonce, publicShare);
  const [custodianShare, leadShare, sender] = await Promise.all([
    sealTo(
      input.team.custodian.publicKey,
      "custodian input share",
      input.teamId,
      context,
      encodeInputShares(vdaf, custodianShares),
    ),
    sealTo(input.team.lead.publicKey, "lead input share", input.teamId, context, encodeInputShares(vdaf, leadShares)),
    sealTo(
      input.team.custodian.publicKey,
      "sender",
      input.teamId,
      context,
      senderPlaintext(input.sender, input.memberCode ?? null),
    ),
  ]);
  return { reportId: input.reportId, week: input.week, nonce, publicShare, custodianShare, leadShare, sender };
}
