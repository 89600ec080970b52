import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { WeeklyRecord } from "../../../lib/report/aggregate-format";
import { contentFingerprint } from "../../../lib/report/revision";
import { fingerprintOf } from "../../../lib/team/fingerprints";
import { buildTeamView } from "../../../lib/team/metrics";
import { peopleChanged, planReleases, releaseKey, type WeekRelease } from "../../../lib/team/releases";
import { PLAIN, record } from "./fixtures";

/** Applies the rule the way the dashboard does: plan, then store the weeks that changed. */
function release(ledger: Map<string, WeekRelease>, current: readonly WeeklyRecord[], k = 5) {
  const plan = planReleases(current, [...ledger.values()], k);
  for (const entry of plan.changed) ledger.set(entry.week, entry);
  return plan;
}

const WEEKS = ["2026-W44", "2026-W45", "2026-W46", "2026-W47"];
/** People `from` to `to − 1`, each reporting every week, with values of their own. */
const filesOf = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => from + i).flatMap((p) =>
    WEEKS.map((week, w) =>
      record(p * 10 + w + 1, {
        week,
        weeksSinceTraining: 8 + w,
        tools: [{ toolId: p % 2 ? "claude" : "chatgpt", visits: 1 + p, activeMinutes: 10 + 5 * p }],
        tasks: [{ category: "email", tags: 1, minutesSaved: 5 * (p + w) }],
        features: { active: true, activeInWeeks1to4: p !== 3 },
      }),
    ),
  );

describe("releases: Monday vs Tuesday (issue 12)", () => {
  const monday = filesOf(0, 6);
  const late = filesOf(6, 7);

  it("without the release rule, a seventh file moves the figures by exactly that person's values", () => {
    const before = buildTeamView(monday, PLAIN);
    const after = buildTeamView([...monday, ...late], PLAIN);
    expect(JSON.stringify(after)).not.toEqual(JSON.stringify(before));
  });

  it("a seventh file arriving late changes no figure, and says it is waiting; removing it changes nothing", () => {
    const ledger = new Map<string, WeekRelease>();
    const first = release(ledger, monday);
    expect(first.waiting).toBe(0);
    const shownMonday = JSON.stringify(buildTeamView(first.released, PLAIN));

    const tuesday = release(ledger, [...monday, ...late]);
    expect(tuesday.waiting).toBe(late.length);
    expect(tuesday.changed).toEqual([]);
    expect(JSON.stringify(buildTeamView(tuesday.released, PLAIN))).toBe(shownMonday);

    const removed = release(ledger, monday);
    expect(removed.waiting).toBe(0);
    expect(JSON.stringify(buildTeamView(removed.released, PLAIN))).toBe(shownMonday);
  });

  it("removing one file of seven after its release is held back the same way", () => {
    const ledger = new Map<string, WeekRelease>();
    const all = filesOf(0, 7);
    const shown = JSON.stringify(buildTeamView(release(ledger, all).released, PLAIN));
    const after = release(ledger, monday);
    expect(after.waiting).toBe(late.length);
    expect(JSON.stringify(buildTeamView(after.released, PLAIN))).toBe(shown);
  });

  it("five more people's files release together", () => {
    const ledger = new Map<string, WeekRelease>();
    release(ledger, filesOf(0, 6));
    const more = release(ledger, filesOf(0, 11));
    expect(more.waiting).toBe(0);
    expect(more.released).toHaveLength(filesOf(0, 11).length);
  });

  it("a detour through an empty release cannot isolate one person: every earlier release counts", () => {
    const ledger = new Map<string, WeekRelease>();
    release(ledger, monday); // six people
    expect(release(ledger, []).released).toEqual([]); // all six removed together: allowed
    const seven = release(ledger, [...monday, ...late]); // seven vs the first release: one person apart
    expect(seven.released).toEqual([]);
    expect(seven.waiting).toBeGreaterThan(0);
    // Going back to exactly an earlier release is allowed: every figure is the same as it was then.
    expect(release(ledger, monday).released).toHaveLength(monday.length);
  });

  it("one person's re-export with other content waits like a new report", () => {
    const week = Array.from({ length: 6 }, (_, i) => record(i + 1));
    const ledger = new Map<string, WeekRelease>();
    release(ledger, week);
    const updated = week.map((r, i) => (i === 0 ? { ...r, revision: 1, activeDays: 5 } : r));
    const plan = release(ledger, updated);
    expect(plan.waiting).toBe(1);
    expect(plan.released).toEqual(week);
  });

  it("peopleChanged counts ids added, removed or changed", () => {
    const a = [record(1), record(2), record(3)].map(releaseKey);
    const b = [record(2), { ...record(3), revision: 1 }, record(4)].map(releaseKey);
    expect(peopleChanged(a, b)).toBe(3);
    expect(peopleChanged(a, a)).toBe(0);
  });

  it("peopleChanged against the empty set counts each person once", () => {
    const a = [record(1), record(2), record(3)].map(releaseKey);
    expect(peopleChanged([], a)).toBe(3);
    expect(peopleChanged(a, [])).toBe(3);
    expect(peopleChanged([], [])).toBe(0);
    // Two versions of one person's week are one person, as the general count has it.
    const twice = [releaseKey(record(1)), releaseKey({ ...record(1), revision: 1 })];
    expect(peopleChanged([], twice)).toBe(1);
    expect(peopleChanged(twice, [releaseKey(record(9))])).toBe(2);
  });
});

describe("releases, for any sequence of imports and removals", () => {
  it("between any two releases, a week's records are the same or differ in at least k people", () => {
    const weeks = ["2026-W44", "2026-W45", "2026-W46"];
    fc.assert(
      fc.property(
        fc.array(fc.subarray(Array.from({ length: 14 }, (_, i) => i)), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 5, max: 7 }),
        (steps, k) => {
          const ledger = new Map<string, WeekRelease>();
          const releases: Map<string, string[]>[] = [];
          for (const people of steps) {
            // Person p reports in every week; person p's week-2 report has another revision when p is odd.
            const current = people.flatMap((p) =>
              weeks.map((week, w) => record(p * 10 + w + 1, { week, ...(w === 2 && p % 2 ? { revision: 1 } : {}) })),
            );
            const { released } = release(ledger, current, k);
            const byWeek = new Map<string, string[]>();
            for (const r of released) byWeek.set(r.week, [...(byWeek.get(r.week) ?? []), releaseKey(r)]);
            releases.push(byWeek);
          }
          for (const [i, a] of releases.entries()) {
            for (const b of releases.slice(i + 1)) {
              for (const week of weeks) {
                const changed = peopleChanged(a.get(week) ?? [], b.get(week) ?? []);
                expect(changed === 0 || changed >= k).toBe(true);
              }
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  }, 60_000);
});

describe("the ledger's stored keys (issue 16)", () => {
  it("a ledger written before its rows kept their keys plans exactly the same, step by step", () => {
    const weeks = ["2026-W44", "2026-W45"];
    fc.assert(
      fc.property(
        fc.array(fc.subarray(Array.from({ length: 12 }, (_, i) => i)), { minLength: 1, maxLength: 8 }),
        (steps) => {
          let withKeys: WeekRelease[] = [];
          let withoutKeys: WeekRelease[] = [];
          const merge = (ledger: WeekRelease[], changed: WeekRelease[]) => [
            ...ledger.filter((entry) => !changed.some((c) => c.week === entry.week)),
            ...changed,
          ];
          for (const people of steps) {
            const current = people.flatMap((p) => weeks.map((week, w) => record(p * 10 + w + 1, { week })));
            const a = planReleases(current, withKeys, 5);
            const b = planReleases(current, withoutKeys, 5);
            expect(b.released).toEqual(a.released);
            expect(b.waiting).toBe(a.waiting);
            for (const entry of a.changed) expect(entry.shownKeys).toEqual(entry.records.map(releaseKey).sort());
            withKeys = merge(withKeys, a.changed);
            withoutKeys = merge(
              withoutKeys,
              b.changed.map(({ shownKeys: _keys, ...entry }) => entry),
            );
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it("a record's fingerprint is worked out once per record object, and is its content fingerprint", () => {
    const a = record(1, { week: "2026-W44" });
    const same = { ...a };
    expect(fingerprintOf(a)).toBe(contentFingerprint(a));
    expect(fingerprintOf(same)).toBe(fingerprintOf(a));
    const other = { ...a, activeDays: a.activeDays === 7 ? 6 : 7 };
    expect(fingerprintOf(other)).toBe(contentFingerprint(other));
    expect(fingerprintOf(other)).not.toBe(fingerprintOf(a));
  });
});
