import type { WeeklyRecord } from "../report/aggregate-format";
import { fingerprintOf } from "./fingerprints";
import type { IsoWeek } from "../time/iso-week";

/**
 * Releases (product brief, "Releases"; issue 12). The unit is the **ISO week**: every figure the
 * dashboard shows or exports is computed from released weeks only, and a week's released records
 * change only when the change covers at least k people.
 *
 * The rule, for each week: the records held now (after imports, re-exports and removals) are
 * released when, compared with **every** set of records ever released for that week (the empty set
 * included), they are either the same or differ in at least k people. Two records differ when one
 * of them is missing or their content or revision differs; one record id in one week is one person.
 * Otherwise the week keeps its last release and its changed records are "waiting".
 *
 * Why this is enough: every figure is a sum (or a ratio of sums) over the records of the weeks it
 * covers. Between any two releases, each week either holds the same records or records that differ
 * in at least k people, so a figure either stays exactly the same or its contributing records change
 * by at least k people. Comparing with every earlier release, not only the last one, stops a
 * detour ("remove 6, release, add 7, release") from isolating one person across three releases.
 */

/** What the team database keeps of one week's releases. */
export interface WeekRelease {
  readonly week: IsoWeek;
  /** The records last released for the week: the only ones any figure is computed from. */
  readonly records: readonly WeeklyRecord[];
  /** Every set ever released for the week, as sorted `releaseKey`s; the first one is the empty set. */
  readonly history: readonly (readonly string[])[];
  /**
   * The sorted `releaseKey`s of `records`, kept so that a plan does not work them out again from
   * every released record (issue 16); absent in rows written before it existed.
   */
  readonly shownKeys?: readonly string[];
}

/** The outcome of applying the rule to the records held now. */
export interface ReleasePlan {
  /** Every released record: the input of the team view. */
  readonly released: WeeklyRecord[];
  /** Weeks whose release changes now, to be stored. */
  readonly changed: WeekRelease[];
  /** Weekly records held now that differ from what is released (new, updated or removed). */
  readonly waiting: number;
}

/** One record's identity and content, as the ledger compares them: id, revision and content fingerprint. */
export function releaseKey(record: WeeklyRecord): string {
  return `${record.id}:${record.revision ?? 0}:${fingerprintOf(record)}`;
}

/** People (record ids) in which two sets of release keys differ. */
export function peopleChanged(a: readonly string[], b: readonly string[]): number {
  // Against the empty set (every week's first release) each person of the other set changed.
  if (a.length === 0 || b.length === 0) return new Set([...a, ...b].map((key) => key.slice(0, key.indexOf(":")))).size;
  const byId = (keys: readonly string[]) => new Map(keys.map((key) => [key.slice(0, key.indexOf(":")), key]));
  const left = byId(a);
  const right = byId(b);
  let changed = 0;
  for (const [id, key] of left) if (right.get(id) !== key) changed++;
  for (const id of right.keys()) if (!left.has(id)) changed++;
  return changed;
}

/**
 * Applies the release rule at group size `k` (people) to `current`, the records held now (one per
 * id, already de-duplicated), given the stored `ledger`. Pure: the caller stores `changed`.
 */
export function planReleases(current: readonly WeeklyRecord[], ledger: readonly WeekRelease[], k: number): ReleasePlan {
  const byWeek = new Map<string, WeeklyRecord[]>();
  for (const record of current) {
    const list = byWeek.get(record.week);
    if (list) list.push(record);
    else byWeek.set(record.week, [record]);
  }
  const stored = new Map(ledger.map((entry) => [entry.week, entry]));
  const weeks = [...new Set([...byWeek.keys(), ...stored.keys()])].sort();
  const released: WeeklyRecord[] = [];
  const changed: WeekRelease[] = [];
  let waiting = 0;
  for (const week of weeks) {
    const now = byWeek.get(week) ?? [];
    const nowKeys = now.map(releaseKey).sort();
    const entry = stored.get(week) ?? { week, records: [], history: [[]] };
    const shownKeys = entry.shownKeys ?? entry.records.map(releaseKey).sort();
    const same = (keys: readonly string[]) =>
      keys.length === nowKeys.length && keys.every((key, i) => key === nowKeys[i]);
    if (same(shownKeys)) {
      released.push(...entry.records);
      continue;
    }
    const allowed = entry.history.every((keys) => same(keys) || peopleChanged(keys, nowKeys) >= k);
    if (allowed) {
      const history = entry.history.some(same) ? entry.history : [...entry.history, nowKeys];
      changed.push({ week, records: now, history, shownKeys: nowKeys });
      released.push(...now);
    } else {
      waiting += peopleChanged(shownKeys, nowKeys);
      released.push(...entry.records);
    }
  }
  return { released, changed, waiting };
}
