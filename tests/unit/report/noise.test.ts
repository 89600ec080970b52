import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AGGREGATE_LIMITS } from "../../../lib/report/aggregate-format";
import { buildTeamReport, type TeamReportInput } from "../../../lib/report/builder";
import {
  cryptoUniformStream,
  deviceNoiseSource,
  discreteLaplaceAlpha,
  noisyCount,
  sampleDiscreteLaplace,
  type Uniform,
} from "../../../lib/report/noise";
import { minutes, NOW, OPTIONS, SECRET, seededNoise, seededUniform } from "./fixtures";
import { discreteLaplaceVariance } from "./laplace-variance";

afterEach(() => {
  vi.restoreAllMocks();
});

function moments(samples: readonly number[]) {
  const mean = samples.reduce((sum, x) => sum + x, 0) / samples.length;
  const variance = samples.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (samples.length - 1);
  return { mean, variance };
}

const draw = (count: number, epsilon: number, uniform: Uniform) =>
  Array.from({ length: count }, () => sampleDiscreteLaplace(epsilon, uniform));

describe("discrete Laplace sampler", () => {
  it.each([
    [0.1, 199.83],
    [1, 1.8413],
    [2, 0.36203],
  ])("at ε = %d the theoretical variance is %d units²", (epsilon, variance) => {
    expect(discreteLaplaceVariance(epsilon) / variance).toBeCloseTo(1, 3);
  });

  // Seeded sources make these checks deterministic: the tolerances (many standard errors wide)
  // are there so that a change of seed would not break them either.
  it.each([0.25, 0.5, 1, 2, 5])("at ε = %d the empirical mean is 0 and the variance is the theory's", (epsilon) => {
    const n = 200_000;
    const { mean, variance } = moments(draw(n, epsilon, seededUniform(Math.round(epsilon * 1000))));
    const theory = discreteLaplaceVariance(epsilon);
    expect(Math.abs(mean)).toBeLessThan(5 * Math.sqrt(theory / n));
    expect(variance / theory).toBeGreaterThan(0.96);
    expect(variance / theory).toBeLessThan(1.04);
  });

  it("the probabilities of 0 and ±1 are the theory's: (1 − α)/(1 + α) · α^|k|", () => {
    const n = 200_000;
    const epsilon = 1;
    const alpha = discreteLaplaceAlpha(epsilon);
    const samples = draw(n, epsilon, seededUniform(7));
    for (const k of [-2, -1, 0, 1, 2]) {
      const p = ((1 - alpha) / (1 + alpha)) * alpha ** Math.abs(k);
      const observed = samples.filter((x) => x === k).length / n;
      expect(Math.abs(observed - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
    }
  });

  it("with the default cryptographic stream the variance is the theory's too", async () => {
    const n = 20_000;
    const uniform = await cryptoUniformStream(SECRET, "noise:statistics", 2 * n);
    const { mean, variance } = moments(draw(n, 1, uniform));
    const theory = discreteLaplaceVariance(1);
    expect(Math.abs(mean)).toBeLessThan(5 * Math.sqrt(theory / n));
    expect(variance / theory).toBeGreaterThan(0.9);
    expect(variance / theory).toBeLessThan(1.1);
  });

  it.each([
    [5000, 2000, "above the cap: clamped first"],
    [0, 2000, "zero"],
    [1999, 2000, "at the cap"],
  ])("noisyCount(%d) stays within 0…%d (%s)", (value, cap) => {
    const uniform = seededUniform(value + 1);
    for (let i = 0; i < 2000; i++) {
      const noisy = noisyCount(value, cap, 0.5, uniform);
      expect(Number.isInteger(noisy)).toBe(true);
      expect(noisy).toBeGreaterThanOrEqual(0);
      expect(noisy).toBeLessThanOrEqual(cap);
    }
  });
});

describe("cryptographic uniform stream", () => {
  it("is HMAC-SHA-256 in counter mode under HMAC-SHA-256(secret, label), 53 bits per number", async () => {
    const key = createHmac("sha256", SECRET).update("noise:2026-W48").digest();
    const block = (counter: number) => {
      const bytes = Buffer.alloc(4);
      bytes.writeUInt32BE(counter);
      return createHmac("sha256", key).update(bytes).digest();
    };
    const expected = [block(0), block(1)].flatMap((bytes) =>
      [0, 8, 16, 24].map((o) => Number(bytes.readBigUInt64BE(o) >> 11n) / 2 ** 53),
    );
    const uniform = await cryptoUniformStream(SECRET, "noise:2026-W48", 8);
    expect(Array.from({ length: 8 }, uniform)).toEqual(expected);
  });

  it("gives numbers in [0, 1), the same for the same label, others for another label or secret", async () => {
    const take = async (secret: Uint8Array, label: string) => {
      const uniform = await cryptoUniformStream(secret, label, 1000);
      return Array.from({ length: 1000 }, uniform);
    };
    const a = await take(SECRET, "noise:2026-W48");
    for (const x of a) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
    expect(await take(SECRET, "noise:2026-W48")).toEqual(a);
    expect(await take(SECRET, "noise:2026-W47")).not.toEqual(a);
    expect(await take(new Uint8Array(32), "noise:2026-W48")).not.toEqual(a);
  });

  it("refuses to run past its length rather than repeat itself", async () => {
    const uniform = await cryptoUniformStream(SECRET, "noise:x", 3);
    uniform();
    uniform();
    uniform();
    expect(() => uniform()).toThrow(RangeError);
  });

  it("the device noise source keys each week apart", async () => {
    const source = deviceNoiseSource(SECRET, 4);
    const [w47, w48, again] = await Promise.all([source("2026-W47"), source("2026-W48"), source("2026-W48")]);
    const first48 = w48();
    expect(again()).toBe(first48);
    expect(w47()).not.toBe(first48);
  });
});

describe("noise in the team report", () => {
  const DAYS = [
    { date: "2026-11-23", toolId: "chatgpt", activeMs: minutes(600), visits: 300 },
    { date: "2026-11-24", toolId: "claude", activeMs: minutes(3), visits: 1 },
  ];
  const TAGS = Array.from({ length: 100 }, () => ({
    date: "2026-11-23",
    toolId: "chatgpt",
    category: "writing",
    minutesSaved: 6,
  }));
  const noisy = { ...OPTIONS, noiseEpsilon: 1 };
  const build = (input: Partial<TeamReportInput>) =>
    buildTeamReport({
      days: DAYS,
      tags: TAGS,
      options: noisy,
      now: NOW,
      secret: SECRET,
      period: { from: "2026-W48", to: "2026-W48" },
      ...input,
    });

  it("the default source never calls Math.random", async () => {
    const random = vi.spyOn(Math, "random");
    const file = await build({ period: { from: "2026-W40", to: "2026-W48" } });
    expect(file.noiseEpsilon).toBe(1);
    expect(random).not.toHaveBeenCalled();
  });

  it("the same week gets the same noise on every export, and the noise does change values", async () => {
    const first = await build({});
    const second = await build({ period: { from: "2026-W45", to: "2026-W48" } });
    expect(second.records.at(-1)).toEqual(first.records[0]);
    const exact = await build({ options: OPTIONS });
    expect(first.records[0]?.tools).not.toEqual(exact.records[0]?.tools);
  });

  it("noise leaves the booleans and active days exact", async () => {
    const exact = await build({ options: { ...OPTIONS, trainingDate: "2026-11-04" } });
    for (let seed = 0; seed < 50; seed++) {
      const file = await build({ options: { ...noisy, trainingDate: "2026-11-04" }, noise: seededNoise(seed) });
      expect(file.records[0]?.features).toEqual(exact.records[0]?.features);
      expect(file.records[0]?.activeDays).toBe(exact.records[0]?.activeDays);
    }
  });

  it("noisy minutes stay multiples of the rounding and within caps", async () => {
    for (let seed = 0; seed < 200; seed++) {
      const file = await build({
        options: { ...noisy, noiseEpsilon: 0.05, roundingMinutes: 7 },
        noise: seededNoise(seed),
      });
      for (const tool of file.records[0]?.tools ?? []) {
        expect(tool.activeMinutes % 7).toBe(0);
        expect(tool.activeMinutes).toBeLessThanOrEqual(AGGREGATE_LIMITS.activeMinutesCap);
        expect(tool.visits).toBeLessThanOrEqual(AGGREGATE_LIMITS.visitsCap);
      }
      for (const task of file.records[0]?.tasks ?? []) {
        expect(task.minutesSaved % 7).toBe(0);
        expect(task.tags).toBeLessThanOrEqual(AGGREGATE_LIMITS.tagsCap);
      }
    }
  });

  it("team sums over 2,000 noisy files are unbiased for values far from 0; values at 0 are biased up by clamping", async () => {
    const files = 2000;
    const epsilon = 1;
    const builds = Array.from({ length: files }, (_, seed) => build({ noise: seededNoise(seed) }));
    const records = (await Promise.all(builds)).map((file) => file.records[0]);
    const sum = (pick: (r: (typeof records)[number]) => number) => records.reduce((total, r) => total + pick(r), 0);
    const chatgpt = (r: (typeof records)[number]) => r?.tools.find((t) => t.toolId === "chatgpt");
    const writing = (r: (typeof records)[number]) => r?.tasks.find((t) => t.category === "writing");
    // Standard error of a sum of `files` noisy values, in units.
    const se = Math.sqrt(files * discreteLaplaceVariance(epsilon));
    const checks: [string, number, number, number][] = [
      ["visits", sum((r) => chatgpt(r)?.visits ?? 0), 300, 1],
      ["active minutes", sum((r) => chatgpt(r)?.activeMinutes ?? 0), 600, 5],
      ["tags", sum((r) => writing(r)?.tags ?? 0), 100, 1],
      ["minutes saved", sum((r) => writing(r)?.minutesSaved ?? 0), 600, 5],
    ];
    for (const [what, noisySum, trueValue, unit] of checks) {
      expect(Math.abs(noisySum / unit - (files * trueValue) / unit), what).toBeLessThan(4 * se);
    }
    // A tool nobody used reads, on average, α/(1 − α²) visits: the clamping bias privacy.md states.
    const alpha = discreteLaplaceAlpha(epsilon);
    const unusedVisits = sum((r) => r?.tools.find((t) => t.toolId === "gemini")?.visits ?? 0);
    expect(Math.abs(unusedVisits / files - alpha / (1 - alpha ** 2))).toBeLessThan(0.06);
  }, 30_000);
});
