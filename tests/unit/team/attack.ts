import type { WeeklyRecord } from "../../../lib/report/aggregate-format";
import { type Figure, HIDDEN_ROW_ID, isSuppressed, type Shown, type TeamView } from "../../../lib/team/metrics";

/**
 * An attacker who sees only the team view and tries to work out hidden figures. It knows how the
 * tables add up, and (when `uniformTraining` is set) that every record of week w is in curve row
 * t = w − training week. The truth comes from the records, computed here independently of lib/team.
 */

/** One cell of a table as the attacker sees it, with the truth beside it. */
interface AttackCell {
  readonly key: string;
  /** The value shown, or null when hidden or never shown. */
  readonly shown: number | null;
  readonly truth: number;
  /** People in the group, at least: the most records of any one week (for cells never shown: protected only when 1 to k−1). */
  readonly size: number;
  /** Never shown by the view: a group the attacker can only infer. */
  readonly unseen?: boolean;
}

/** "Σ totals = Σ cells", as the attacker sees it (usually one total). */
interface AttackTable {
  readonly name: string;
  readonly totals: readonly AttackCell[];
  readonly cells: readonly AttackCell[];
}

const numerator = (figure: Shown<Figure> | undefined): number | null =>
  figure === undefined || isSuppressed(figure) ? null : figure.numerator;
const denominator = (figures: readonly Shown<Figure>[]): number | null => {
  for (const figure of figures) if (!isSuppressed(figure) && figure.denominator !== null) return figure.denominator;
  return null;
};
const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const minutesSaved = (r: WeeklyRecord) => sum(r.tasks.map((t) => t.minutesSaved));
/** The fewest people the records can come from: one person has at most one record per week. */
const people = (rs: readonly WeeklyRecord[]) => {
  const perWeek = new Map<string, number>();
  for (const r of rs) perWeek.set(r.week, (perWeek.get(r.week) ?? 0) + 1);
  return Math.max(0, ...perWeek.values());
};

/** Every table of the view, with the truth. */
export function attackTables(view: TeamView, records: readonly WeeklyRecord[]): AttackTable[] {
  const inWeek = (week: string) => records.filter((r) => r.week === week);
  const atT = (t: number | null) => records.filter((r) => r.weeksSinceTraining === t);
  const active = (rs: readonly WeeklyRecord[]) => rs.filter((r) => r.features.active).length;
  const eligible = records.filter(
    (r) =>
      r.weeksSinceTraining !== null &&
      r.weeksSinceTraining >= 9 &&
      r.weeksSinceTraining <= 12 &&
      r.features.activeInWeeks1to4 === true,
  );
  const rest = records.filter(
    (r) =>
      r.weeksSinceTraining !== null &&
      r.weeksSinceTraining >= 9 &&
      r.weeksSinceTraining <= 12 &&
      r.features.activeInWeeks1to4 !== true,
  );
  const noTraining = atT(null);
  // The one "(hidden)" row stands for every category or tool the view does not name.
  const namedCategories = new Set(view.useCases.map((u) => u.category));
  const namedTools = new Set(view.tools.map((t) => t.toolId));
  const isCategory = (c: string, category: string) =>
    c === HIDDEN_ROW_ID ? !namedCategories.has(category) : category === c;
  const isTool = (id: string, toolId: string) => (id === HIDDEN_ROW_ID ? !namedTools.has(toolId) : toolId === id);
  const withCategory = (c: string, field: "minutesSaved" | "tags") =>
    records.filter((r) => r.tasks.some((t) => isCategory(c, t.category) && t[field] > 0));
  const categoryValue = (c: string, field: "minutesSaved" | "tags") =>
    sum(records.flatMap((r) => r.tasks.filter((t) => isCategory(c, t.category)).map((t) => t[field])));
  const withTool = (id: string, field: "activeMinutes" | "visits") =>
    records.filter((r) => r.tools.some((t) => isTool(id, t.toolId) && t[field] > 0));
  const toolValue = (id: string, field: "activeMinutes" | "visits") =>
    sum(records.flatMap((r) => r.tools.filter((t) => isTool(id, t.toolId)).map((t) => t[field])));
  const s = view.summary;
  const tables: AttackTable[] = [];

  for (const measure of ["reporting", "active"] as const) {
    const value = (rs: readonly WeeklyRecord[]) => (measure === "reporting" ? rs.length : active(rs));
    const total: AttackCell = {
      key: `period.${measure}`,
      shown: measure === "reporting" ? numerator(s.reportingPersonWeeks) : numerator(s.activePersonWeeks),
      truth: value(records),
      size: people(records),
    };
    tables.push({
      name: `weeks (${measure})`,
      totals: [total],
      cells: view.weeks.map((w) => ({
        key: `week:${w.week}.${measure}`,
        shown: numerator(w[measure]),
        truth: value(inWeek(w.week)),
        size: people(inWeek(w.week)),
      })),
    });
    tables.push({
      name: `weeks since training (${measure})`,
      totals: [total],
      cells: [
        ...view.adoptionCurve.map((c) => ({
          key: `curve:${c.weeksSinceTraining}.${measure}`,
          shown: numerator(c[measure]),
          truth: value(atT(c.weeksSinceTraining)),
          size: people(atT(c.weeksSinceTraining)),
        })),
        ...(noTraining.length > 0
          ? [
              {
                key: `no training date.${measure}`,
                shown: null,
                truth: value(noTraining),
                size: people(noTraining),
                unseen: true,
              },
            ]
          : []),
      ],
    });
    const retentionRows = view.adoptionCurve.filter((c) => c.weeksSinceTraining >= 9 && c.weeksSinceTraining <= 12);
    if (retentionRows.length > 0) {
      const retention = s.retention;
      tables.push({
        name: `weeks 9-12 (${measure})`,
        totals: retentionRows.map((c) => ({
          key: `curve:${c.weeksSinceTraining}.${measure}`,
          shown: numerator(c[measure]),
          truth: value(atT(c.weeksSinceTraining)),
          size: people(atT(c.weeksSinceTraining)),
        })),
        cells: [
          {
            key: `retention.${measure}`,
            shown: isSuppressed(retention)
              ? null
              : measure === "reporting"
                ? retention.denominator
                : retention.numerator,
            truth: value(eligible),
            size: people(eligible),
          },
          ...(rest.length > 0
            ? [
                {
                  key: `not active in weeks 1-4.${measure}`,
                  shown: null,
                  truth: value(rest),
                  size: people(rest),
                  unseen: true,
                },
              ]
            : []),
        ],
      });
    }
  }

  const savedTotal: AttackCell = {
    key: "minutes saved",
    shown: numerator(s.minutesSaved),
    truth: sum(records.map(minutesSaved)),
    size: people(records.filter((r) => minutesSaved(r) > 0)),
  };
  tables.push({
    name: "minutes saved by week",
    totals: [savedTotal],
    cells: view.weeks.map((w) => ({
      key: `week:${w.week}.minutes`,
      shown: numerator(w.minutesSaved),
      truth: sum(inWeek(w.week).map(minutesSaved)),
      size: people(inWeek(w.week).filter((r) => minutesSaved(r) > 0)),
    })),
  });
  tables.push({
    name: "minutes saved by category",
    totals: [savedTotal],
    cells: view.useCases.map((u) => ({
      key: `category:${u.category}.minutes`,
      shown: numerator(u.minutesSaved),
      truth: categoryValue(u.category, "minutesSaved"),
      size: people(withCategory(u.category, "minutesSaved")),
      // The folded row is a sum of hidden rows: learning it is fine when it covers at least k people.
      unseen: u.category === HIDDEN_ROW_ID,
    })),
  });
  tables.push({
    name: "tags by category",
    totals: [
      {
        key: "tags",
        shown: denominator(view.useCases.map((u) => u.tagsShare)),
        truth: sum(records.flatMap((r) => r.tasks.map((t) => t.tags))),
        size: people(records.filter((r) => r.tasks.some((t) => t.tags > 0))),
      },
    ],
    cells: view.useCases.map((u) => ({
      key: `category:${u.category}.tags`,
      shown: numerator(u.tags),
      truth: categoryValue(u.category, "tags"),
      size: people(withCategory(u.category, "tags")),
      unseen: u.category === HIDDEN_ROW_ID,
    })),
  });
  for (const [field, name, share] of [
    ["activeMinutes", "active minutes", "activeMinutesShare"],
    ["visits", "visits", "visitsShare"],
  ] as const) {
    tables.push({
      name: `${name} by tool`,
      totals: [
        {
          key: name,
          shown: denominator(view.tools.map((t) => t[share])),
          truth: sum(records.flatMap((r) => r.tools.map((t) => t[field]))),
          size: people(records.filter((r) => r.tools.some((t) => t[field] > 0))),
        },
      ],
      cells: view.tools.map((t) => ({
        key: `tool:${t.toolId}.${field}`,
        shown: numerator(field === "visits" ? t.visits : t.activeMinutes),
        truth: toolValue(t.toolId, field),
        size: people(withTool(t.toolId, field)),
        unseen: t.toolId === HIDDEN_ROW_ID,
      })),
    });
  }
  return tables;
}

/** Whether the attacker must not learn this hidden cell: it is about someone, and shown hidden or a small unseen group. */
const mustStayHidden = (cell: AttackCell, k: number) =>
  cell.shown === null && cell.size > 0 && (!cell.unseen || cell.size < k);

/**
 * Subtraction: every shown total minus every shown sibling. Returns each hidden cell whose true
 * value that gives (there must be none).
 */
export function subtractionAttack(view: TeamView, records: readonly WeeklyRecord[]): string[] {
  const found: string[] = [];
  for (const table of attackTables(view, records)) {
    if (table.totals.some((t) => t.shown === null)) continue;
    const rest =
      sum(table.totals.map((t) => t.shown as number)) -
      sum(table.cells.flatMap((c) => (c.shown === null ? [] : [c.shown])));
    for (const cell of table.cells) {
      if (mustStayHidden(cell, view.k) && cell.truth === rest) found.push(`${table.name}: ${cell.key} = ${rest}`);
    }
  }
  return found;
}

/**
 * Every linear combination of the tables (and, with a uniform training week, of the week and
 * curve rows that hold the same records). Returns each protected hidden cell that the shown cells
 * fix exactly (there must be none). A cell x is fixed iff adding the row e_x does not raise the
 * rank of the equations over the hidden cells.
 */
export function linearAttack(
  view: TeamView,
  records: readonly WeeklyRecord[],
  uniformTraining: string | null,
): string[] {
  const tables = attackTables(view, records);
  const unknowns = new Map<string, AttackCell>();
  const equations: Map<string, number>[] = [];
  const term = (equation: Map<string, number>, cell: AttackCell, sign: number) => {
    if (cell.shown !== null) return;
    unknowns.set(cell.key, cell);
    equation.set(cell.key, (equation.get(cell.key) ?? 0) + sign);
  };
  for (const table of tables) {
    const equation = new Map<string, number>();
    for (const total of table.totals) term(equation, total, 1);
    for (const cell of table.cells) term(equation, cell, -1);
    equations.push(equation);
  }
  if (uniformTraining !== null) {
    // The attacker knows the training week: week row w and curve row t = w − training hold the same records.
    const cellsByKey = new Map(tables.flatMap((t) => [...t.totals, ...t.cells]).map((c) => [c.key, c]));
    // Records without a training date are in their week's row but in no curve row.
    for (const measure of ["reporting", "active"] as const) {
      const allNoTraining = cellsByKey.get(`no training date.${measure}`);
      const total = new Map<string, number>();
      if (allNoTraining) term(total, allNoTraining, 1);
      for (const w of view.weeks) {
        const inWeek = records.filter((r) => r.week === w.week);
        const t = inWeek.find((r) => r.weeksSinceTraining !== null)?.weeksSinceTraining;
        const week = cellsByKey.get(`week:${w.week}.${measure}`);
        const curve = cellsByKey.get(`curve:${t}.${measure}`);
        const none = inWeek.filter((r) => r.weeksSinceTraining === null);
        const noneCell: AttackCell = {
          key: `no training date in ${w.week}.${measure}`,
          shown: null,
          truth: measure === "reporting" ? none.length : none.filter((r) => r.features.active).length,
          size: people(none),
          unseen: true,
        };
        const equation = new Map<string, number>();
        if (week) term(equation, week, 1);
        if (curve) term(equation, curve, -1);
        if (none.length > 0) {
          term(equation, noneCell, -1);
          term(total, noneCell, -1);
        }
        equations.push(equation);
      }
      equations.push(total);
    }
  }
  const keys = [...unknowns.keys()];
  const matrix = equations.map((equation) => keys.map((key) => equation.get(key) ?? 0));
  const base = rank(matrix);
  const found: string[] = [];
  for (const [i, key] of keys.entries()) {
    const cell = unknowns.get(key) as AttackCell;
    if (!mustStayHidden(cell, view.k)) continue;
    const unit = keys.map((_, j) => (j === i ? 1 : 0));
    if (rank([...matrix, unit]) === base) found.push(`${key} is fixed by the shown figures`);
  }
  return found;
}

function rank(rows: readonly number[][]): number {
  const m = rows.map((row) => [...row]);
  let r = 0;
  const width = m[0]?.length ?? 0;
  for (let c = 0; c < width; c++) {
    const p = m.findIndex((row, i) => i >= r && Math.abs(row[c] ?? 0) > 1e-9);
    if (p < 0) continue;
    [m[r], m[p]] = [m[p] as number[], m[r] as number[]];
    const pivot = m[r] as number[];
    for (let i = 0; i < m.length; i++) {
      const row = m[i] as number[];
      if (i === r || Math.abs(row[c] ?? 0) < 1e-9) continue;
      const f = (row[c] ?? 0) / (pivot[c] ?? 1);
      for (let j = c; j < width; j++) row[j] = (row[j] ?? 0) - f * (pivot[j] ?? 0);
    }
    r++;
  }
  return r;
}

/**
 * An attacker who also uses bounds (issue 12): 0 ≤ active ≤ reporting, and a hidden group with
 * records holds at least one. From a table's shown total and shown cells it gets the sums of the
 * hidden cells; when hidden active equals hidden reporting every hidden rate is 100 %, when it is 0
 * every hidden rate is 0 %, and when hidden reporting equals the number of hidden cells each holds
 * exactly one person. Returns what it pinned (there must be nothing).
 */
export function boundsAttack(view: TeamView, records: readonly WeeklyRecord[], k = 5): string[] {
  const tables = attackTables(view, records);
  const found: string[] = [];
  for (const reporting of tables.filter((t) => t.name.endsWith("(reporting)"))) {
    const active = tables.find((t) => t.name === reporting.name.replace("(reporting)", "(active)"));
    if (!active || reporting.totals.some((t) => t.shown === null) || active.totals.some((t) => t.shown === null)) {
      continue;
    }
    const hiddenSum = (table: AttackTable) =>
      sum(table.totals.map((t) => t.shown ?? 0)) - sum(table.cells.map((c) => c.shown ?? 0));
    const hidden = reporting.cells.filter((c) => c.shown === null && c.truth > 0);
    const victims = hidden.filter((c) => mustStayHidden(c, k));
    if (victims.length === 0) continue;
    const rep = hiddenSum(reporting);
    const act = hiddenSum(active);
    const name = reporting.name.replace(" (reporting)", "");
    if (act === rep) found.push(`${name}: every hidden rate is 100 %`);
    if (act === 0) found.push(`${name}: every hidden rate is 0 %`);
    if (rep === hidden.length) found.push(`${name}: every hidden cell holds one person`);
  }
  return found;
}
