import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { describe, expect, it } from "vitest";
import type { TagRow } from "../../../lib/db/database";
import { buildTeamReport, type ReportDay, type TeamReportOptions } from "../../../lib/report/builder";
import { minutes, NOW, OPTIONS, SECRET, seededNoise } from "./fixtures";

const day = (date: string, toolId: string, activeMinutes: number, visits: number): ReportDay => ({
  date,
  toolId,
  activeMs: minutes(activeMinutes) + 17_345,
  visits,
});

const tag = (date: string, toolId: string, category: string, minutesSaved: number, note?: string): TagRow => ({
  visitId: 1,
  toolId,
  visitStart: new Date(`${date}T09:30:00`).getTime(),
  date,
  category,
  minutesSaved,
  note,
  taggedAt: new Date(`${date}T09:58:00`).getTime(),
});

// Tracking began in 2026-W40; training was on Wednesday 7 October 2026 (2026-W41).
const DAYS: ReportDay[] = [
  day("2026-10-01", "chatgpt", 4, 1),
  day("2026-10-07", "chatgpt", 31, 2),
  day("2026-10-13", "chatgpt", 22, 1),
  day("2026-10-14", "claude", 48, 3),
  day("2026-10-21", "chatgpt", 9, 1),
  day("2026-11-03", "gemini", 2, 1),
  day("2026-11-23", "chatgpt", 63, 4),
  day("2026-11-24", "chatgpt", 17, 0),
  day("2026-11-26", "claude", 12, 2),
  day("2026-11-28", "copilot", 120, 5), // not approved
];

const TAGS: TagRow[] = [
  tag("2026-10-13", "chatgpt", "writing", 20, "Board letter for ACME, second draft"),
  tag("2026-10-14", "claude", "data-analysis", 45),
  tag("2026-11-23", "chatgpt", "email", 10),
  tag("2026-11-23", "chatgpt", "email", 8),
  tag("2026-11-26", "claude", "horoscopes", 30), // not in the task list
];

const OPTIONS_GOLDEN: TeamReportOptions = {
  ...OPTIONS,
  trainingDate: "2026-10-07",
  trackingSince: "2026-10-01",
};

const build = (options: TeamReportOptions) =>
  buildTeamReport({
    days: DAYS,
    tags: TAGS,
    options,
    period: { from: "2026-W39", to: "2026-W48" },
    now: NOW,
    secret: SECRET,
    noise: seededNoise(2026),
  });

const schema = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "../../../docs/formats/aggregate.schema.json"), "utf8"),
);

describe.each([
  ["without noise", OPTIONS_GOLDEN, "golden.aggregate.json"],
  ["with noise at ε = 1", { ...OPTIONS_GOLDEN, noiseEpsilon: 1 }, "golden.noise.aggregate.json"],
])("golden team report %s", (_name, options, file) => {
  it("equals the committed file", async () => {
    await expect(`${JSON.stringify(await build(options), null, 2)}\n`).toMatchFileSnapshot(file);
  });

  it("the committed file validates against the published JSON Schema", () => {
    const ajv = new Ajv2020({ strict: false });
    const committed = JSON.parse(readFileSync(resolve(import.meta.dirname, file), "utf8"));
    expect(ajv.validate(schema, committed), JSON.stringify(ajv.errors)).toBe(true);
  });
});
