import type { WeeklyRecord } from "../report/aggregate-format";
import { cryptoRandomBytes } from "./bytes";
import { shardMeasurement } from "./employee";
import { encodeWeeklyRecord } from "./measurement";
import { type TeamConfig, teamIdOf } from "./team-config";
import { sharingVdaf } from "./vdaf";

/**
 * Times the employee's costly step, sharding and sealing one week, `runs` times: for the bench in
 * Node and in the employee's page (a Web Worker). The clock is an argument (`performance.now` in
 * both), so this module stays free of the page's globals. Returns milliseconds per run.
 */
export async function timeShardWeek(input: {
  readonly team: TeamConfig;
  readonly record: WeeklyRecord;
  readonly runs: number;
  /** Milliseconds, monotonic. */
  readonly clock: () => number;
}): Promise<number[]> {
  const vdaf = sharingVdaf(input.team.layout);
  const teamId = await teamIdOf(input.team);
  const measurement = encodeWeeklyRecord(input.record, input.team.layout);
  const times: number[] = [];
  for (let run = 0; run < input.runs; run++) {
    const start = input.clock();
    await shardMeasurement({
      vdaf,
      team: input.team,
      teamId,
      week: input.record.week,
      reportId: input.record.id,
      measurement,
      sender: "bench",
      random: cryptoRandomBytes,
    });
    times.push(input.clock() - start);
  }
  return times;
}
