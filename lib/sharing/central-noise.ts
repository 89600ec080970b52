import { sampleDiscreteLaplace, type Uniform } from "../report/noise";
import type { RandomBytes } from "./bytes";
import type { MeasurementLayout } from "./team-config";
import { fieldModulus, type SharingVdaf } from "./vdaf";

/**
 * Optional central noise (policy ε > 0): the custodian adds discrete Laplace noise to its
 * aggregate share before it leaves, so the lead's sum is noisy even though neither side saw a
 * record. Each entry gets independent noise at ε with sensitivity 1 unit, the unit being the one
 * the local noise uses (1 visit, 1 tag, 1 day, 1 flag, 1 band count, one rounding step of minutes).
 * The field is modular: negative noise is added as p − |noise|; the lead reads values above p/2
 * as negative and shows them as 0. Randomness is cryptographic, never `Math.random`.
 */

/** Uniform numbers in [0, 1) with 53 random bits each, from cryptographic random bytes. */
export function uniformFromBytes(random: RandomBytes): Uniform {
  return () => {
    const bytes = random(8);
    const view = new DataView(bytes.buffer, bytes.byteOffset, 8);
    return (view.getUint32(0) * 2 ** 21 + (view.getUint32(4) >>> 11)) / 2 ** 53;
  };
}

/** The unit of each counts entry in minutes-or-count terms: rounding step for minutes, 1 otherwise. */
export function countUnits(layout: MeasurementLayout): number[] {
  const step = layout.roundingMinutes;
  return [1, ...layout.toolIds.flatMap(() => [1, step]), ...layout.categoryIds.flatMap(() => [1, step])];
}

/** Integer noise per entry of every part, in the entry's own scale (minutes for minute entries). */
export function centralNoise(
  vdaf: SharingVdaf,
  layout: MeasurementLayout,
  epsilon: number,
  random: RandomBytes,
): number[][] {
  const uniform = uniformFromBytes(random);
  const units = countUnits(layout);
  return vdaf.parts.map((part, i) =>
    Array.from(
      { length: part.outputLength },
      (_, j) => sampleDiscreteLaplace(epsilon, uniform) * (i === 0 ? (units[j] ?? 1) : 1),
    ),
  );
}

/** An aggregate share plus integer noise, in the field. */
export function addNoiseToShare(vdaf: SharingVdaf, share: readonly bigint[][], noise: readonly number[][]): bigint[][] {
  const p = fieldModulus(vdaf);
  return share.map((vector, i) =>
    vector.map((value, j) => {
      const n = BigInt((noise[i] as number[])[j] ?? 0);
      return (((value + n) % p) + p) % p;
    }),
  );
}
