import { z } from "zod";
import { ISO_WEEK_PATTERN } from "../time/iso-week";
import { digestSchema, fingerprintSchema } from "./team-config";

/**
 * The four hand-off files of protected sharing. Every one names its format version, the team id
 * and both key fingerprints; the three aggregator files also name their batch. Binary fields are
 * base64url without padding.
 */

/** Format id of the file an employee gives the custodian: one HPKE-encrypted pair of shares per week. */
export const SHARES_FORMAT = "ai-adoption-meter/shares@1";
/** Format id of the custodian's request to the lead. */
export const REQUEST_FORMAT = "ai-adoption-meter/protected-request@1";
/** Format id of the lead's answer to the custodian. */
export const ANSWER_FORMAT = "ai-adoption-meter/protected-answer@1";
/** Format id of the custodian's aggregate share for the lead. */
export const AGGREGATE_SHARE_FORMAT = "ai-adoption-meter/protected-aggregate-share@1";

/** Largest base64url field: a few hundred kilobytes is plenty for 100 tools and 60 tasks. */
const MAX_BINARY_CHARS = 2_000_000;
/** Most weeks in one shares file (ten years), like the team report. */
export const MAX_SHARES_WEEKS = 520;
/** Most reports in one batch. */
export const MAX_BATCH_REPORTS = 10_000;

const binary = z
  .string()
  .regex(/^[A-Za-z0-9_-]*$/)
  .max(MAX_BINARY_CHARS);
const week = z.string().regex(ISO_WEEK_PATTERN);
const reportId = z.string().regex(/^[0-9a-f]{64}$/);
const generator = z.string().regex(/^ai-adoption-meter \d+\.\d+\.\d+$/);

/** An HPKE (RFC 9180, base mode) ciphertext: the encapsulated key and the sealed bytes. */
export const hpkeCiphertextSchema = z.strictObject({
  /** Encapsulated X25519 key, 32 bytes. */
  enc: binary,
  /** AES-128-GCM ciphertext with its tag. */
  ciphertext: binary,
});

/** Which files are bound to which team and keys. */
const binding = {
  /** SHA-256 of the team configuration (see team-config.ts). */
  teamId: digestSchema,
  /** Fingerprint of the lead's public key. */
  leadKey: fingerprintSchema,
  /** Fingerprint of the custodian's public key. */
  custodianKey: fingerprintSchema,
};

/** The batch a hand-off belongs to. */
export const batchRefSchema = z.strictObject({
  /** e.g. "2026-W48-batch-1": the week and the custodian's batch number. */
  id: z.string().regex(/^\d{4}-W\d{2}-batch-\d{1,6}$/),
  /** The custodian's batch number, 1, 2, 3… over the whole team: the lead takes them in order only. */
  sequence: z.number().int().min(1).max(999_999),
  week,
});

/** One employee's one week, as two encrypted shares. */
export const shareReportSchema = z.strictObject({
  /** HMAC-SHA-256(device secret, "record:" + week), as in the team report: re-exports have the same id. */
  reportId,
  week,
  /** Prio3 nonces, 16 random bytes per measurement part. */
  nonce: binary,
  /** Prio3 public share (joint randomness parts) of every part. */
  publicShare: binary,
  /** The custodian's input share, sealed to the custodian. */
  custodianShare: hpkeCiphertextSchema,
  /** The lead's input share, sealed to the lead. */
  leadShare: hpkeCiphertextSchema,
  /** The sender label the employee confirmed, sealed to the custodian only. */
  sender: hpkeCiphertextSchema,
});

/** The `shares@1` file an employee gives the custodian. It holds no figure anyone can read. */
export const sharesFileSchema = z
  .strictObject({
    format: z.literal(SHARES_FORMAT),
    generator,
    ...binding,
    reports: z.array(shareReportSchema).min(1).max(MAX_SHARES_WEEKS),
  })
  .meta({
    title: "AI Adoption Meter protected shares",
    description:
      "One person's weekly records, each split into two secret shares encrypted to the custodian and the lead.",
  });

/** One report of a request. */
export const requestReportSchema = z.strictObject({
  reportId,
  nonce: binary,
  publicShare: binary,
  /** The employee's ciphertext for the lead, passed on unchanged. */
  leadShare: hpkeCiphertextSchema,
  /** The custodian's Prio3 preparation share (verifier share and joint randomness part of every part). */
  custodianPrepShare: binary,
});

/** The custodian's request to the lead for one batch. */
export const requestFileSchema = z
  .strictObject({
    format: z.literal(REQUEST_FORMAT),
    generator,
    ...binding,
    batch: batchRefSchema,
    /** The Prio3 verify key the two aggregators share, sealed to the lead: only in the first request, else null. */
    verifyKey: hpkeCiphertextSchema.nullable(),
    /** Reports still waiting at the custodian after this batch, per week: what the lead's page shows as "n waiting". */
    waiting: z
      .array(z.strictObject({ week, reports: z.number().int().min(1).max(MAX_BATCH_REPORTS) }))
      .max(MAX_SHARES_WEEKS),
    /** Sorted by report id, so the order says nothing about who sent what. */
    reports: z.array(requestReportSchema).min(1).max(MAX_BATCH_REPORTS),
  })
  .meta({
    title: "AI Adoption Meter protected-sharing request",
    description: "The custodian's half of preparing one batch, for the lead to verify.",
  });

/** Why the lead rejected a report. */
export const rejectionReasonSchema = z.enum(["undecryptable", "proofFailed", "reused"]);

/** The lead's answer to one request. */
export const answerFileSchema = z
  .strictObject({
    format: z.literal(ANSWER_FORMAT),
    generator,
    ...binding,
    batch: batchRefSchema,
    /** SHA-256 of the request this answers. */
    requestDigest: digestSchema,
    /** Reports whose proofs hold, with the lead's preparation share and the preparation message. */
    valid: z.array(z.strictObject({ reportId, leadPrepShare: binary, prepMessage: binary })).max(MAX_BATCH_REPORTS),
    /**
     * Reports not summed and why. For "proofFailed", the lead's preparation share, so the custodian can
     * check with its own that the proof indeed fails (a valid report called invalid is caught).
     */
    rejected: z
      .array(z.strictObject({ reportId, reason: rejectionReasonSchema, leadPrepShare: binary.optional() }))
      .max(MAX_BATCH_REPORTS),
  })
  .meta({
    title: "AI Adoption Meter protected-sharing answer",
    description: "The lead's verdict on each report of one batch and the preparation messages.",
  });

/** The custodian's aggregate share of one released batch. */
export const aggregateShareFileSchema = z
  .strictObject({
    format: z.literal(AGGREGATE_SHARE_FORMAT),
    generator,
    ...binding,
    batch: batchRefSchema,
    /** SHA-256 of the answer this follows. */
    answerDigest: digestSchema,
    /** Valid reports summed: at least k. */
    reports: z.number().int().min(1).max(MAX_BATCH_REPORTS),
    /** Central noise ε the custodian added, or null. */
    noiseEpsilon: z.number().positive().max(10).nullable(),
    /** The custodian's aggregate share (noise included), sealed to the lead. */
    share: hpkeCiphertextSchema,
  })
  .meta({
    title: "AI Adoption Meter protected-sharing aggregate share",
    description: "The custodian's sum of its output shares over the valid reports of one batch.",
  });

/** A parsed shares file. */
export type SharesFile = z.infer<typeof sharesFileSchema>;
/** One report of a shares file. */
export type ShareReport = z.infer<typeof shareReportSchema>;
/** A parsed request. */
export type RequestFile = z.infer<typeof requestFileSchema>;
/** A parsed answer. */
export type AnswerFile = z.infer<typeof answerFileSchema>;
/** A parsed aggregate share file. */
export type AggregateShareFile = z.infer<typeof aggregateShareFileSchema>;
/** A batch reference. */
export type BatchRef = z.infer<typeof batchRefSchema>;
/** An HPKE ciphertext. */
export type HpkeCiphertext = z.infer<typeof hpkeCiphertextSchema>;
/** Why the lead rejected a report. */
export type RejectionReason = z.infer<typeof rejectionReasonSchema>;
