import { z } from "zod";
import { CATALOG } from "../catalog/catalog";
import { DEFAULT_TASK_CATEGORIES } from "../tagging/categories";
import { ISO_WEEK_PATTERN } from "../time/iso-week";
import { localDate, localDateSchema } from "../time/local-date";
import {
  type Figure,
  HIDDEN_ROW_ID,
  HIDDEN_ROW_LABEL,
  isSuppressed,
  type RoiFigure,
  type Shown,
  type SuppressedFigure,
  type TeamView,
} from "./metrics";
import { MIN_GROUP_SIZE } from "./suppression";

/**
 * The team lead's export for leadership (`ai-adoption-meter/team-report@2`): the team view as
 * JSON, with the same suppression as the dashboard, and the same as CSV that is safe to open in
 * a spreadsheet. It holds groups only: no per-person rows, no record ids, no file names.
 */

/** Format id of the team lead's report export. */
export const TEAM_REPORT_FORMAT = "ai-adoption-meter/team-report@2";

const week = z.string().regex(ISO_WEEK_PATTERN);
const label = z.string().min(1).max(200);

const suppressedSchema = z.strictObject({
  suppressed: z.literal(true),
  /** Why the figure is hidden: the same wording for every hidden figure. */
  reason: label,
});

const figureSchema = z.strictObject({
  /** numerator ÷ denominator rounded to 4 decimals, or the numerator itself for totals; null when the denominator is 0. */
  value: z.number().nullable(),
  numerator: z.number(),
  denominator: z.number().nullable(),
  /** What the denominator counts ("team size", "of those who reported", …). */
  denominatorLabel: label.nullable(),
  unit: z.enum(["people", "person-weeks", "share", "minutes", "minutes per person-week", "tags", "visits"]),
});

const shown = <T extends z.ZodType>(schema: T) => z.union([schema, suppressedSchema]);
const shownFigure = shown(figureSchema);

const roiSchema = z.strictObject({
  /** Hours saved × hourly cost, in the currency of `hourlyCost`. */
  value: z.number(),
  hoursSaved: z.number(),
  hourlyCost: z.number().min(0),
  /** The same at the minutes-saved target; null without one. */
  atTarget: z.number().nullable(),
});

const targetSchema = z.strictObject({ target: z.number(), met: z.boolean().nullable() }).nullable();

/** The team report export. Hidden figures appear as `{ "suppressed": true, "reason": … }`. */
export const teamReportSchema = z
  .strictObject({
    format: z.literal(TEAM_REPORT_FORMAT),
    /** Name and version of the program that wrote the file, e.g. "ai-adoption-meter 0.1.0". */
    generator: z.string().regex(/^ai-adoption-meter \d+\.\d+\.\d+$/),
    /** Local date the report was made, YYYY-MM-DD. */
    generatedOn: localDateSchema,
    /** Team label from the lead's policy or dashboard setting (never from an imported file), or null. */
    team: z.string().min(1).max(80).nullable(),
    /** Weekly records imported but not yet released (see the release rule in docs/privacy.md). */
    waitingReports: z.number().int().min(0),
    /** Figures built from fewer people than this are hidden (never below 5); people are counted as the most records in any one week. */
    minimumGroupSize: z.number().int().min(MIN_GROUP_SIZE),
    /** People in the team, or null when unknown (rates are then "of those who reported"). */
    teamSize: z.number().int().positive().nullable(),
    /** First and last ISO week with records; null without records. */
    period: z.strictObject({ from: week, to: week }).nullable(),
    /** Week of the headline weekly active rate. */
    latestWeek: week.nullable(),
    summary: z.strictObject({
      reportingPersonWeeks: shownFigure,
      activePersonWeeks: shownFigure,
      weeklyActiveRate: shownFigure,
      minutesSaved: shownFigure,
      minutesSavedPerPersonWeek: shownFigure,
      retention: shownFigure,
      /** null without an hourly cost. */
      roi: shown(roiSchema).nullable(),
    }),
    targets: z.strictObject({ weeklyActiveRate: targetSchema, minutesSavedPerPersonWeek: targetSchema }),
    weeks: z.array(
      z.strictObject({
        week,
        reporting: shownFigure,
        active: shownFigure,
        activeRate: shownFigure,
        minutesSaved: shownFigure,
        minutesSavedPerPersonWeek: shownFigure,
      }),
    ),
    /** Person-weeks by band of active minutes (0, 1–15, 16–60, 61–180, more than 180). */
    activeMinutesBands: z.array(
      z.strictObject({ band: z.string(), label, personWeeks: shownFigure, share: shownFigure }),
    ),
    adoptionCurve: z.array(
      z.strictObject({
        weeksSinceTraining: z.number().int(),
        reporting: shownFigure,
        active: shownFigure,
        activeRate: shownFigure,
      }),
    ),
    useCases: z.array(
      z.strictObject({
        /** A category id of the task list in force, or "(hidden)" for the one row of every hidden category. */
        category: z.string(),
        label,
        minutesSaved: shownFigure,
        minutesSavedShare: shownFigure,
        tags: shownFigure,
        tagsShare: shownFigure,
        rankByMinutesSaved: z.number().int().positive().nullable(),
        rankByTags: z.number().int().positive().nullable(),
      }),
    ),
    tools: z.array(
      z.strictObject({
        /** A tool id, or "(hidden)" for the one row of every hidden tool. */
        toolId: z.string(),
        name: label,
        activeMinutes: shownFigure,
        activeMinutesShare: shownFigure,
        visits: shownFigure,
        visitsShare: shownFigure,
      }),
    ),
  })
  .meta({
    title: "AI Adoption Meter team report export",
    description: "A team's adoption, retention, time saved and tool mix, for leadership; small groups are hidden.",
  });

/** A parsed team report export. */
export type TeamReport = z.infer<typeof teamReportSchema>;

/** What the export adds to the team view. */
export interface TeamReportExportOptions {
  /** Team label from the lead's policy or setting, or null; never a label from a file. */
  readonly team: string | null;
  /** Weekly records waiting for release. */
  readonly waitingReports?: number;
  /** Version of the extension, e.g. "0.1.0". */
  readonly generatorVersion: string;
  /** Epoch ms; its local date is `generatedOn`. */
  readonly now: number;
  /** Labels of category ids (the task list in force); the default list and the id fill gaps. */
  readonly categoryLabels?: Readonly<Record<string, string>>;
  /** Names of tool ids (custom tools); the catalog and the id fill gaps. */
  readonly toolNames?: Readonly<Record<string, string>>;
}

/** Builds the team report export from the (already suppressed) team view. */
export function buildTeamReportExport(view: TeamView, options: TeamReportExportOptions): TeamReport {
  const categoryLabel = (id: string) =>
    id === HIDDEN_ROW_ID
      ? HIDDEN_ROW_LABEL
      : (options.categoryLabels?.[id] ?? DEFAULT_TASK_CATEGORIES.find((category) => category.id === id)?.label ?? id);
  const toolName = (id: string) =>
    id === HIDDEN_ROW_ID
      ? HIDDEN_ROW_LABEL
      : (options.toolNames?.[id] ?? CATALOG.find((tool) => tool.id === id)?.name ?? id);
  const team = safeLabel(options.team);
  return teamReportSchema.parse({
    format: TEAM_REPORT_FORMAT,
    generator: `ai-adoption-meter ${options.generatorVersion}`,
    generatedOn: localDate(options.now),
    team,
    waitingReports: options.waitingReports ?? 0,
    minimumGroupSize: view.k,
    teamSize: view.teamSize,
    period: view.period,
    latestWeek: view.latestWeek,
    summary: view.summary,
    targets: view.targets,
    weeks: view.weeks,
    adoptionCurve: view.adoptionCurve,
    activeMinutesBands: view.activeMinutesBands,
    useCases: view.useCases.map((row) => ({ ...row, label: categoryLabel(row.category).slice(0, 200) })),
    tools: view.tools.map((row) => ({ ...row, name: toolName(row.toolId).slice(0, 200) })),
  });
}

/**
 * A label fit to print: trimmed, at most 80 characters, without control, format (bidi overrides,
 * zero-width) or lone surrogate characters; null when nothing is left.
 */
export function safeLabel(text: string | null | undefined): string | null {
  if (!text) return null;
  const clean = text
    .replace(/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}]/gu, "")
    .trim()
    .slice(0, 80)
    .trim();
  return clean === "" ? null : clean;
}

/** One CSV cell before encoding: text, a number, a yes/no, or empty. */
export type CsvCell = string | number | boolean | null;

/**
 * First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection): the
 * four formula signs and their full-width forms, and anything a spreadsheet may trim before it
 * looks (whitespace of any kind, including tab, CR and the non-breaking space, and a byte order mark).
 */
const FORMULA_START = /^[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\uFEFF\s]/u;

/**
 * Encodes one cell. Text that a spreadsheet could read as a formula gets a leading single quote
 * (OWASP); then any cell with a comma, quote, CR or LF is quoted, quotes doubled (RFC 4180).
 * Numbers are written as numbers: a finite number cannot be a formula.
 */
export function csvCell(cell: CsvCell): string {
  if (cell === null) return "";
  if (typeof cell === "boolean") return cell ? "yes" : "no";
  if (typeof cell === "number") return Number.isFinite(cell) ? String(cell) : "";
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Encodes rows as CSV (RFC 4180: CRLF line ends, a header row first). */
export function csvText(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((row) => `${row.map(csvCell).join(",")}\r\n`).join("");
}

const CSV_HEADER = [
  "section",
  "key",
  "label",
  "figure",
  "value",
  "numerator",
  "denominator",
  "denominator label",
  "unit",
  "hidden because",
] as const;

/**
 * The team report export as one long CSV table: one row per figure, with the section (report,
 * summary, week, adoption curve, use case, tool), the row's key and label, and the figure's parts.
 * Hidden figures have no value and say why.
 */
export function toCsv(report: TeamReport): string {
  const rows: CsvCell[][] = [[...CSV_HEADER]];
  const fact = (name: string, value: CsvCell) => rows.push(["report", null, null, name, value]);
  const figure = (section: string, key: CsvCell, rowLabel: CsvCell, name: string, value: Shown<Figure>) => {
    if (isSuppressed(value)) rows.push([section, key, rowLabel, name, null, null, null, null, null, value.reason]);
    else {
      rows.push([
        section,
        key,
        rowLabel,
        name,
        value.value,
        value.numerator,
        value.denominator,
        value.denominatorLabel,
        value.unit,
        null,
      ]);
    }
  };

  fact("format", report.format);
  fact("generator", report.generator);
  fact("generated on", report.generatedOn);
  fact("team", report.team);
  fact("reports waiting for release", report.waitingReports);
  fact("period from", report.period?.from ?? null);
  fact("period to", report.period?.to ?? null);
  fact("latest week", report.latestWeek);
  fact("minimum group size", report.minimumGroupSize);
  fact("team size", report.teamSize);
  for (const [name, check] of [
    ["weekly active rate", report.targets.weeklyActiveRate],
    ["minutes saved per person-week", report.targets.minutesSavedPerPersonWeek],
  ] as const) {
    if (!check) continue;
    fact(`target: ${name}`, check.target);
    fact(`target met: ${name}`, check.met);
  }

  const { summary } = report;
  figure("summary", null, null, "reporting person-weeks", summary.reportingPersonWeeks);
  figure("summary", null, null, "active person-weeks", summary.activePersonWeeks);
  figure("summary", null, null, "weekly active rate (latest week)", summary.weeklyActiveRate);
  figure("summary", null, null, "minutes saved", summary.minutesSaved);
  figure("summary", null, null, "minutes saved per person-week", summary.minutesSavedPerPersonWeek);
  figure("summary", null, null, "retention (weeks 9-12)", summary.retention);
  if (summary.roi) {
    const roi: RoiFigure | SuppressedFigure = summary.roi;
    if (isSuppressed(roi))
      rows.push(["summary", null, null, "return on investment", null, null, null, null, null, roi.reason]);
    else {
      rows.push(["summary", null, null, "hours saved", roi.hoursSaved, null, null, null, "hours", null]);
      rows.push(["summary", null, null, "hourly cost", roi.hourlyCost, null, null, null, "money", null]);
      rows.push(["summary", null, null, "return on investment", roi.value, null, null, null, "money", null]);
      rows.push([
        "summary",
        null,
        null,
        "return on investment at target",
        roi.atTarget,
        null,
        null,
        null,
        "money",
        null,
      ]);
    }
  }

  for (const row of report.weeks) {
    figure("week", row.week, null, "reporting", row.reporting);
    figure("week", row.week, null, "active", row.active);
    figure("week", row.week, null, "active rate", row.activeRate);
    figure("week", row.week, null, "minutes saved", row.minutesSaved);
    figure("week", row.week, null, "minutes saved per person-week", row.minutesSavedPerPersonWeek);
  }
  for (const row of report.adoptionCurve) {
    figure("adoption curve", row.weeksSinceTraining, null, "reporting", row.reporting);
    figure("adoption curve", row.weeksSinceTraining, null, "active", row.active);
    figure("adoption curve", row.weeksSinceTraining, null, "active rate", row.activeRate);
  }
  for (const row of report.activeMinutesBands) {
    figure("active minutes band", row.band, row.label, "person-weeks", row.personWeeks);
    figure("active minutes band", row.band, row.label, "share of person-weeks", row.share);
  }
  for (const row of report.useCases) {
    figure("use case", row.category, row.label, "minutes saved", row.minutesSaved);
    figure("use case", row.category, row.label, "share of minutes saved", row.minutesSavedShare);
    figure("use case", row.category, row.label, "tags", row.tags);
    figure("use case", row.category, row.label, "share of tags", row.tagsShare);
    rows.push(["use case", row.category, row.label, "rank by minutes saved", row.rankByMinutesSaved]);
    rows.push(["use case", row.category, row.label, "rank by tags", row.rankByTags]);
  }
  for (const row of report.tools) {
    figure("tool", row.toolId, row.name, "active minutes", row.activeMinutes);
    figure("tool", row.toolId, row.name, "share of active minutes", row.activeMinutesShare);
    figure("tool", row.toolId, row.name, "visits", row.visits);
    figure("tool", row.toolId, row.name, "share of visits", row.visitsShare);
  }
  return csvText(rows);
}
