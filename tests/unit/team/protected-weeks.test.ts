import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildTeamView } from "../../../lib/team/metrics";
import { combineWithProtected, weekTotalsSchema } from "../../../lib/team/protected-weeks";
import { TeamDatabase } from "../../../lib/team/team-database";
import { createTeamHandlers, serveTeamMessages } from "../../../lib/team/team-worker-handlers";
import { buildTeamViewFromTotals } from "../../../lib/team/view";
import { weekTotalsOf } from "../../../lib/team/week-totals";
import type { TeamReply } from "../../../lib/team/worker-protocol";
import { aggregateFile, NOW, PLAIN, record } from "./fixtures";

/** Six people of 2026-W47 on direct files, one of them with a second tool. */
const direct = [1, 2, 3, 4, 5, 6].map((n) =>
  record(n, n === 1 ? { tools: [{ toolId: "claude", visits: 1, activeMinutes: 20 }] } : {}),
);
/** A protected batch of 2026-W48: seven other people, as the lead's combined sum. */
const batchW48 = weekTotalsOf([11, 12, 13, 14, 15, 16, 17].map((n) => record(n, { week: "2026-W48" })));

describe("protected weeks in the team view", () => {
  it("leave the view exactly as it was without a protected batch", () => {
    const combined = combineWithProtected(direct, []);
    expect(combined.protectedWeeks).toEqual([]);
    expect(combined.directLeftOut).toBe(0);
    expect(buildTeamViewFromTotals(combined.totals, PLAIN)).toEqual(buildTeamView(direct, PLAIN));
  });

  it("add a protected week beside direct weeks, with the figures direct files of the same people give", () => {
    const combined = combineWithProtected(direct, batchW48);
    expect(combined.protectedWeeks).toEqual(["2026-W48"]);
    expect(combined.directLeftOut).toBe(0);
    const same = [...direct, ...[11, 12, 13, 14, 15, 16, 17].map((n) => record(n, { week: "2026-W48" }))];
    expect(buildTeamViewFromTotals(combined.totals, PLAIN)).toEqual(buildTeamView(same, PLAIN));
  });

  it("take a week with a batch from its batches alone: that week's direct records are left out, and counted", () => {
    const late = [21, 22].map((n) => record(n, { week: "2026-W48" }));
    const combined = combineWithProtected([...direct, ...late], batchW48);
    expect(combined.directLeftOut).toBe(2);
    const view = buildTeamViewFromTotals(combined.totals, PLAIN);
    const w48 = view.weeks.find((w) => w.week === "2026-W48");
    // Seven people from the batch; the two direct files of W48 (which the lead holds) are not added,
    // so nobody can subtract them from the sum.
    expect(w48?.reporting).toMatchObject({ value: 7 });
    expect(view.weeks.find((w) => w.week === "2026-W47")?.reporting).toMatchObject({ value: 6 });
  });

  it("sum two batches of the same week, each of at least k, as one week", () => {
    const second = weekTotalsOf([31, 32, 33, 34, 35].map((n) => record(n, { week: "2026-W48" })));
    const combined = combineWithProtected([], [...batchW48, ...second]);
    expect(combined.protectedWeeks).toEqual(["2026-W48"]);
    const view = buildTeamViewFromTotals(combined.totals, PLAIN);
    expect(view.weeks).toHaveLength(1);
    expect(view.weeks[0]?.reporting).toMatchObject({ value: 12 });
  });

  it("count a repeated direct record once, as the direct view does", () => {
    const combined = combineWithProtected([...direct, direct[0] as (typeof direct)[0]], []);
    expect(combined.totals[0]?.reporting).toBe(6);
  });

  it.each([
    ["a negative count", { reporting: -1 }],
    ["a week that is no ISO week", { week: "2026-47" }],
    ["a figure that is no number", { minutesSaved: { value: "many", people: 1 } }],
    ["an unknown field", { names: ["Ana"] }],
  ])("refuse %s at the worker's boundary", (_, change) => {
    expect(weekTotalsSchema.safeParse({ ...batchW48[0], ...change }).success).toBe(false);
  });
});

describe("the dashboard worker with protected totals", () => {
  let db: TeamDatabase;
  beforeEach(() => {
    db = new TeamDatabase(`test-team-${crypto.randomUUID()}`);
  });
  afterEach(async () => {
    await db.delete();
  });

  async function post(serve: ReturnType<typeof serveTeamMessages>, data: unknown): Promise<TeamReply> {
    const { port1, port2 } = new MessageChannel();
    const reply = new Promise<TeamReply>((resolve) => {
      port1.onmessage = (event) => {
        if ((event.data as TeamReply).kind !== "progress") resolve(event.data as TeamReply);
      };
    });
    serve(data, port2);
    const answer = await reply;
    port1.close();
    return answer;
  }

  it("builds the view from released direct weeks and protected weeks, and names the protected ones", async () => {
    const serve = serveTeamMessages(createTeamHandlers(db));
    // One file per person, as people send them.
    const files = direct.map((one, i) => {
      const text = JSON.stringify(aggregateFile([one], { period: { from: "2026-W47", to: "2026-W47" } }));
      const bytes = new TextEncoder().encode(text).buffer as ArrayBuffer;
      return { name: `p${i}.json`, sizeBytes: text.length, problem: null, bytes };
    });
    const rules = { toolIds: ["chatgpt", "claude"], categoryIds: [], readerVersion: null };
    const imported = await post(serve, { name: "importFiles", request: { files, now: NOW, rules } });
    expect(imported).toMatchObject({
      kind: "answer",
      answer: { outcomes: files.map(() => ({ verdict: "imported" })) },
    });
    const reply = await post(serve, { name: "getView", request: { options: PLAIN, protectedTotals: batchW48 } });
    expect(reply).toMatchObject({ kind: "answer", answer: { protectedWeeks: ["2026-W48"], directLeftOut: 0 } });
    const weeks = (reply as { answer: { view: { weeks: { week: string }[] } } }).answer.view.weeks;
    expect(weeks.map((w) => w.week)).toEqual(["2026-W47", "2026-W48"]);
  });

  it("answers malformed protected totals with an error", async () => {
    const serve = serveTeamMessages(createTeamHandlers(db));
    const reply = await post(serve, {
      name: "getView",
      request: { options: PLAIN, protectedTotals: [{ ...batchW48[0], active: -3 }] },
    });
    expect(reply.kind).toBe("error");
  });
});
