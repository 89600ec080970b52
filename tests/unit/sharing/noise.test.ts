import { describe, expect, it } from "vitest";
import { discreteLaplaceAlpha } from "../../../lib/report/noise";
import { cryptoRandomBytes } from "../../../lib/sharing/bytes";
import { addNoiseToShare, centralNoise } from "../../../lib/sharing/central-noise";
import { buildRequest, importAnswer } from "../../../lib/sharing/custodian";
import { answerRequest, combineAggregateShare } from "../../../lib/sharing/lead";
import { decodeWeekTotals, encodeWeeklyRecord, signedValues } from "../../../lib/sharing/measurement";
import { sharingVdaf } from "../../../lib/sharing/vdaf";
import { discreteLaplaceVariance } from "../report/laplace-variance";
import { makeTeam, recordsOf, seededBytes, sharesOf, states, VERSION, viaFile } from "./fixtures";
import { collect, ok } from "./flow";

const WEEK = "2026-W47";

/** Mean and fourth central moment of the discrete Laplace at ε, from its probability mass (P(k) ∝ α^|k|). */
function moments(epsilon: number): { variance: number; fourth: number; pZero: number } {
  const alpha = discreteLaplaceAlpha(epsilon);
  const pZero = (1 - alpha) / (1 + alpha);
  let variance = 0;
  let fourth = 0;
  for (let k = 1; k < 2000; k++) {
    const p = 2 * pZero * alpha ** k;
    variance += p * k * k;
    fourth += p * k ** 4;
  }
  return { variance, fourth, pZero };
}

describe("central noise", () => {
  const layout = { toolIds: ["chatgpt", "claude"], categoryIds: ["email"], roundingMinutes: 5 };
  const vdaf = sharingVdaf(layout);

  it.each([0.5, 1, 2])("over many batches the spread of the released figures matches ε = %s", (epsilon) => {
    // Each "batch" is a true sum plus the noise the custodian adds to its share, read back
    // through the field the way the lead reads it (values above p/2 are negative).
    const truth = vdaf.parts.map((part) => Array.from({ length: part.outputLength }, (_, j) => BigInt(3 + j)));
    const draws: number[] = [];
    const zeroMinutes: boolean[] = [];
    for (let batch = 0; batch < 1500; batch++) {
      const noisy = addNoiseToShare(vdaf, truth, centralNoise(vdaf, layout, epsilon, cryptoRandomBytes));
      for (const [i, vector] of noisy.entries()) {
        const signed = signedValues(vdaf, vector);
        for (const [j, value] of signed.entries()) {
          const noise = value - Number((truth[i] as bigint[])[j]);
          const minutes = i === 0 && j > 0 && j % 2 === 0; // counts: active minutes of a tool, minutes saved of a task
          zeroMinutes.push(!minutes || noise % 5 === 0);
          draws.push(minutes ? noise / 5 : noise);
        }
      }
    }
    expect(zeroMinutes.every(Boolean)).toBe(true);
    const n = draws.length;
    const mean = draws.reduce((s, x) => s + x, 0) / n;
    const variance = draws.reduce((s, x) => s + x * x, 0) / n;
    const { variance: expected, fourth, pZero } = moments(epsilon);
    expect(expected).toBeCloseTo(discreteLaplaceVariance(epsilon), 6);
    // Six standard errors: a correct sampler fails this with probability below 10^-8, and the
    // neighbouring ε (×2 or ÷2) is many standard errors away, so a wrong scale cannot pass.
    const se = Math.sqrt((fourth - expected ** 2) / n);
    expect(Math.abs(variance - expected)).toBeLessThan(6 * se);
    for (const other of [epsilon * 2, epsilon / 2]) {
      expect(Math.abs(variance - discreteLaplaceVariance(other))).toBeGreaterThan(6 * se);
    }
    expect(Math.abs(mean)).toBeLessThan(6 * Math.sqrt(expected / n));
    const zeros = draws.filter((x) => x === 0).length / n;
    expect(Math.abs(zeros - pZero)).toBeLessThan(6 * Math.sqrt((pZero * (1 - pZero)) / n));
  });

  it("a released batch with ε holds exactly the plain sums plus the custodian's noise, negatives shown as 0", async () => {
    const team = await makeTeam({ noiseEpsilon: 1 });
    const { custodian, lead } = await states(team);
    const people = [1, 2, 3, 4, 5];
    const held = await collect(team, custodian, await Promise.all(people.map((n) => sharesOf(team, n, [WEEK]))));
    const built = ok(await buildRequest(held, team.config, team.custodian, WEEK, VERSION));
    const answered = ok(await answerRequest(lead, team.config, team.lead, viaFile(built.request), VERSION));
    const released = ok(
      await importAnswer(built.state, team.config, viaFile(answered.answer), VERSION, seededBytes(99)),
    );
    if (released.outcome !== "released") throw new Error("withheld");
    expect(released.aggregateShare.noiseEpsilon).toBe(1);
    const combined = ok(
      await combineAggregateShare(answered.state, team.config, team.lead, viaFile(released.aggregateShare)),
    );

    const tvdaf = sharingVdaf(team.config.layout);
    const records = (await Promise.all(people.map((n) => recordsOf(team.config, n))))
      .flat()
      .filter((r) => r.week === WEEK);
    const plain = tvdaf.parts.map((part) => Array.from({ length: part.outputLength }, () => 0n));
    for (const record of records) {
      const m = encodeWeeklyRecord(record, team.config.layout);
      m.counts.forEach((v, i) => {
        (plain[0] as bigint[])[i] = ((plain[0] as bigint[])[i] as bigint) + BigInt(v);
      });
      m.flags.forEach((v, i) => {
        (plain[1] as bigint[])[i] = ((plain[1] as bigint[])[i] as bigint) + BigInt(v);
      });
      (plain[2] as bigint[])[m.band] = ((plain[2] as bigint[])[m.band] as bigint) + 1n;
    }
    const noise = centralNoise(tvdaf, team.config.layout, 1, seededBytes(99));
    const expected = decodeWeekTotals(tvdaf, team.config.layout, addNoiseToShare(tvdaf, plain, noise), {
      week: WEEK,
      reporting: 5,
      noiseEpsilon: 1,
    });
    expect(combined.totals).toEqual(expected);
    expect(noise.flat().some((x) => x !== 0)).toBe(true);
    expect(combined.totals.reporting).toBe(5);
    for (const tool of combined.totals.tools) expect(tool.activeMinutes).toBeGreaterThanOrEqual(0);
  }, 60_000);
});
