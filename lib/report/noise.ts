import type { IsoWeek } from "../time/iso-week";
import { hmacSha256 } from "./record-id";
import { clampCount } from "./rounding";

/**
 * Optional local noise for the team report: discrete Laplace (two-sided geometric) noise,
 * added on the device before the file exists, and only when policy sets ε > 0.
 *
 * Values are counted in units: 1 visit, 1 tag, or one rounding step of minutes. Each value is
 * clamped to its cap first (bounded contribution), gets integer noise with scale Δ/ε units,
 * and is clamped to 0…cap again. The noise is fixed per device and week, so exporting a week
 * again gives the same numbers and cannot be averaged away.
 */

/** A source of uniform numbers in [0, 1). */
export type Uniform = () => number;

/** Gives the uniform stream for one ISO week; the same week must always give the same stream. */
export type NoiseSource = (week: IsoWeek) => Promise<Uniform>;

/** Sensitivity Δ assumed per value, in units (1 visit, 1 tag, 1 rounding step of minutes). */
export const NOISE_SENSITIVITY_UNITS = 1;

/** Largest ε policy may set; above it the noise is too small to matter (mean |noise| < 0.001 units). */
export const MAX_NOISE_EPSILON = 10;

/** Uniform numbers one noisy value consumes (two geometric draws). */
export const UNIFORMS_PER_VALUE = 2;

/** α = exp(−ε/Δ), the ratio of neighbouring probabilities of the discrete Laplace at ε (Δ in units). */
export function discreteLaplaceAlpha(epsilon: number, sensitivity = NOISE_SENSITIVITY_UNITS): number {
  return Math.exp(-epsilon / sensitivity);
}

/**
 * One draw of discrete Laplace noise at ε, in whole units: the difference of two geometric
 * numbers, each the floor of an exponential with rate ε/Δ (P(G ≥ k) = α^k).
 */
export function sampleDiscreteLaplace(
  epsilon: number,
  uniform: Uniform,
  sensitivity = NOISE_SENSITIVITY_UNITS,
): number {
  const rate = epsilon / sensitivity;
  // 1 − u lies in (0, 1], so the logarithm is finite.
  const geometric = () => Math.floor(-Math.log(1 - uniform()) / rate);
  return geometric() - geometric();
}

/** A count in units, clamped to 0…`cap` units, plus discrete Laplace noise at ε, clamped to 0…`cap` again. */
export function noisyCount(value: number, cap: number, epsilon: number, uniform: Uniform): number {
  return clampCount(clampCount(value, cap) + sampleDiscreteLaplace(epsilon, uniform), cap);
}

/**
 * A deterministic cryptographic stream of `count` uniform numbers in [0, 1): HMAC-SHA-256 in
 * counter mode under the key HMAC-SHA-256(secret, label). Each 32-byte block gives four
 * numbers of 53 bits. Asking for more than `count` numbers is a programming error and throws.
 */
export async function cryptoUniformStream(secret: Uint8Array, label: string, count: number): Promise<Uniform> {
  const key = await hmacSha256(secret, label);
  const blockCount = Math.ceil(count / 4);
  const blocks = await Promise.all(
    Array.from({ length: blockCount }, (_, index) => {
      const counter = new Uint8Array(4);
      new DataView(counter.buffer).setUint32(0, index);
      return hmacSha256(key, counter);
    }),
  );
  const numbers: number[] = [];
  for (const block of blocks) {
    const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
    for (let offset = 0; offset < 32; offset += 8) {
      // The top 53 bits of each 64-bit word: every double in [0, 1) with that spacing is equally likely.
      numbers.push((view.getUint32(offset) * 2 ** 21 + (view.getUint32(offset + 4) >>> 11)) / 2 ** 53);
    }
  }
  let next = 0;
  return () => {
    if (next >= count) throw new RangeError(`the noise stream holds ${count} numbers`);
    return numbers[next++] as number;
  };
}

/**
 * The default noise source: for each week, `count` uniform numbers from
 * HMAC-SHA-256(device secret, "noise:" + week) in counter mode. Never `Math.random`.
 */
export function deviceNoiseSource(secret: Uint8Array, count: number): NoiseSource {
  return (week) => cryptoUniformStream(secret, `noise:${week}`, count);
}
