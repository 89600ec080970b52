import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { describe, expect, it } from "vitest";
import { buildTeamView } from "../../../lib/team/metrics";
import { generateSampleTeam } from "../../../lib/team/sample-data";
import { hiddenReason } from "../../../lib/team/suppression";
import {
  buildTeamReportExport,
  type CsvCell,
  csvCell,
  csvText,
  safeLabel,
  TEAM_REPORT_FORMAT,
  teamReportSchema,
  toCsv,
} from "../../../lib/team/team-report-format";
import { NOW, PLAIN, record } from "./fixtures";

/** A small RFC 4180 reader, to check what a spreadsheet would see. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  return rows;
}

describe("team label (issue 12)", () => {
  it.each([
    ["a bidi override", "Fin\u202Eance", "Finance"],
    ["a lone surrogate", "Team \uD800", "Team"],
    ["zero-width characters", "\u200BSales\u200D", "Sales"],
    ["only controls", "\u0000\u202E", null],
    ["nothing", null, null],
    ["too long", "x".repeat(100), "x".repeat(80)],
  ] as const)("%s is cleaned", (_name, label, expected) => {
    expect(safeLabel(label)).toBe(expected);
  });

  it("the export's team is the one given by the lead, never one from a file", () => {
    const report = buildTeamReportExport(buildTeamView([], PLAIN), {
      team: "Sales\u202E",
      generatorVersion: "0.1.0",
      now: NOW,
    });
    expect(report.team).toBe("Sales");
  });
});

describe("csvCell", () => {
  it.each<[string, CsvCell, string]>([
    ["a formula", "=1+2", "'=1+2"],
    ["a plus", "+1", "'+1"],
    ["a minus", "-1", "'-1"],
    ["an at sign", "@SUM(A1:A9)", "'@SUM(A1:A9)"],
    ["a leading tab", "\tcalc", "'\tcalc"],
    ["a leading carriage return", "\rcalc", '"\'\rcalc"'],
    ["a command", "=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    [
      "a hyperlink with quotes",
      '=HYPERLINK("http://x.example","click")',
      '"\'=HYPERLINK(""http://x.example"",""click"")"',
    ],
    ["a formula with a comma", "=SUM(1,2)", '"\'=SUM(1,2)"'],
    ["a comma", "Sales, EMEA", '"Sales, EMEA"'],
    ["quotes", 'The "AI" team', '"The ""AI"" team"'],
    ["a line break", "two\nlines", '"two\nlines"'],
    ["CRLF inside", "two\r\nlines", '"two\r\nlines"'],
    ["plain text", "Finance", "Finance"],
    ["an equals sign later on", "a=b", "a=b"],
    // Issue 12: spreadsheets trim these before they look for a formula sign.
    ["a leading space", " =1", "' =1"],
    ["a leading non-breaking space", "\u00A0=1", "'\u00A0=1"],
    ["a leading byte order mark", "\uFEFF=1", "'\uFEFF=1"],
    ["a leading line feed", "\n=1", '"\'\n=1"'],
    ["a full-width equals sign", "\uFF1D1+2", "'\uFF1D1+2"],
    ["a full-width plus", "\uFF0B1", "'\uFF0B1"],
    ["a full-width minus", "\uFF0D1", "'\uFF0D1"],
    ["a full-width at sign", "\uFF20SUM(A1)", "'\uFF20SUM(A1)"],
    ["an ideographic space", "\u3000=1", "'\u3000=1"],
    ["empty text", "", ""],
    ["a negative number", -3, "-3"],
    ["a fraction", 0.25, "0.25"],
    ["not a number", Number.NaN, ""],
    ["infinity", Number.POSITIVE_INFINITY, ""],
    ["nothing", null, ""],
    ["yes", true, "yes"],
    ["no", false, "no"],
  ])("%s", (_name, cell, expected) => {
    expect(csvCell(cell)).toBe(expected);
  });

  it("rows end in CRLF and round-trip through an RFC 4180 reader", () => {
    const rows: CsvCell[][] = [
      ["a", 'b "c"', "d,e"],
      ["x\ny", null, 1.5],
    ];
    const text = csvText(rows);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(parseCsv(text)).toEqual([
      ["a", 'b "c"', "d,e"],
      ["x\ny", "", "1.5"],
    ]);
  });
});

describe("team report export", () => {
  const sample = generateSampleTeam(42, NOW);
  const records = sample.files.flatMap((f) => f.file.records);
  const view = buildTeamView(records, {
    teamSize: 12,
    targets: { weeklyActiveRate: 0.6, minutesSavedPerPersonWeek: 30 },
    hourlyCost: 55,
    k: 5,
  });
  const report = buildTeamReportExport(view, { team: "Sample team", generatorVersion: "0.1.0", now: NOW });

  it("validates against the committed JSON Schema", () => {
    const schema = JSON.parse(
      readFileSync(resolve(import.meta.dirname, "../../../docs/formats/team-report.schema.json"), "utf8"),
    );
    const ajv = new Ajv2020({ strict: false });
    expect(ajv.validate(schema, report), JSON.stringify(ajv.errors)).toBe(true);
    expect(teamReportSchema.parse(report)).toEqual(report);
  });

  it("names its format, generator, date, team and k", () => {
    expect(report).toMatchObject({
      format: TEAM_REPORT_FORMAT,
      generator: "ai-adoption-meter 0.1.0",
      generatedOn: "2026-12-02",
      team: "Sample team",
      minimumGroupSize: 5,
      teamSize: 12,
    });
  });

  it("labels categories and tools", () => {
    expect(report.useCases.find((u) => u.category === "email")?.label).toBe("Email and messages");
    expect(report.tools.find((t) => t.toolId === "chatgpt")?.name).toBe("ChatGPT");
  });

  it("holds no record ids and no per-person rows", () => {
    const json = JSON.stringify(report);
    const csv = toCsv(report);
    for (const r of records) {
      expect(json).not.toContain(r.id);
      expect(csv).not.toContain(r.id);
    }
    expect(json).not.toMatch(/sample-report-\d+/);
  });

  it("writes hidden figures as hidden, with the reason", () => {
    const small = buildTeamView([record(1), record(2), record(3)], PLAIN);
    const hidden = buildTeamReportExport(small, { team: null, generatorVersion: "0.1.0", now: NOW });
    expect(hidden.summary.minutesSaved).toEqual({
      value: 0,
      numerator: 0,
      denominator: null,
      denominatorLabel: null,
      unit: "minutes",
    });
    expect(hidden.summary.reportingPersonWeeks).toEqual({ suppressed: true, reason: hiddenReason(5) });
    const rows = parseCsv(toCsv(hidden));
    expect(rows.find((row) => row[0] === "summary" && row[3] === "reporting person-weeks")).toEqual([
      "summary",
      "",
      "",
      "reporting person-weeks",
      "",
      "",
      "",
      "",
      "",
      hiddenReason(5),
    ]);
  });

  it("CSV: a header, then one row per figure", () => {
    const rows = parseCsv(toCsv(report));
    expect(rows[0]).toEqual([
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
    ]);
    expect(rows.find((row) => row[3] === "format")?.[4]).toBe(TEAM_REPORT_FORMAT);
    const weekRows = rows.filter((row) => row[0] === "week");
    expect(weekRows).toHaveLength(report.weeks.length * 5);
    expect(rows.filter((row) => row[0] === "active minutes band")).toHaveLength(5 * 2);
    expect(rows.find((row) => row[3] === "reports waiting for release")?.[4]).toBe("0");
    expect(rows.every((row) => row.length === 10 || row.length === 5)).toBe(true);
  });

  it("CSV: no text cell can be read as a formula, whatever the team or category labels say", () => {
    const hostile = buildTeamReportExport(view, {
      team: '=HYPERLINK("http://evil.example","x")',
      generatorVersion: "0.1.0",
      now: NOW,
      categoryLabels: Object.fromEntries(
        view.useCases.map((u, i) => [u.category, ["+1", "-2", "@cmd", "\tx", "\ry", "=z"][i % 6] as string]),
      ),
      toolNames: Object.fromEntries(view.tools.map((t) => [t.toolId, `=${t.toolId}`])),
    });
    const rows = parseCsv(toCsv(hostile));
    expect(rows.find((row) => row[3] === "team")?.[4]).toBe('\'=HYPERLINK("http://evil.example","x")');
    for (const row of rows) {
      for (const cell of row) {
        if (/^-?\d+(\.\d+)?$/.test(cell)) continue;
        expect(cell, JSON.stringify(row)).not.toMatch(/^[=+\-@\t\r]/);
      }
    }
  });

  it("CSV: negative weeks since training stay numbers", () => {
    const before = buildTeamView(
      [1, 2, 3, 4, 5].map((n) => record(n, { week: "2026-W40", weeksSinceTraining: -2 })),
      PLAIN,
    );
    const rows = parseCsv(toCsv(buildTeamReportExport(before, { team: null, generatorVersion: "0.1.0", now: NOW })));
    expect(rows.filter((row) => row[0] === "adoption curve").map((row) => row[1])).toEqual(["-2", "-2", "-2"]);
  });
});
