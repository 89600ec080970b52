import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { aggregateFileSchema } from "../../../lib/report/aggregate-format";
import { readTeamReportFile } from "../../../lib/team/import";
import { buildTeamView, isSuppressed } from "../../../lib/team/metrics";
import {
  generateSampleTeam,
  SAMPLE_TEAM_LABEL,
  SAMPLE_TEAM_SIZE,
  SAMPLE_WEEKS,
  sampleImportSources,
} from "../../../lib/team/sample-data";
import { importFiles, TeamDatabase } from "../../../lib/team/team-database";
import { addWeeks, isoWeekOf } from "../../../lib/time/iso-week";
import { NOW, PLAIN } from "./fixtures";

describe("generateSampleTeam", () => {
  const sample = generateSampleTeam(1, NOW);
  const records = sample.files.flatMap((f) => f.file.records);

  it("is the same for the same seed and differs for another", () => {
    expect(generateSampleTeam(1, NOW)).toEqual(sample);
    expect(generateSampleTeam(2, NOW)).not.toEqual(sample);
  });

  it("is a labelled team of 12, one valid file per person", () => {
    expect(sample.team).toBe(SAMPLE_TEAM_LABEL);
    expect(sample.teamSize).toBe(SAMPLE_TEAM_SIZE);
    expect(sample.files).toHaveLength(12);
    for (const { name, file } of sample.files) {
      expect(aggregateFileSchema.parse(file)).toEqual(file);
      const text = JSON.stringify(file);
      expect(readTeamReportFile(name, text, text.length, NOW)).toMatchObject({ ok: true });
      expect(file.team).toBe("Sample team");
    }
  });

  it("covers the 16 complete weeks after the training", () => {
    expect(sample.trainingWeek).toBe(addWeeks(isoWeekOf(NOW), -(SAMPLE_WEEKS + 1)));
    const weeks = [...new Set(records.map((r) => r.weeksSinceTraining))].sort((a, b) => (a ?? 0) - (b ?? 0));
    expect(weeks).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    for (const r of records) expect(r.week).toBe(addWeeks(sample.trainingWeek, r.weeksSinceTraining ?? 0));
  });

  it("has random-looking, distinct 64-hex record ids", () => {
    const ids = records.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(ids.map((id) => id.slice(0, 8))).size).toBe(ids.length);
  });

  it.each([1, 2, 3, 4, 5])("seed %i looks like a team after training: use fades, some stay", (seed) => {
    const view = buildTeamView(
      generateSampleTeam(seed, NOW).files.flatMap((f) => f.file.records),
      { ...PLAIN, teamSize: 12 },
    );
    const rate = (from: number, to: number) => {
      const rows = view.adoptionCurve.filter((c) => c.weeksSinceTraining >= from && c.weeksSinceTraining <= to);
      const active = rows.reduce((sum, c) => sum + (isSuppressed(c.active) ? 0 : c.active.numerator), 0);
      return active / (12 * rows.length);
    };
    expect(rate(1, 4)).toBeGreaterThan(rate(13, 16));
    expect(rate(13, 16)).toBeGreaterThan(0.15);
    const retention = view.summary.retention;
    expect(isSuppressed(retention)).toBe(false);
    if (!isSuppressed(retention)) expect(retention.value).toBeGreaterThan(0.2);
    expect(view.useCases.filter((u) => !isSuppressed(u.minutesSaved)).length).toBeGreaterThanOrEqual(3);
    expect(view.tools.filter((row) => !isSuppressed(row.activeMinutes)).length).toBeGreaterThanOrEqual(2);
  });
});

describe("sampleImportSources", () => {
  let db: TeamDatabase;
  beforeEach(() => {
    db = new TeamDatabase(`test-sample-${crypto.randomUUID()}`);
  });
  afterEach(async () => {
    await db.delete();
  });

  it("imports as twelve new files, and again as twelve duplicates", async () => {
    const sources = sampleImportSources(generateSampleTeam(9, NOW));
    expect((await importFiles(db, sources, NOW)).map((o) => o.verdict)).toEqual(Array(12).fill("imported"));
    expect((await importFiles(db, sources, NOW)).map((o) => o.verdict)).toEqual(Array(12).fill("duplicate"));
  });
});
