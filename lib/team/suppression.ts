/**
 * Small-group suppression for everything the team view shows (product non-negotiable 5).
 *
 * A *cell* is one figure's group: the weekly records it is built from and its additive values
 * (counts, minutes). An *equation* is a linear relation the reader can see between cells, such
 * as "the weeks add up to the period" or "categories add up to the total minutes saved". Cells
 * that are never shown (finer groups such as "week × category" or "weeks 9–12 minus the retention
 * group") take part as unknowns, so that a small group stays protected even when no table shows it.
 *
 * Group sizes count people, not records: a figure over several weeks can hold many records of one
 * person. A person has at most one record per week, so a group holds at least as many people as its
 * busiest week holds records (`peopleLowerBound`), and that is the size compared with k.
 *
 * 1. Primary: a shown cell built from 1 to k−1 people (by that lower bound) is hidden.
 * 2. Complementary: more cells are hidden, smallest first, until
 *    - no hidden cell equals a visible total minus its visible siblings (the sum of the other hidden
 *      siblings is never 0, for every measure, including the inactive count `reporting − active`,
 *      whose zero would pin an active rate at 100 %);
 *    - no disclosed sum of hidden cells sits at the least those cells can hold (`lowerBound`: a
 *      group with records counts at least 1), which would pin each of them;
 *    - every sum of hidden cells that an equation discloses covers at least k people;
 *    - no hidden shown cell and no small hidden group is determined by any combination of equations
 *      (an exact linear audit).
 */

/** Smallest group size ever allowed, in people (product rule: never below 5). */
export const MIN_GROUP_SIZE = 5;

/** The group size in force: k from policy or the lead, never below `MIN_GROUP_SIZE`, in people. */
export function minimumGroupSize(k?: number | null): number {
  return typeof k === "number" && Number.isFinite(k) ? Math.max(MIN_GROUP_SIZE, Math.ceil(k)) : MIN_GROUP_SIZE;
}

/**
 * The one reason shown for every hidden figure, whether it is built from fewer than k people or
 * hidden so that such a figure cannot be worked out: two wordings would say which cell is the small one.
 */
export function hiddenReason(k: number): string {
  return `hidden to protect groups of fewer than ${k} people`;
}

/** Measures that may be 0 in a cell that has records (a count of active people, of inactive people). */
const MAY_BE_ZERO: ReadonlySet<string> = new Set(["active", "inactive"]);

/**
 * The least value a reader knows a cell holds in `measure`: 1 for a group with records in any count,
 * total or sum of minutes (a cell only has a record when it adds a non-zero value, and a population
 * cell counts at least one person), 0 for active and inactive counts and for empty cells.
 */
export function lowerBound(cell: SuppressionCell, measure: string): number {
  return cell.contributors.length > 0 && !MAY_BE_ZERO.has(measure) ? 1 : 0;
}

/** One group of records behind a figure. */
export interface SuppressionCell {
  readonly key: string;
  /** The records the cell is built from, as indices into one record list. */
  readonly contributors: readonly number[];
  /** Additive values by measure, e.g. { reporting: 12, active: 9 } or { minutes: 340 }. */
  readonly values: Readonly<Record<string, number>>;
  /** Shown to the reader; a cell that is not shown is an unknown that may need protecting. */
  readonly displayed: boolean;
}

/** A linear relation the reader can see: Σ sign × cell = 0 for each of `measures`. */
export interface SuppressionEquation {
  readonly terms: readonly { readonly cell: string; readonly sign: 1 | -1 }[];
  readonly measures: readonly string[];
}

/** A shorthand for "total = Σ parts". */
export function sumEquation(total: string, parts: readonly string[], measures: readonly string[]): SuppressionEquation {
  return {
    terms: [{ cell: total, sign: 1 }, ...parts.map((cell) => ({ cell, sign: -1 as const }))],
    measures,
  };
}

/**
 * The fewest distinct people that a set of records can come from. A person has at most one record
 * per week, so the week with the most records gives a bound that holds whoever the records belong to;
 * counting records instead would let one person's ten weeks pass for ten people.
 */
export function peopleLowerBound(contributors: Iterable<number>, weekOf: (record: number) => string): number {
  const perWeek = new Map<string, number>();
  let most = 0;
  for (const record of contributors) {
    const week = weekOf(record);
    const count = (perWeek.get(week) ?? 0) + 1;
    perWeek.set(week, count);
    most = Math.max(most, count);
  }
  return most;
}

/**
 * Decides which shown cells to hide at group size `k` (already at least 5, in people). `weekOf`
 * gives the ISO week of a record, by its index in the cells' record list. Returns each hidden
 * shown cell's key with its reason; every other shown cell may be shown.
 */
export function suppressCells(
  cells: readonly SuppressionCell[],
  equations: readonly SuppressionEquation[],
  k: number,
  weekOf: (record: number) => string,
): Map<string, string> {
  const byKey = new Map(cells.map((cell) => [cell.key, cell]));
  for (const equation of equations) {
    for (const term of equation.terms) {
      if (!byKey.has(term.cell)) throw new Error(`Equation names an unknown cell: ${term.cell}`);
    }
  }
  // Weeks as small numbers, once per record, so that counting people is a pass over an array.
  const weekNumbers = new Map<string, number>();
  const weekIndex = new Map<number, number>();
  for (const cell of cells) {
    for (const record of cell.contributors) {
      if (weekIndex.has(record)) continue;
      const week = weekOf(record);
      let index = weekNumbers.get(week);
      if (index === undefined) {
        index = weekNumbers.size;
        weekNumbers.set(week, index);
      }
      weekIndex.set(record, index);
    }
  }
  const perWeek = new Int32Array(weekNumbers.size);
  const people = (contributors: Iterable<number>) => {
    perWeek.fill(0);
    let most = 0;
    for (const record of contributors) {
      const index = weekIndex.get(record) as number;
      const count = (perWeek[index] as number) + 1;
      perWeek[index] = count;
      if (count > most) most = count;
    }
    return most;
  };
  const peopleByKey = new Map(cells.map((cell) => [cell.key, people(cell.contributors)]));
  const isSmall = (cell: SuppressionCell) => {
    const size = peopleByKey.get(cell.key) ?? 0;
    return size > 0 && size < k;
  };
  const hidden = new Set<string>();
  const reasons = new Map<string, string>();
  for (const cell of cells) {
    if (!cell.displayed) hidden.add(cell.key);
    else if (isSmall(cell)) {
      hidden.add(cell.key);
      reasons.set(cell.key, hiddenReason(k));
    }
  }
  // A hidden cell needs protecting when it is shown elsewhere hidden, or is a small unseen group.
  const needsProtection = (cell: SuppressionCell) => cell.displayed || isSmall(cell);

  for (;;) {
    let pick: SuppressionCell | null = null;
    // A violation with nothing visible in reach cannot be fixed (nor exploited): look further.
    for (const candidates of violations(byKey, cells, equations, hidden, needsProtection, people, peopleByKey, k)) {
      pick = bestCandidate(candidates);
      if (pick) break;
    }
    if (pick === null) break;
    hidden.add(pick.key);
    reasons.set(pick.key, hiddenReason(k));
  }
  return reasons;
}

interface Candidate {
  readonly cell: SuppressionCell;
  /** Siblings (same side as the hidden cells) are preferred to totals. */
  readonly sibling: boolean;
  /** Value in the measure that matters for this violation. */
  readonly value: number;
}

/** For each violation, in a fixed order, the visible cells whose hiding could fix it. */
function* violations(
  byKey: ReadonlyMap<string, SuppressionCell>,
  cells: readonly SuppressionCell[],
  equations: readonly SuppressionEquation[],
  hidden: ReadonlySet<string>,
  needsProtection: (cell: SuppressionCell) => boolean,
  people: (contributors: Iterable<number>) => number,
  peopleByKey: ReadonlyMap<string, number>,
  k: number,
): Generator<Candidate[]> {
  const cell = (key: string) => byKey.get(key) as SuppressionCell;

  // Direct subtraction: an equation whose hidden terms all sit on one side discloses their sum.
  for (const equation of equations) {
    const hiddenTerms = equation.terms.filter((term) => hidden.has(term.cell));
    if (hiddenTerms.length === 0) continue;
    const side = hiddenTerms[0]?.sign;
    if (hiddenTerms.some((term) => term.sign !== side)) continue;
    const protectedTerms = hiddenTerms.filter((term) => needsProtection(cell(term.cell)));
    if (protectedTerms.length === 0) continue;
    const visible = equation.terms.filter((term) => !hidden.has(term.cell));
    const options = (measure: string | null) =>
      visible.map((term) => ({
        cell: cell(term.cell),
        sibling: term.sign === side,
        value: measure === null ? 0 : (cell(term.cell).values[measure] ?? 0),
      }));

    for (const measure of equation.measures) {
      const sum = hiddenTerms.reduce((total, term) => total + (cell(term.cell).values[measure] ?? 0), 0);
      for (const term of protectedTerms) {
        const others = sum - (cell(term.cell).values[measure] ?? 0);
        if (others <= 0) yield options(measure).filter((option) => !option.sibling || option.value > 0);
      }
      // Bounds: with the disclosed sum at the least the hidden cells can hold (every group of
      // records at 1, every active or inactive count at 0), each hidden cell is pinned to its bound.
      const least = hiddenTerms.reduce((total, term) => total + lowerBound(cell(term.cell), measure), 0);
      if (sum <= least) {
        // Only a sibling above its own bound moves the sum off the least; otherwise hide a total.
        yield options(measure).filter((option) => !option.sibling || option.value > lowerBound(option.cell, measure));
      }
    }

    // A union holds at least as many people as its largest part: only small parts need the union.
    const largest = Math.max(...hiddenTerms.map((term) => peopleByKey.get(term.cell) ?? 0));
    const size = largest >= k ? largest : people(new Set(hiddenTerms.flatMap((term) => cell(term.cell).contributors)));
    if (size > 0 && size < k) {
      yield options(equation.measures[0] ?? null).filter((option) => option.cell.contributors.length > 0);
    }
  }

  // Combinations: is any protected unknown fixed by the equations and the visible cells?
  const audit = linearAudit(cells, equations, hidden);
  for (const { key, through } of audit) {
    if (!needsProtection(cell(key))) continue;
    yield through.map(({ key: visibleKey, coefficient }) => ({
      cell: cell(visibleKey),
      // In "x = total − siblings", the siblings carry a negative coefficient.
      sibling: coefficient < 0,
      value: firstValue(cell(visibleKey)),
    }));
  }
}

function firstValue(cell: SuppressionCell): number {
  const values = Object.values(cell.values);
  return values[0] ?? 0;
}

/**
 * Siblings first, then the smallest non-zero value, then the fewest records, then by the records
 * themselves (so that two tables over the same groups pick the same group), then the key.
 */
function bestCandidate(candidates: readonly Candidate[]): SuppressionCell | null {
  const sorted = [...candidates].sort(
    (a, b) =>
      Number(b.sibling) - Number(a.sibling) ||
      Number(b.value > 0) - Number(a.value > 0) ||
      a.value - b.value ||
      a.cell.contributors.length - b.cell.contributors.length ||
      compareLists(a.cell.contributors, b.cell.contributors) ||
      (a.cell.key < b.cell.key ? -1 : a.cell.key > b.cell.key ? 1 : 0),
  );
  return sorted[0]?.cell ?? null;
}

function compareLists(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const difference = (a[i] as number) - (b[i] as number);
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}

const EPSILON = 1e-9;

/**
 * Every hidden cell whose value the equations fix, with the visible cells (and coefficients) it is
 * computed from. Gauss–Jordan elimination over the hidden cells, carrying the visible cells along:
 * a hidden cell is fixed exactly when its pivot row has no other hidden cell left in it.
 */
export function linearAudit(
  cells: readonly SuppressionCell[],
  equations: readonly SuppressionEquation[],
  hidden: ReadonlySet<string>,
): { key: string; through: { key: string; coefficient: number }[] }[] {
  const hiddenKeys = cells.filter((cell) => hidden.has(cell.key)).map((cell) => cell.key);
  const visibleKeys = cells.filter((cell) => !hidden.has(cell.key)).map((cell) => cell.key);
  const column = new Map<string, number>();
  for (const [i, key] of [...hiddenKeys, ...visibleKeys].entries()) column.set(key, i);
  const hiddenCount = hiddenKeys.length;
  // Sparse rows (column → coefficient): the equations touch few cells each, and a dense matrix of
  // every cell would cost far more than the audit needs (issue 12: bounded work).
  const rows: Map<number, number>[] = [];
  for (const equation of equations) {
    const row = new Map<number, number>();
    let touchesHidden = false;
    for (const term of equation.terms) {
      const c = column.get(term.cell) as number;
      const value = (row.get(c) ?? 0) + term.sign;
      if (Math.abs(value) < EPSILON) row.delete(c);
      else row.set(c, value);
      if (c < hiddenCount) touchesHidden = true;
    }
    // An equation of visible cells only says nothing about hidden ones.
    if (touchesHidden) rows.push(row);
  }

  const pivotRowOf = new Map<number, Map<number, number>>();
  const free = new Set(rows);
  for (let col = 0; col < hiddenCount; col++) {
    let best: Map<number, number> | null = null;
    for (const row of free) {
      const value = row.get(col);
      if (value !== undefined && (best === null || Math.abs(value) > Math.abs(best.get(col) as number))) best = row;
    }
    if (best === null) continue;
    const pivot = best.get(col) as number;
    for (const [c, value] of best) best.set(c, value / pivot);
    free.delete(best);
    for (const row of rows) {
      if (row === best) continue;
      const factor = row.get(col);
      if (factor === undefined) continue;
      for (const [c, value] of best) {
        const next = (row.get(c) ?? 0) - factor * value;
        if (Math.abs(next) < EPSILON) row.delete(c);
        else row.set(c, next);
      }
    }
    pivotRowOf.set(col, best);
  }

  const fixed: { key: string; through: { key: string; coefficient: number }[] }[] = [];
  for (const [col, row] of pivotRowOf) {
    let others = false;
    for (const c of row.keys()) if (c !== col && c < hiddenCount) others = true;
    if (others) continue;
    // row: x_col + Σ a_v × visible_v = 0, so x_col = Σ (−a_v) × visible_v.
    const through = [...row]
      .filter(([c]) => c >= hiddenCount)
      .sort((x, y) => x[0] - y[0])
      .map(([c, a]) => ({ key: visibleKeys[c - hiddenCount] as string, coefficient: -a }));
    fixed.push({ key: hiddenKeys[col] as string, through });
  }
  fixed.sort((x, y) => (column.get(x.key) as number) - (column.get(y.key) as number));
  return fixed;
}
