import { Buffer } from "buffer";
import type { WeeklyRecord } from "../../lib/report/aggregate-format";
import { fromBase64Url } from "../../lib/sharing/bytes";
import { buildRequest, createCustodianState, importAnswer, importSharesFile } from "../../lib/sharing/custodian";
import { buildSharesFile, reportContext } from "../../lib/sharing/employee";
import { openWith } from "../../lib/sharing/hpke";
import { exportPublicKey, generateHolderKeyPair } from "../../lib/sharing/key-pair";
import { answerRequest, combineAggregateShare, createLeadState } from "../../lib/sharing/lead";
import { timeShardWeek } from "../../lib/sharing/shard-timing";
import { type TeamConfig, teamIdOf } from "../../lib/sharing/team-config";
import {
  CUSTODIAN_AGGREGATOR,
  decodeInputShares,
  decodeNonces,
  decodePublicShares,
  LEAD_AGGREGATOR,
  sharingVdaf,
} from "../../lib/sharing/vdaf";
import { median, table } from "./stats";

// Protected sharing in Node: the employee's shard per week, each aggregator's preparation per
// report, and 50 people × 12 weeks end to end. Printed, never asserted. The in-page shard time
// comes from the employee's page calling `timeShardWeek` (lib/sharing/shard-timing.ts).

const VERSION = "0.1.0";

/** A team with `tools` tools and `categories` categories, fresh keys. */
async function team(tools: number, categories: number, k = 5) {
  const [lead, custodian] = await Promise.all([generateHolderKeyPair(), generateHolderKeyPair()]);
  const config: TeamConfig = {
    teamLabel: "Bench",
    lead: { name: "Lead", publicKey: await exportPublicKey(lead) },
    custodian: { name: "Custodian", publicKey: await exportPublicKey(custodian) },
    k,
    noiseEpsilon: null,
    layout: {
      toolIds: Array.from({ length: tools }, (_, i) => `tool-${String(i).padStart(3, "0")}`),
      categoryIds: Array.from({ length: categories }, (_, i) => `task-${String(i).padStart(2, "0")}`),
      roundingMinutes: 5,
      // As every team setting the extension makes now: exact people counts (the longer flags vector).
      people: "exact",
    },
  };
  return { config, lead, custodian };
}

/** A busy week of person n: every third tool used, every other category tagged. */
function recordOf(config: TeamConfig, n: number, week: string): WeeklyRecord {
  const id = Buffer.alloc(32);
  id.writeUInt32BE(n, 0);
  id.write(week, 4);
  return {
    id: id.toString("hex"),
    week,
    weeksSinceTraining: 10,
    activeDays: 1 + (n % 7),
    tools: config.layout.toolIds
      .filter((_, i) => (i + n) % 3 === 0)
      .map((toolId, i) => ({ toolId, visits: 1 + i, activeMinutes: 5 * (1 + ((n + i) % 60)) })),
    tasks: config.layout.categoryIds
      .filter((_, i) => (i + n) % 2 === 0)
      .map((category, i) => ({ category, tags: 1 + i, minutesSaved: 5 * (1 + i) })),
    features: { active: true, activeInWeeks1to4: n % 2 === 0 },
  };
}

const weekName = (i: number) => `2026-W${String(37 + i).padStart(2, "0")}`;

/** Preparation (prepareInit) of one report by one side, timed; both sides from one sharded report. */
async function timePreparation(
  config: TeamConfig,
  keys: { lead: CryptoKeyPair; custodian: CryptoKeyPair },
  runs: number,
) {
  const vdaf = sharingVdaf(config.layout);
  const teamId = await teamIdOf(config);
  const file = await buildSharesFile({
    team: config,
    records: [recordOf(config, 1, weekName(0))],
    sender: "x",
    generatorVersion: VERSION,
  });
  const report = file.reports[0];
  if (!report) throw new Error("no report");
  const context = reportContext(report.week, report.reportId, report.nonce, report.publicShare);
  const verifyKey = Buffer.alloc(vdaf.verifyKeyBytes, 7);
  const side = async (aggregator: number) => {
    const times: number[] = [];
    for (let run = 0; run < runs; run++) {
      const start = performance.now();
      const bytes =
        aggregator === LEAD_AGGREGATOR
          ? await openWith(keys.lead, "lead input share", teamId, context, report.leadShare)
          : await openWith(keys.custodian, "custodian input share", teamId, context, report.custodianShare);
      const shares = decodeInputShares(vdaf, bytes as Uint8Array);
      const nonces = decodeNonces(vdaf, fromBase64Url(report.nonce));
      const publicShares = decodePublicShares(vdaf, fromBase64Url(report.publicShare));
      for (const [i, part] of vdaf.parts.entries()) {
        await part.prio3.prepareInit(verifyKey, aggregator, null, nonces[i], publicShares[i], shares[i]);
      }
      times.push(performance.now() - start);
    }
    return times;
  };
  return { custodian: await side(CUSTODIAN_AGGREGATOR), lead: await side(LEAD_AGGREGATOR), vdaf };
}

/** 50 people × 12 weeks: every file, every batch, every hand-off, in one process; ms per stage. */
async function endToEnd(people: number, weeks: number) {
  const { config, lead, custodian } = await team(15, 10);
  const stages = { shard: 0, collect: 0, request: 0, answer: 0, release: 0, combine: 0 };
  const time = async <T>(stage: keyof typeof stages, body: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    const result = await body();
    stages[stage] += performance.now() - start;
    return result;
  };
  let cState = await createCustodianState(config);
  let lState = await createLeadState(config);
  for (let n = 0; n < people; n++) {
    const records = Array.from({ length: weeks }, (_, w) => recordOf(config, n, weekName(w)));
    const file = await time("shard", () =>
      buildSharesFile({ team: config, records, sender: `P${n}`, generatorVersion: VERSION }),
    );
    const imported = await time("collect", () =>
      importSharesFile(cState, config, custodian, JSON.parse(JSON.stringify(file))),
    );
    if (!imported.ok) throw new Error(imported.message);
    cState = imported.state;
  }
  for (let w = 0; w < weeks; w++) {
    const built = await time("request", () => buildRequest(cState, config, custodian, weekName(w), VERSION));
    if (!built.ok) throw new Error(built.message);
    const answered = await time("answer", () =>
      answerRequest(lState, config, lead, JSON.parse(JSON.stringify(built.request)), VERSION),
    );
    if (!answered.ok) throw new Error(answered.message);
    const released = await time("release", () =>
      importAnswer(built.state, config, JSON.parse(JSON.stringify(answered.answer)), VERSION),
    );
    if (!released.ok || released.outcome !== "released") throw new Error("not released");
    const combined = await time("combine", () =>
      combineAggregateShare(answered.state, config, lead, JSON.parse(JSON.stringify(released.aggregateShare))),
    );
    if (!combined.ok) throw new Error(combined.message);
    if (combined.totals.reporting !== people) throw new Error("wrong count");
    cState = released.state;
    lState = combined.state;
  }
  return { ...stages, total: Object.values(stages).reduce((s, v) => s + v, 0) };
}

/** Runs the protected-sharing figures and prints them. */
export async function benchSharing(options: { runs: number; print: (text: string) => void; endToEndRuns?: number }) {
  const { runs, print } = options;
  const fmt = (n: number) => n.toFixed(0);
  const rows: (string | number)[][] = [];
  for (const [label, tools, categories] of [
    ["15 tools, 10 tasks", 15, 10],
    ["100 tools, 60 tasks (largest)", 100, 60],
  ] as const) {
    const t = await team(tools, categories);
    const vdaf = sharingVdaf(t.config.layout);
    const entries = `${vdaf.countsLength}×13 + ${vdaf.flagsLength}×1 + 5 bands`;
    // The first run pays for compiling the code; a person's first week pays it too, so it is shown apart.
    const [cold = 0, ...shard] = await timeShardWeek({
      team: t.config,
      record: recordOf(t.config, 1, weekName(0)),
      runs: runs + 1,
      clock: () => performance.now(),
    });
    const prep = await timePreparation(t.config, t, runs + 1);
    prep.custodian.shift();
    prep.lead.shift();
    rows.push([`shard + seal one week, employee, first run (${label})`, fmt(cold), fmt(cold), "one-off"]);
    rows.push([
      `shard + seal one week, employee (${label}: ${entries})`,
      fmt(median(shard)),
      fmt(Math.max(...shard)),
      "issue: ~110 ms for 80×12 bits",
    ]);
    rows.push([
      `prepare one report, custodian (${label})`,
      fmt(median(prep.custodian)),
      fmt(Math.max(...prep.custodian)),
      "issue: ~75 ms both sides",
    ]);
    rows.push([
      `prepare one report, lead (${label})`,
      fmt(median(prep.lead)),
      fmt(Math.max(...prep.lead)),
      "issue: ~75 ms both sides",
    ]);
  }
  print(`\nProtected sharing in Node (${runs} runs each)\n`);
  print(table(["figure", "median ms", "max ms", "goal"], rows));

  const e2eRuns = options.endToEndRuns ?? 3;
  if (e2eRuns < 1) return;
  const results: Awaited<ReturnType<typeof endToEnd>>[] = [];
  for (let run = 0; run < e2eRuns; run++) results.push(await endToEnd(50, 12));
  const stage = (key: keyof (typeof results)[number]) => results.map((r) => r[key]);
  print(`\nProtected sharing, 50 people × 12 weeks end to end (15 tools, 10 tasks; ${e2eRuns} runs)\n`);
  print(
    table(
      ["stage", "median s", "max s", "goal"],
      (["shard", "collect", "request", "answer", "release", "combine", "total"] as const).map((key) => [
        key === "shard" ? "shard: 50 employees' files of 12 weeks" : key === "total" ? "total" : key,
        (median(stage(key)) / 1000).toFixed(1),
        (Math.max(...stage(key)) / 1000).toFixed(1),
        key === "total" ? "a quarter's batches in minutes, not hours" : key === "shard" ? "≤ 1.5 s per person" : "",
      ]),
    ),
  );
}
