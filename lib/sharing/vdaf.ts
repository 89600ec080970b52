import { Prio3Histogram, Prio3SumVec } from "@divviup/prio3";
import { Buffer } from "buffer";
import { SharingError } from "./sharing-error";
import type { MeasurementLayout } from "./team-config";

/**
 * The Prio3 instances (VDAF draft 08, `@divviup/prio3`) one weekly measurement is made of, and the
 * byte layout of their shares in the files. Each report is three Prio3 measurements with their
 * own nonces, each with its own validity proof:
 *
 * - `counts`: Prio3SumVec, 13 bits per entry (0–8191; the largest honest value, 6720 minutes, fits);
 * - `flags`: Prio3SumVec, 1 bit per entry (each flag is 0 or 1, and the proof holds it there);
 * - `band`: Prio3Histogram over the active-minutes bands (exactly one band, the proof holds it there).
 *
 * A report counts only when all three proofs hold.
 */

/** Bits per entry of the counts vector: honest values stay ≤ 6720 < 2^13. */
export const COUNT_BITS = 13;
/** Largest value a counts entry can carry under its proof. */
export const COUNT_MAX = 2 ** COUNT_BITS - 1;
/** Number of active-minutes bands (lib/team's ACTIVE_MINUTES_BANDS). */
export const BAND_COUNT = 5;
/** Two aggregators: the custodian (Prio3 aggregator 0, DAP's leader) and the lead (aggregator 1, DAP's helper). */
export const CUSTODIAN_AGGREGATOR = 0;
/** The lead's aggregator id. */
export const LEAD_AGGREGATOR = 1;
/** Bytes of one Prio3 nonce. */
export const NONCE_BYTES = 16;

/** Names of the parts, in their order in every byte string. */
export type PartName = "counts" | "flags" | "band";

// biome-ignore lint/suspicious/noExplicitAny: the three Prio3 instances have different measurement types.
type AnyPrio3 = Prio3SumVec | Prio3Histogram | any;

/** One Prio3 instance of the measurement and its sizes in bytes. */
export interface MeasurementPart {
  readonly name: PartName;
  readonly prio3: AnyPrio3;
  /** Entries of the output (and of the decoded sum). */
  readonly outputLength: number;
}

/** The Prio3 parts of a layout. */
export interface SharingVdaf {
  readonly parts: readonly MeasurementPart[];
  /** Length of the counts vector: activeDays, then visits and active minutes per tool, then tags and minutes saved per category. */
  readonly countsLength: number;
  /** Length of the flags vector: active, activeInWeeks1to4, retention eligible, retention active, then used per tool, tagged per category (and `EXACT_FLAGS` after them). */
  readonly flagsLength: number;
  /** Bytes of the shared Prio3 verify key. */
  readonly verifyKeyBytes: number;
}

/** Flags before the per-tool and per-category flags. */
export const FIXED_FLAGS = ["active", "activeInWeeks1to4", "retentionEligible", "retentionActive"] as const;

/**
 * With `layout.people === "exact"`, after the flags above and the "used" and "tagged" flags: these
 * four, then per tool "visits above 0" and "minutes above 0", then per category "tags above 0" and
 * "minutes saved above 0". Appended, so the earlier entries keep their places.
 */
export const EXACT_FLAGS = ["anyVisit", "anyToolMinutes", "anyTag", "anyMinutesSaved"] as const;

/** Length of the flags vector of a layout. */
export function flagsLengthOf(layout: MeasurementLayout): number {
  const tools = layout.toolIds.length;
  const categories = layout.categoryIds.length;
  const exact = layout.people === "exact" ? EXACT_FLAGS.length + 2 * tools + 2 * categories : 0;
  return FIXED_FLAGS.length + tools + categories + exact;
}

/** A chunk length near √(entries), the draft's advice for the smallest proof. */
function chunkLengthFor(entries: number): number {
  return Math.max(1, Math.round(Math.sqrt(entries)));
}

/** The Prio3 parts for a measurement layout. */
export function sharingVdaf(layout: MeasurementLayout): SharingVdaf {
  const countsLength = 1 + 2 * layout.toolIds.length + 2 * layout.categoryIds.length;
  const flagsLength = flagsLengthOf(layout);
  const counts = new Prio3SumVec({
    shares: 2,
    length: countsLength,
    bits: COUNT_BITS,
    chunkLength: chunkLengthFor(countsLength * COUNT_BITS),
  });
  const flags = new Prio3SumVec({ shares: 2, length: flagsLength, bits: 1, chunkLength: chunkLengthFor(flagsLength) });
  const band = new Prio3Histogram({ shares: 2, length: BAND_COUNT, chunkLength: chunkLengthFor(BAND_COUNT) });
  return {
    parts: [
      { name: "counts", prio3: counts, outputLength: countsLength },
      { name: "flags", prio3: flags, outputLength: flagsLength },
      { name: "band", prio3: band, outputLength: BAND_COUNT },
    ],
    countsLength,
    flagsLength,
    verifyKeyBytes: counts.verifyKeySize,
  };
}

/** Prio3's input share as `prepareInit` reads it. */
export interface PartInputShare {
  measurementShare: bigint[];
  proofsShare: bigint[];
  blind: Buffer;
  wireMeasurementShare: Buffer;
  wireProofShare: Buffer;
}
/** Prio3's public share. */
export interface PartPublicShare {
  jointRandParts: Buffer[];
}
/** Prio3's preparation share. */
export interface PartPrepShare {
  verifiersShare: bigint[];
  jointRandomnessPart: Buffer;
}
/** Prio3's preparation state. */
export interface PartPrepState {
  outputShare: bigint[];
  correctedJointRandSeed: Buffer;
}

/** Reads fixed-size pieces off a byte string; throws `SharingError` when the sizes do not add up. */
class Reader {
  private offset = 0;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly what: string,
  ) {}
  take(length: number): Buffer {
    if (this.offset + length > this.bytes.length) throw new SharingError(`${this.what} is too short.`);
    const piece = Buffer.from(this.bytes.subarray(this.offset, this.offset + length));
    this.offset += length;
    return piece;
  }
  end(): void {
    if (this.offset !== this.bytes.length) throw new SharingError(`${this.what} is too long.`);
  }
}

function fieldOf(part: MeasurementPart) {
  return part.prio3.flp.field as {
    encode(data: bigint[]): Uint8Array;
    decode(bytes: Uint8Array): bigint[];
    encodedSize: number;
    modulus: bigint;
  };
}

function seedSize(part: MeasurementPart): number {
  return part.prio3.xof.seedSize as number;
}

function fieldVector(part: MeasurementPart, reader: Reader, length: number): bigint[] {
  const field = fieldOf(part);
  const values = field.decode(reader.take(length * field.encodedSize));
  // Field elements must be canonical (below the modulus): a non-canonical one is a damaged share.
  if (values.some((value) => value >= field.modulus))
    throw new SharingError("A share holds a value outside the field.");
  return values;
}

/** Input shares of every part as one byte string: per part the measurement share, proof share and blind. */
export function encodeInputShares(vdaf: SharingVdaf, shares: readonly PartInputShare[]): Uint8Array {
  return Buffer.concat(
    vdaf.parts.flatMap((part, i) => {
      const share = shares[i] as PartInputShare;
      const field = fieldOf(part);
      return [field.encode(share.measurementShare), field.encode(share.proofsShare), share.blind];
    }),
  );
}

/** The inverse of `encodeInputShares`; throws `SharingError` on a wrong size or a non-canonical element. */
export function decodeInputShares(vdaf: SharingVdaf, bytes: Uint8Array): PartInputShare[] {
  const reader = new Reader(bytes, "An input share");
  const shares = vdaf.parts.map((part) => {
    const flp = part.prio3.flp;
    const measurementShare = fieldVector(part, reader, flp.measurementLen);
    const proofsShare = fieldVector(part, reader, flp.proofLen * part.prio3.proofs);
    const blind = reader.take(seedSize(part));
    return {
      measurementShare,
      proofsShare,
      blind,
      wireMeasurementShare: Buffer.from(fieldOf(part).encode(measurementShare)),
      wireProofShare: Buffer.from(fieldOf(part).encode(proofsShare)),
    };
  });
  reader.end();
  return shares;
}

/** Public shares of every part as one byte string. */
export function encodePublicShares(vdaf: SharingVdaf, shares: readonly PartPublicShare[]): Uint8Array {
  return Buffer.concat(vdaf.parts.flatMap((_, i) => (shares[i] as PartPublicShare).jointRandParts));
}

/** The inverse of `encodePublicShares`; a fresh copy every time, because `prepareInit` writes into it. */
export function decodePublicShares(vdaf: SharingVdaf, bytes: Uint8Array): PartPublicShare[] {
  const reader = new Reader(bytes, "A public share");
  const shares = vdaf.parts.map((part) => ({
    jointRandParts: [reader.take(seedSize(part)), reader.take(seedSize(part))],
  }));
  reader.end();
  return shares;
}

/** Nonces of every part, 16 bytes each. */
export function decodeNonces(vdaf: SharingVdaf, bytes: Uint8Array): Buffer[] {
  const reader = new Reader(bytes, "A nonce");
  const nonces = vdaf.parts.map(() => reader.take(NONCE_BYTES));
  reader.end();
  return nonces;
}

/** Preparation shares of every part as one byte string. */
export function encodePrepShares(vdaf: SharingVdaf, shares: readonly PartPrepShare[]): Uint8Array {
  return Buffer.concat(
    vdaf.parts.flatMap((part, i) => {
      const share = shares[i] as PartPrepShare;
      return [fieldOf(part).encode(share.verifiersShare), share.jointRandomnessPart];
    }),
  );
}

/** The inverse of `encodePrepShares`. */
export function decodePrepShares(vdaf: SharingVdaf, bytes: Uint8Array): PartPrepShare[] {
  const reader = new Reader(bytes, "A preparation share");
  const shares = vdaf.parts.map((part) => ({
    verifiersShare: fieldVector(part, reader, part.prio3.flp.verifierLen * part.prio3.proofs),
    jointRandomnessPart: reader.take(seedSize(part)),
  }));
  reader.end();
  return shares;
}

/** Preparation messages of every part (the joint randomness seeds) as one byte string. */
export function encodePrepMessages(messages: readonly { jointRand: Buffer }[]): Uint8Array {
  return Buffer.concat(messages.map((message) => message.jointRand));
}

/** The inverse of `encodePrepMessages`. */
export function decodePrepMessages(vdaf: SharingVdaf, bytes: Uint8Array): { jointRand: Buffer }[] {
  const reader = new Reader(bytes, "A preparation message");
  const messages = vdaf.parts.map((part) => ({ jointRand: reader.take(seedSize(part)) }));
  reader.end();
  return messages;
}

/** Field vectors of every part (output or aggregate shares) as one byte string. */
export function encodeVectors(vdaf: SharingVdaf, vectors: readonly bigint[][]): Uint8Array {
  return Buffer.concat(vdaf.parts.map((part, i) => fieldOf(part).encode(vectors[i] as bigint[])));
}

/** The inverse of `encodeVectors`. */
export function decodeVectors(vdaf: SharingVdaf, bytes: Uint8Array): bigint[][] {
  const reader = new Reader(bytes, "An aggregate share");
  const vectors = vdaf.parts.map((part) => fieldVector(part, reader, part.outputLength));
  reader.end();
  return vectors;
}

/** The prime of the field of a part (Field128 for all three). */
export function fieldModulus(vdaf: SharingVdaf): bigint {
  return fieldOf(vdaf.parts[0] as MeasurementPart).modulus;
}

/** Element-wise sum of field vectors, per part. */
export function addVectors(vdaf: SharingVdaf, a: readonly bigint[][], b: readonly bigint[][]): bigint[][] {
  const p = fieldModulus(vdaf);
  return vdaf.parts.map((_, i) =>
    (a[i] as bigint[]).map((value, j) => (value + ((b[i] as bigint[])[j] as bigint)) % p),
  );
}

/** Zero vectors of every part. */
export function zeroVectors(vdaf: SharingVdaf): bigint[][] {
  return vdaf.parts.map((part) => Array.from({ length: part.outputLength }, () => 0n));
}
