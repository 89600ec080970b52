import type { TeamReportOptions } from "../../../lib/report/builder";
import type { NoiseSource, Uniform } from "../../../lib/report/noise";
import { DEFAULT_TASK_CATEGORIES } from "../../../lib/tagging/categories";

/** A fixed device secret: bytes 1…32. */
export const SECRET = Uint8Array.from({ length: 32 }, (_, i) => i + 1);

/** Another device's secret. */
export const OTHER_SECRET = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);

/** Wednesday 2 December 2026, noon local time: the running week is 2026-W49. */
export const NOW = new Date(2026, 11, 2, 12, 0).getTime();

/** Options as policy would give them, with no training date, no noise and no tracking start. */
export const OPTIONS: TeamReportOptions = {
  approvedToolIds: ["chatgpt", "claude", "gemini"],
  taskCategories: DEFAULT_TASK_CATEGORIES,
  teamLabel: "Finance",
  trainingDate: null,
  roundingMinutes: 5,
  noiseEpsilon: 0,
  trackingSince: null,
  generatorVersion: "0.1.0",
};

/** Minutes as milliseconds. */
export const minutes = (m: number) => m * 60_000;

/**
 * A seeded, deterministic uniform source in [0, 1) with 53 bits (xoshiro128** seeded by
 * splitmix32): reproducible statistics without a cryptographic source.
 */
export function seededUniform(seed: number): Uniform {
  let x = seed >>> 0;
  const splitmix = () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  const s = [splitmix(), splitmix(), splitmix(), splitmix()] as [number, number, number, number];
  const next = () => {
    const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1] << 9) >>> 0;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  };
  return () => (next() * 2 ** 21 + (next() >>> 11)) / 2 ** 53;
}

function rotl(value: number, bits: number): number {
  return ((value << bits) | (value >>> (32 - bits))) >>> 0;
}

/** A deterministic noise source: each week gets its own seeded stream, derived from `seed`. */
export function seededNoise(seed: number): NoiseSource {
  return async (week) => {
    let hash = seed >>> 0;
    for (const char of week) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
    return seededUniform(hash);
  };
}
