import { describe, expect, it } from "vitest";
import type { TagRow } from "../../../lib/db/database";
import { AGGREGATE_FORMAT, aggregateFileSchema } from "../../../lib/report/aggregate-format";
import { buildTeamReport, type ReportDay, type TeamReportInput } from "../../../lib/report/builder";
import { TeamReportError } from "../../../lib/report/team-report-error";
import { addWeeks } from "../../../lib/time/iso-week";
import { minutes, NOW, OPTIONS, SECRET } from "./fixtures";

const day = (date: string, toolId: string, activeMs: number, visits: number): ReportDay => ({
  date,
  toolId,
  activeMs,
  visits,
});

const tag = (date: string, toolId: string, category: string, minutesSaved: number, note?: string): TagRow => ({
  visitId: 1,
  toolId,
  visitStart: new Date(`${date}T10:00:00`).getTime(),
  date,
  category,
  minutesSaved,
  note,
  taggedAt: new Date(`${date}T11:00:00`).getTime(),
});

const build = (input: Partial<TeamReportInput> = {}) =>
  buildTeamReport({ days: [], tags: [], options: OPTIONS, now: NOW, secret: SECRET, ...input });

// 2026-W48 runs from Monday 23 to Sunday 29 November 2026; NOW is in 2026-W49.
const WEEK_48_DAYS = [
  day("2026-11-23", "chatgpt", minutes(12) + 29_000, 2),
  day("2026-11-24", "chatgpt", minutes(3), 1),
  day("2026-11-24", "claude", minutes(2) + 29_000, 1),
  day("2026-11-25", "copilot", minutes(60), 4), // not approved
  day("2026-11-26", "gemini", 0, 0),
  day("2026-11-11", "gemini", minutes(41), 1), // 2026-W46
];
const WEEK_48_TAGS = [
  tag("2026-11-23", "chatgpt", "writing", 12, "draft for the Müller account"),
  tag("2026-11-24", "chatgpt", "writing", 10),
  tag("2026-11-24", "claude", "coding", 480),
  tag("2026-11-24", "claude", "astrology", 30), // not in the task list
  tag("2026-11-25", "copilot", "email", 15), // tool not approved
];

describe("buildTeamReport: the file", () => {
  it("holds one record per week of the default period: the last four complete weeks", async () => {
    const file = await build({ days: WEEK_48_DAYS, tags: WEEK_48_TAGS });
    expect(file.format).toBe(AGGREGATE_FORMAT);
    expect(file.generator).toBe("ai-adoption-meter 0.1.0");
    expect(file.team).toBe("Finance");
    expect(file.period).toEqual({ from: "2026-W45", to: "2026-W48" });
    expect(file.rounding).toEqual({ activeMinutes: 5, minutesSaved: 5 });
    expect(file.noiseEpsilon).toBeNull();
    expect(file.records.map((r) => r.week)).toEqual(["2026-W45", "2026-W46", "2026-W47", "2026-W48"]);
    expect(aggregateFileSchema.safeParse(file).success).toBe(true);
  });

  it("sums a week per approved tool and category, rounded, and drops everything else", async () => {
    const file = await build({ days: WEEK_48_DAYS, tags: WEEK_48_TAGS });
    const week48 = file.records.find((r) => r.week === "2026-W48");
    expect(week48).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{64}$/),
      week: "2026-W48",
      weeksSinceTraining: null,
      activeDays: 2,
      tools: [
        { toolId: "chatgpt", visits: 3, activeMinutes: 15 },
        // Under 2.5 minutes rounds to 0, but the visit still counts.
        { toolId: "claude", visits: 1, activeMinutes: 0 },
      ],
      tasks: [
        { category: "coding", tags: 1, minutesSaved: 480 },
        { category: "writing", tags: 2, minutesSaved: 20 },
      ],
      features: { active: true, activeInWeeks1to4: null },
    });
  });

  it("reports weeks without use as inactive records, not as gaps", async () => {
    const file = await build({ days: WEEK_48_DAYS, tags: WEEK_48_TAGS });
    const byWeek = Object.fromEntries(file.records.map((r) => [r.week, r]));
    expect(byWeek["2026-W45"]).toMatchObject({ activeDays: 0, tools: [], tasks: [], features: { active: false } });
    expect(byWeek["2026-W46"]).toMatchObject({
      activeDays: 1,
      tools: [{ toolId: "gemini", visits: 1, activeMinutes: 40 }],
      features: { active: true },
    });
  });

  it("a period without any data gives a valid file of inactive records", async () => {
    const file = await build({ period: { from: "2026-W40", to: "2026-W42" } });
    expect(aggregateFileSchema.parse(file)).toEqual(file);
    expect(file.records).toHaveLength(3);
    for (const record of file.records) {
      expect(record).toMatchObject({ activeDays: 0, tools: [], tasks: [], features: { active: false } });
    }
  });

  it("a team label of blanks is no team label", async () => {
    expect((await build({ options: { ...OPTIONS, teamLabel: "  " } })).team).toBeNull();
    expect((await build({ options: { ...OPTIONS, teamLabel: null } })).team).toBeNull();
  });

  it("rounds to 5 minutes when no rounding is given", async () => {
    const { roundingMinutes: _, ...options } = OPTIONS;
    const file = await build({ options, days: [day("2026-11-23", "chatgpt", minutes(8), 1)] });
    expect(file.rounding).toEqual({ activeMinutes: 5, minutesSaved: 5 });
    expect(file.records[3]?.tools).toEqual([{ toolId: "chatgpt", visits: 1, activeMinutes: 10 }]);
  });

  it("ignores rows it cannot place: malformed dates, negative or non-finite numbers", async () => {
    const file = await build({
      days: [
        day("2026-11-31", "chatgpt", minutes(30), 1),
        day("yesterday", "chatgpt", minutes(30), 1),
        day("2026-11-23", "chatgpt", -minutes(30), -1),
        day("2026-11-24", "chatgpt", Number.NaN, Number.POSITIVE_INFINITY),
      ],
    });
    for (const record of file.records) expect(record).toMatchObject({ tools: [], features: { active: false } });
  });

  it("ignores approved ids that cannot be tool ids, and duplicates", async () => {
    const file = await build({
      options: { ...OPTIONS, approvedToolIds: ["chatgpt", "chatgpt", "https://chatgpt.com/", "ChatGPT"] },
      days: [day("2026-11-23", "chatgpt", minutes(10), 1), day("2026-11-23", "ChatGPT", minutes(10), 1)],
    });
    expect(file.records[3]?.tools).toEqual([{ toolId: "chatgpt", visits: 1, activeMinutes: 10 }]);
  });
});

describe("buildTeamReport: rounding and caps", () => {
  it.each([
    [minutes(2.5), 5, 5],
    [minutes(2.5) - 1, 5, 0],
    [minutes(7.5), 5, 10],
    [minutes(12), 5, 10],
    [minutes(89), 60, 60],
    [minutes(90), 60, 120],
    [minutes(1.5) - 1, 1, 1],
    [minutes(10), 7, 7],
    [minutes(200 * 60), 5, 6720],
    [minutes(200 * 60), 50, 6700],
    [minutes(200 * 60), 7, 6720],
    [minutes(200 * 60), 60, 6720],
  ])("%d ms at a %d-minute step is %d active minutes", async (activeMs, roundingMinutes, expected) => {
    const file = await build({
      options: { ...OPTIONS, roundingMinutes },
      days: [day("2026-11-23", "chatgpt", activeMs, 1)],
    });
    expect(file.records[3]?.tools[0]?.activeMinutes).toBe(expected);
    expect(file.rounding).toEqual({ activeMinutes: roundingMinutes, minutesSaved: roundingMinutes });
  });

  it("caps visits, tags and minutes saved, and counts a tag above 480 minutes as 480", async () => {
    const tags = Array.from({ length: 600 }, () => tag("2026-11-23", "chatgpt", "writing", 9999));
    const file = await build({
      options: { ...OPTIONS, roundingMinutes: 50 },
      days: [day("2026-11-23", "chatgpt", minutes(30), 5000)],
      tags: [...tags, tag("2026-11-24", "chatgpt", "email", 9999)],
    });
    const record = file.records[3];
    expect(record?.tools).toEqual([{ toolId: "chatgpt", visits: 2000, activeMinutes: 50 }]);
    expect(record?.tasks).toEqual([
      { category: "email", tags: 1, minutesSaved: 500 },
      { category: "writing", tags: 500, minutesSaved: 6700 },
    ]);
  });
});

describe("buildTeamReport: training and retention features", () => {
  // Training on Wednesday 7 October 2026, in 2026-W41: 2026-W42 is week 1 after it.
  const trained = { ...OPTIONS, trainingDate: "2026-10-07" };

  it("counts weeks since the training week", async () => {
    const file = await build({ options: trained });
    expect(file.records.map((r) => [r.week, r.weeksSinceTraining])).toEqual([
      ["2026-W45", 4],
      ["2026-W46", 5],
      ["2026-W47", 6],
      ["2026-W48", 7],
    ]);
  });

  it.each([
    ["a visit in week 2, before the period", [day("2026-10-13", "chatgpt", minutes(5), 1)], true],
    ["a visit in week 4, the first week of the period", [day("2026-11-02", "claude", minutes(5), 1)], true],
    ["a visit in the training week itself", [day("2026-10-07", "chatgpt", minutes(5), 1)], false],
    ["a visit in week 5 only", [day("2026-11-09", "chatgpt", minutes(5), 1)], false],
    ["a visit to a tool that is not approved", [day("2026-10-13", "copilot", minutes(5), 1)], false],
    ["time but no visit that started that week", [day("2026-10-12", "chatgpt", minutes(5), 0)], false],
    ["no data at all", [], false],
  ])("active in weeks 1–4 with %s: %s", async (_what, days, expected) => {
    const file = await build({ options: trained, days });
    for (const record of file.records) expect(record.features.activeInWeeks1to4).toBe(expected);
  });

  it("a record looks at weeks 1–4 only up to its own week", async () => {
    // Training in 2026-W46; the only visit is in 2026-W48, week 2 after it.
    const file = await build({
      options: { ...OPTIONS, trainingDate: "2026-11-11" },
      days: [day("2026-11-24", "chatgpt", minutes(5), 1)],
    });
    expect(file.records.map((r) => [r.week, r.weeksSinceTraining, r.features.activeInWeeks1to4])).toEqual([
      ["2026-W45", -1, false],
      ["2026-W46", 0, false],
      ["2026-W47", 1, false],
      ["2026-W48", 2, true],
    ]);
  });
});

describe("buildTeamReport: weeks before tracking began", () => {
  it.each([
    ["2026-11-18", ["2026-W47", "2026-W48"], "a Wednesday: its week is reported"],
    ["2026-11-15", ["2026-W46", "2026-W47", "2026-W48"], "a Sunday: its week is reported"],
    ["2026-11-16", ["2026-W47", "2026-W48"], "a Monday: the week before ended before it"],
    ["2026-01-01", ["2026-W45", "2026-W46", "2026-W47", "2026-W48"], "long before the period"],
    ["2026-12-01", [], "after the period: a valid file without records"],
  ])("tracking since %s reports %j (%s)", async (trackingSince, weeks) => {
    const file = await build({ options: { ...OPTIONS, trackingSince } });
    expect(file.records.map((r) => r.week)).toEqual(weeks);
    expect(file.period).toEqual({ from: "2026-W45", to: "2026-W48" });
    expect(aggregateFileSchema.safeParse(file).success).toBe(true);
  });
});

describe("buildTeamReport: refused periods", () => {
  it.each([
    [{ from: "2026-W49", to: "2026-W49" }, /running week 2026-W49 cannot be exported.*ends by 2026-W48/],
    [{ from: "2026-W46", to: "2026-W49" }, /running week 2026-W49/],
    [{ from: "2026-W48", to: "2026-W50" }, /ends in the future \(2026-W50\); this is 2026-W49/],
    [{ from: "2027-W10", to: "2027-W12" }, /ends in the future/],
    [{ from: "2026-W48", to: "2026-W45" }, /starts \(2026-W48\) after it ends \(2026-W45\)/],
    [{ from: addWeeks("2026-W48", -520), to: "2026-W48" }, /521 weeks; a team report holds at most 520/],
    [{ from: "2021-W53", to: "2026-W48" }, /"2021-W53" is not an ISO week/],
    [{ from: "2026-11-01", to: "2026-W48" }, /"2026-11-01" is not an ISO week/],
  ])("%j is refused", async (period, message) => {
    const error = await build({ period }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TeamReportError);
    expect((error as Error).message).toMatch(message);
  });

  it("the longest period, 520 weeks, is accepted", async () => {
    const file = await build({ period: { from: addWeeks("2026-W48", -519), to: "2026-W48" } });
    expect(file.records).toHaveLength(520);
    expect(new Set(file.records.map((r) => r.id)).size).toBe(520);
  });

  it("the week just over is accepted even a second after it ended", async () => {
    const mondayMidnight = new Date(2026, 10, 30, 0, 0, 1).getTime();
    const file = await build({ period: { from: "2026-W48", to: "2026-W48" }, now: mondayMidnight });
    expect(file.records.map((r) => r.week)).toEqual(["2026-W48"]);
  });
});

describe("buildTeamReport: refused options", () => {
  it.each<[string, Partial<TeamReportInput>, RegExp]>([
    ["rounding of 0", { options: { ...OPTIONS, roundingMinutes: 0 } }, /Rounding must be a whole number/],
    ["rounding of 61", { options: { ...OPTIONS, roundingMinutes: 61 } }, /from 1 to 60, not 61/],
    ["rounding of 2.5", { options: { ...OPTIONS, roundingMinutes: 2.5 } }, /not 2\.5/],
    ["negative ε", { options: { ...OPTIONS, noiseEpsilon: -1 } }, /Noise ε must be from 0/],
    ["ε above 10", { options: { ...OPTIONS, noiseEpsilon: 11 } }, /Noise ε/],
    ["ε NaN", { options: { ...OPTIONS, noiseEpsilon: Number.NaN } }, /Noise ε/],
    ["a short secret", { secret: new Uint8Array(16) }, /device secret must be 32 bytes/],
    ["an impossible training date", { options: { ...OPTIONS, trainingDate: "2026-02-30" } }, /training date/],
    ["a tracking start that is no date", { options: { ...OPTIONS, trackingSince: "soon" } }, /tracking began/],
    ["a version that is no version", { options: { ...OPTIONS, generatorVersion: "v1" } }, /"v1" is not like/],
    ["a long team label", { options: { ...OPTIONS, teamLabel: "x".repeat(81) } }, /longer than 80/],
    [
      "a training date 30 years away",
      { options: { ...OPTIONS, trainingDate: "1996-01-10" } },
      /more than 20 years away/,
    ],
  ])("%s", async (_what, input, message) => {
    const error = await build(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TeamReportError);
    expect((error as Error).message).toMatch(message);
  });
});
