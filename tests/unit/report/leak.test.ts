import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CATALOG } from "../../../lib/catalog/catalog";
import type { DayRow, TagRow } from "../../../lib/db/database";
import { AGGREGATE_LIMITS, type AggregateFile } from "../../../lib/report/aggregate-format";
import { buildTeamReport, type TeamReportOptions } from "../../../lib/report/builder";
import { toHex } from "../../../lib/report/record-id";
import { DEFAULT_TASK_CATEGORIES } from "../../../lib/tagging/categories";
import { isoWeekOf } from "../../../lib/time/iso-week";
import { localDate } from "../../../lib/time/local-date";
import type { Segment } from "../../../lib/tracking/day-split";
import {
  type EngagementConfig,
  type EngagementEvent,
  initialEngagementState,
  step,
  WINDOW_ID_NONE,
} from "../../../lib/tracking/engagement";
import { mergeIntoVisits } from "../tracking/merge-visits";

const SESSION_GAP_MS = 10 * 60_000;
const config: EngagementConfig = { tools: CATALOG, idleThresholdSec: 120 };

const canaryArb = fc
  .string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789"), minLength: 6, maxLength: 12 })
  .map((token) => `CANARY-${token}`);

/** Something a page title or a search could hold: random text around a canary. */
const titleArb = fc
  .tuple(fc.string({ maxLength: 20 }), canaryArb, fc.string({ maxLength: 20 }))
  .map((parts) => parts.join(" "));

/** The tail of a URL: a path, a query and a fragment, all carrying canaries. */
const tailArb = fc
  .tuple(fc.webPath(), canaryArb, titleArb, fc.webFragments(), canaryArb)
  .map(
    ([path, canary, title, fragment, other]) =>
      `${path}/${canary}?q=${encodeURIComponent(title)}&session=${other}#${fragment}${canary}`,
  );

/** An AI tool's URL (so it is measured) or another site's URL, with canaries everywhere. */
const urlArb = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom(...CATALOG), fc.nat(), tailArb)
      .map(([tool, pick, tail]) => `https://${tool.hosts[pick % tool.hosts.length]}${tool.pathPrefix ?? ""}${tail}`),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom("https", "http"), canaryArb, fc.domain(), tailArb)
      .map(([scheme, canary, domain, tail]) => `${scheme}://${canary.toLowerCase()}.${domain}${tail}`),
  },
);

/** Browser events, each made at a time; titles ride along as the browser would send them. */
const eventArb: fc.Arbitrary<(at: number) => EngagementEvent> = fc.oneof(
  fc
    .record({ tabId: fc.integer({ min: 1, max: 4 }), url: urlArb, title: titleArb })
    .map((e) => (at: number) => ({ type: "tabActivated", at, windowId: 1, ...e }) as EngagementEvent),
  fc
    .record({ tabId: fc.integer({ min: 1, max: 4 }), url: urlArb, title: titleArb, active: fc.boolean() })
    .map((e) => (at: number) => ({ type: "tabUpdated", at, windowId: 1, ...e }) as EngagementEvent),
  fc.constantFrom(1, 1, 1, WINDOW_ID_NONE).map(
    (windowId) =>
      (at: number): EngagementEvent => ({ type: "windowFocusChanged", at, windowId }),
  ),
  fc.constantFrom("active", "active", "active", "idle", "locked" as const).map(
    (state) =>
      (at: number): EngagementEvent => ({ type: "idleChanged", at, state }),
  ),
  fc.constant((at: number): EngagementEvent => ({ type: "tick", at, focusedWindowId: 1 })),
);

/** A few weeks of browsing in autumn 2026, starting at a random moment. */
const browsingArb = fc
  .tuple(
    fc.integer({ min: 0, max: 6 * 7 * 86_400_000 }),
    fc.array(
      fc.tuple(eventArb, fc.oneof(fc.integer({ min: 0, max: 600_000 }), fc.integer({ min: 0, max: 86_400_000 }))),
      {
        minLength: 1,
        maxLength: 60,
        size: "medium",
      },
    ),
  )
  .map(([offset, items]) => {
    const start = new Date(2026, 8, 28, 8, 0).getTime() + offset;
    let clock = start;
    const focus: EngagementEvent = { type: "windowFocusChanged", at: start, windowId: 1 };
    return [
      focus,
      ...items.map(([make, gap]) => {
        clock += gap;
        return make(clock);
      }),
    ];
  });

const tagArb = fc.record({
  pick: fc.nat(),
  category: fc.oneof(
    fc.constantFrom(...DEFAULT_TASK_CATEGORIES.map((c) => c.id)),
    canaryArb.map((c) => c.toLowerCase()),
  ),
  minutesSaved: fc.integer({ min: 0, max: 480 }),
  note: fc.tuple(titleArb, urlArb).map(([title, url]) => `${title} ${url} 2026-11-25T10:00`),
});

const optionsArb = fc.record({
  approvedToolIds: fc.subarray(
    CATALOG.map((t) => t.id),
    { minLength: 1 },
  ),
  teamLabel: fc.constantFrom(null, "Team A"),
  trainingDate: fc.option(fc.constantFrom("2026-09-02", "2026-10-14", "2026-11-05"), { nil: null }),
  roundingMinutes: fc.integer({ min: 1, max: 60 }),
  noiseEpsilon: fc.oneof(fc.constant(0), fc.double({ min: 0.05, max: 10, noNaN: true })),
  useTrackingSince: fc.boolean(),
});

/** What the database would hold after these segments: the same rollup `recordSegments` writes. */
function daysOf(segments: readonly Segment[]): DayRow[] {
  const rows = new Map<string, DayRow>();
  const row = (date: string, toolId: string) => {
    const key = `${date} ${toolId}`;
    const existing = rows.get(key) ?? { date, toolId, activeMs: 0, visits: 0 };
    rows.set(key, existing);
    return existing;
  };
  for (const segment of segments) row(localDate(segment.start), segment.toolId).activeMs += segment.end - segment.start;
  for (const visit of mergeIntoVisits(segments, SESSION_GAP_MS)) row(visit.date, visit.toolId).visits += 1;
  return [...rows.values()];
}

function run(events: readonly EngagementEvent[]) {
  let state = initialEngagementState(events[0]?.at ?? 0);
  const segments: Segment[] = [];
  for (const event of events) {
    const result = step(state, event, config);
    state = result.state;
    segments.push(...result.closed);
  }
  const last = events.at(-1)?.at ?? 0;
  segments.push(...step(state, { type: "checkpoint", at: last }, config).closed);
  return segments;
}

function numbersIn(value: unknown): number[] {
  if (typeof value === "number") return [value];
  if (Array.isArray(value)) return value.flatMap(numbersIn);
  if (value && typeof value === "object") return Object.values(value).flatMap(numbersIn);
  return [];
}

function hostsIn(events: readonly EngagementEvent[]): string[] {
  return events.flatMap((event) => ("url" in event && event.url ? [new URL(event.url).hostname] : []));
}

function expectNothingLeaks(file: AggregateFile, json: string, events: readonly EngagementEvent[], secret: Uint8Array) {
  expect(json).not.toMatch(/canary/i);
  expect(json).not.toContain("http");
  expect(json).not.toContain("://");
  for (const host of hostsIn(events)) expect(json).not.toContain(host);
  expect(json).not.toContain(toHex(secret));
  // No date or time finer than a week.
  expect(json).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  expect(json).not.toMatch(/T\d\d:/);
  for (const n of numbersIn(file)) expect(Math.abs(n)).toBeLessThan(1e11);
  // Coarse and bounded.
  const { activeMinutes: toolStep, minutesSaved: savedStep } = file.rounding;
  for (const record of file.records) {
    expect(record.activeDays).toBeLessThanOrEqual(7);
    for (const tool of record.tools) {
      expect(tool.activeMinutes % toolStep).toBe(0);
      expect(tool.activeMinutes).toBeLessThanOrEqual(AGGREGATE_LIMITS.activeMinutesCap);
      expect(tool.visits).toBeLessThanOrEqual(AGGREGATE_LIMITS.visitsCap);
    }
    for (const task of record.tasks) {
      expect(task.minutesSaved % savedStep).toBe(0);
      expect(task.minutesSaved).toBeLessThanOrEqual(AGGREGATE_LIMITS.minutesSavedCap);
      expect(task.tags).toBeLessThanOrEqual(AGGREGATE_LIMITS.tagsCap);
    }
  }
}

describe("the team report never leaks", () => {
  it("no URL, host, title, note, canary, secret or fine time survives from browsing to the file", async () => {
    await fc.assert(
      fc.asyncProperty(
        browsingArb,
        fc.array(tagArb, { maxLength: 8 }),
        optionsArb,
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        async (events, tagPicks, { useTrackingSince, ...picked }, secret) => {
          const segments = run(events);
          const days = daysOf(segments);
          const visits = mergeIntoVisits(segments, SESSION_GAP_MS);
          const tags: TagRow[] = visits.length
            ? tagPicks.map(({ pick, ...answer }, i) => {
                const visit = visits[pick % visits.length] as (typeof visits)[number];
                return {
                  visitId: i + 1,
                  toolId: visit.toolId,
                  visitStart: visit.start,
                  date: visit.date,
                  taggedAt: visit.end,
                  ...answer,
                };
              })
            : [];
          const first = events[0]?.at ?? 0;
          const last = events.at(-1)?.at ?? 0;
          const options: TeamReportOptions = {
            ...picked,
            taskCategories: DEFAULT_TASK_CATEGORIES,
            trackingSince: useTrackingSince ? localDate(first) : null,
            generatorVersion: "0.1.0",
          };
          const file = await buildTeamReport({
            days,
            tags,
            options,
            period: { from: isoWeekOf(first), to: isoWeekOf(last) },
            now: last + 8 * 86_400_000,
            secret,
          });
          expectNothingLeaks(file, JSON.stringify(file), events, secret);
          const approved = new Set(options.approvedToolIds);
          for (const record of file.records) {
            for (const tool of record.tools) expect(approved.has(tool.toolId)).toBe(true);
          }
        },
      ),
      { numRuns: 1000 },
    );
  }, 60_000);

  it("without noise, the file's visits are exactly the visits that started in each week", async () => {
    await fc.assert(
      fc.asyncProperty(browsingArb, async (events) => {
        const segments = run(events);
        const first = events[0]?.at ?? 0;
        const last = events.at(-1)?.at ?? 0;
        const approvedToolIds = CATALOG.map((t) => t.id);
        const file = await buildTeamReport({
          days: daysOf(segments),
          tags: [],
          options: {
            approvedToolIds,
            taskCategories: DEFAULT_TASK_CATEGORIES,
            teamLabel: null,
            trainingDate: null,
            noiseEpsilon: 0,
            trackingSince: null,
            generatorVersion: "0.1.0",
          },
          period: { from: isoWeekOf(first), to: isoWeekOf(last) },
          now: last + 8 * 86_400_000,
          secret: new Uint8Array(32),
        });
        const expected = new Map<string, number>();
        for (const visit of mergeIntoVisits(segments, SESSION_GAP_MS)) {
          const week = isoWeekOf(visit.start);
          expected.set(week, (expected.get(week) ?? 0) + 1);
        }
        for (const record of file.records) {
          expect(record.tools.reduce((sum, t) => sum + t.visits, 0)).toBe(expected.get(record.week) ?? 0);
          expect(record.features.active).toBe(expected.has(record.week));
        }
      }),
      { numRuns: 200 },
    );
  }, 30_000);
});
