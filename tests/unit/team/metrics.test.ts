import { describe, expect, it } from "vitest";
import type { WeeklyRecord } from "../../../lib/report/aggregate-format";
import {
  buildTeamView,
  type Figure,
  isSuppressed,
  plotValue,
  type Shown,
  type TeamMetricsOptions,
} from "../../../lib/team/metrics";
import { PLAIN, record } from "./fixtures";

/**
 * Two weeks of six people (hand-computed below):
 * - 2026-W46, 9 weeks after training: records 1–5 active (chatgpt 30 min, 3 visits; email 2 tags, 20 min),
 *   record 6 not active;
 * - 2026-W47, 10 weeks after training: records 7–12 all active (claude 60 min, 2 visits); 7–11 also
 *   chatgpt 10 min, 1 visit; writing 1 tag, 10 min; email 1 tag, 5 min.
 * All were active in weeks 1–4.
 */
const TEAM: WeeklyRecord[] = [
  ...[1, 2, 3, 4, 5].map((n) =>
    record(n, {
      week: "2026-W46",
      weeksSinceTraining: 9,
      tools: [{ toolId: "chatgpt", visits: 3, activeMinutes: 30 }],
      tasks: [{ category: "email", tags: 2, minutesSaved: 20 }],
    }),
  ),
  record(6, {
    week: "2026-W46",
    weeksSinceTraining: 9,
    activeDays: 0,
    tools: [],
    features: { active: false, activeInWeeks1to4: true },
  }),
  ...[7, 8, 9, 10, 11].map((n) =>
    record(n, {
      week: "2026-W47",
      weeksSinceTraining: 10,
      tools: [
        { toolId: "claude", visits: 2, activeMinutes: 60 },
        { toolId: "chatgpt", visits: 1, activeMinutes: 10 },
      ],
      tasks: [
        { category: "writing", tags: 1, minutesSaved: 10 },
        { category: "email", tags: 1, minutesSaved: 5 },
      ],
    }),
  ),
  record(12, { week: "2026-W47", weeksSinceTraining: 10, tools: [{ toolId: "claude", visits: 2, activeMinutes: 60 }] }),
];

const OPTIONS: TeamMetricsOptions = {
  teamSize: 10,
  targets: { weeklyActiveRate: 0.5, minutesSavedPerPersonWeek: 20 },
  hourlyCost: 48,
  k: 5,
};

const figure = (
  numerator: number,
  denominator: number | null,
  denominatorLabel: string | null,
  unit: Figure["unit"],
) => ({
  value: denominator === null ? numerator : Math.round((numerator / denominator) * 10_000) / 10_000,
  numerator,
  denominator,
  denominatorLabel,
  unit,
});

describe("buildTeamView with a team size", () => {
  const view = buildTeamView(TEAM, OPTIONS);

  it("has no hidden figure when every group has at least k people", () => {
    // The bands are the exception: one person-week has 0 minutes (see the band test).
    const { activeMinutesBands: _bands, ...rest } = view;
    expect(JSON.stringify(rest)).not.toContain("suppressed");
  });

  it("counts person-weeks in fixed bands of active minutes instead of a median (issue 12)", () => {
    // Per record: 0, 30 ×5, 60, 70 ×5: band 0 holds one person-week and is hidden, with one more band.
    const bands = Object.fromEntries(view.activeMinutesBands.map((b) => [b.band, b.personWeeks]));
    expect(Object.keys(bands)).toEqual(["0", "1-15", "16-60", "61-180", "181+"]);
    expect(isSuppressed(bands["0"] as Shown<Figure>)).toBe(true);
    const shown = Object.values(bands).filter((b) => !isSuppressed(b)) as Figure[];
    const hidden = Object.values(bands).filter((b) => isSuppressed(b));
    // Hidden bands never sum to one person's value: at least two are hidden, and both empty bands stay shown at 0.
    expect(hidden.length).toBeGreaterThanOrEqual(2);
    expect(shown.map((b) => b.numerator).filter((n) => n > 0).length).toBeLessThan(3);
    expect(JSON.stringify(view)).not.toContain("median");
  });

  it("summary", () => {
    expect(view.k).toBe(5);
    expect(view.period).toEqual({ from: "2026-W46", to: "2026-W47" });
    expect(view.latestWeek).toBe("2026-W47");
    expect(view.summary).toEqual({
      reportingPersonWeeks: figure(12, null, null, "person-weeks"),
      activePersonWeeks: figure(11, 12, "reporting person-weeks", "share"),
      weeklyActiveRate: figure(6, 10, "team size", "share"),
      minutesSaved: figure(175, null, null, "minutes"),
      minutesSavedPerPersonWeek: figure(175, 12, "reporting person-weeks", "minutes per person-week"),
      retention: figure(11, 12, "of those who reported", "share"),
      roi: { value: 140, hoursSaved: 2.9167, hourlyCost: 48, atTarget: 192 },
    });
  });

  it("targets", () => {
    expect(view.targets).toEqual({
      weeklyActiveRate: { target: 0.5, met: true },
      minutesSavedPerPersonWeek: { target: 20, met: false },
    });
  });

  it("weeks", () => {
    expect(view.weeks).toEqual([
      {
        week: "2026-W46",
        reporting: figure(6, null, null, "people"),
        active: figure(5, null, null, "people"),
        activeRate: figure(5, 10, "team size", "share"),
        minutesSaved: figure(100, null, null, "minutes"),
        minutesSavedPerPersonWeek: figure(100, 6, "people who reported", "minutes per person-week"),
      },
      {
        week: "2026-W47",
        reporting: figure(6, null, null, "people"),
        active: figure(6, null, null, "people"),
        activeRate: figure(6, 10, "team size", "share"),
        minutesSaved: figure(75, null, null, "minutes"),
        minutesSavedPerPersonWeek: figure(75, 6, "people who reported", "minutes per person-week"),
      },
    ]);
  });

  it("adoption curve", () => {
    expect(view.adoptionCurve).toEqual([
      {
        weeksSinceTraining: 9,
        reporting: figure(6, null, null, "people"),
        active: figure(5, null, null, "people"),
        activeRate: figure(5, 10, "team size", "share"),
      },
      {
        weeksSinceTraining: 10,
        reporting: figure(6, null, null, "people"),
        active: figure(6, null, null, "people"),
        activeRate: figure(6, 10, "team size", "share"),
      },
    ]);
  });

  it("use-case library, ranked by minutes saved and by tags", () => {
    expect(view.useCases).toEqual([
      {
        category: "email",
        minutesSaved: figure(125, null, null, "minutes"),
        minutesSavedShare: figure(125, 175, "minutes saved by the team", "share"),
        tags: figure(15, null, null, "tags"),
        tagsShare: figure(15, 20, "tags by the team", "share"),
        rankByMinutesSaved: 1,
        rankByTags: 1,
      },
      {
        category: "writing",
        minutesSaved: figure(50, null, null, "minutes"),
        minutesSavedShare: figure(50, 175, "minutes saved by the team", "share"),
        tags: figure(5, null, null, "tags"),
        tagsShare: figure(5, 20, "tags by the team", "share"),
        rankByMinutesSaved: 2,
        rankByTags: 2,
      },
    ]);
  });

  it("tool mix", () => {
    expect(view.tools).toEqual([
      {
        toolId: "claude",
        activeMinutes: figure(360, null, null, "minutes"),
        activeMinutesShare: figure(360, 560, "active minutes on all tools", "share"),
        visits: figure(12, null, null, "visits"),
        visitsShare: figure(12, 32, "visits to all tools", "share"),
      },
      {
        toolId: "chatgpt",
        activeMinutes: figure(200, null, null, "minutes"),
        activeMinutesShare: figure(200, 560, "active minutes on all tools", "share"),
        visits: figure(20, null, null, "visits"),
        visitsShare: figure(20, 32, "visits to all tools", "share"),
      },
    ]);
  });
});

describe("buildTeamView without a team size", () => {
  const view = buildTeamView(TEAM, PLAIN);

  it("divides by those who reported, and says so", () => {
    expect(view.summary.weeklyActiveRate).toEqual(figure(6, 6, "of those who reported", "share"));
    expect(view.weeks.map((w) => w.activeRate)).toEqual([
      figure(5, 6, "of those who reported", "share"),
      figure(6, 6, "of those who reported", "share"),
    ]);
  });

  it("leaves ROI and targets out when they are not set", () => {
    expect(view.summary.roi).toBeNull();
    expect(view.targets).toEqual({ weeklyActiveRate: null, minutesSavedPerPersonWeek: null });
  });

  it.each([0, -3, 2.5, Number.NaN])("treats a team size of %s as unknown", (teamSize) => {
    expect(buildTeamView(TEAM, { ...PLAIN, teamSize }).teamSize).toBeNull();
  });
});

describe("buildTeamView", () => {
  it("counts a record id once", () => {
    const twice = buildTeamView([...TEAM, ...TEAM], OPTIONS);
    expect(twice).toEqual(buildTeamView(TEAM, OPTIONS));
  });

  it("retention counts only weeks 9–12 after training and records active in weeks 1–4", () => {
    const week = (n: number, t: number, active: boolean, early: boolean | null) =>
      record(n, {
        week: `2026-W${String(30 + t).padStart(2, "0")}`,
        weeksSinceTraining: t,
        features: { active, activeInWeeks1to4: early },
      });
    const records = [
      ...[1, 2, 3, 4, 5, 6].map((n) => week(n, 9, n <= 4, true)),
      ...[7, 8, 9, 10, 11, 12].map((n) => week(n, 12, n <= 8, true)),
      ...[13, 14, 15, 16, 17].map((n) => week(n, 8, true, true)),
      ...[18, 19, 20, 21, 22].map((n) => week(n, 13, true, true)),
      ...[23, 24, 25, 26, 27].map((n) => week(n, 11, true, false)),
    ];
    expect(buildTeamView(records, PLAIN).summary.retention).toEqual(figure(6, 12, "of those who reported", "share"));
  });

  it("an empty team has no rows and nothing to divide", () => {
    const view = buildTeamView([], OPTIONS);
    expect(view.period).toBeNull();
    expect(view.weeks).toEqual([]);
    expect(view.summary.reportingPersonWeeks).toEqual(figure(0, null, null, "person-weeks"));
    expect(view.summary.minutesSavedPerPersonWeek).toMatchObject({ value: null, denominator: 0 });
  });

  it("every shown ratio is its numerator over its denominator", () => {
    const view = buildTeamView(TEAM, OPTIONS);
    const figures: Shown<Figure>[] = [
      ...Object.values(view.summary).filter((f): f is Shown<Figure> => f !== null && "unit" in f),
      ...view.weeks.flatMap((w) => [w.activeRate, w.minutesSavedPerPersonWeek]),
      ...view.useCases.flatMap((u) => [u.minutesSavedShare, u.tagsShare]),
      ...view.tools.flatMap((t) => [t.activeMinutesShare, t.visitsShare]),
    ];
    for (const f of figures) {
      if (isSuppressed(f) || f.denominator === null) continue;
      expect(f.value).toBeCloseTo(f.numerator / f.denominator, 4);
      expect(f.denominatorLabel).toBeTruthy();
    }
  });

  it("has no per-person rows and no record ids", () => {
    const text = JSON.stringify(buildTeamView(TEAM, OPTIONS));
    for (const r of TEAM) expect(text).not.toContain(r.id);
  });
});

describe("plotValue", () => {
  it("leaves a hidden figure out of a chart instead of drawing it as 0", () => {
    const view = buildTeamView(TEAM.slice(0, 4), PLAIN);
    expect(plotValue(view.summary.minutesSaved)).toBeNull();
    expect(plotValue({ suppressed: true, reason: "fewer than 5 people" }, 100)).toBeNull();
  });

  it("plots a shown figure, scaled, and one with nothing to divide by as 0", () => {
    expect(plotValue(figure(5, 10, "team size", "share"), 100)).toBe(50);
    expect(plotValue(figure(12, null, null, "people"))).toBe(12);
    expect(plotValue({ ...figure(0, null, null, "share"), value: null })).toBe(0);
  });
});
