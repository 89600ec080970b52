import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CATALOG } from "../../../lib/catalog/catalog";
import { buildTeamReport } from "../../../lib/report/builder";
import { DEFAULT_TASK_CATEGORIES } from "../../../lib/tagging/categories";
import { readTeamReportFile } from "../../../lib/team/import";
import { NOW, OPTIONS, SECRET, seededUniform } from "../report/fixtures";

// Issue 12: the plausibility checks must never refuse what the real builder writes.

const DAY_MS = 86_400_000;
/** Local dates of the 12 weeks before NOW's week (2026-W49). */
const DATES = Array.from({ length: 84 }, (_, i) => {
  const date = new Date(2026, 11, 2 - 3 - i); // from Sunday 29 November backwards
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
});
const TOOLS = ["chatgpt", "claude", "gemini"];
const CATEGORIES = DEFAULT_TASK_CATEGORIES.map((c) => c.id);

const day = fc.record({
  date: fc.constantFrom(...DATES),
  toolId: fc.constantFrom(...TOOLS),
  // Up to a third of a day on each of the three tools: one tool is engaged at a time, so a day
  // never holds more than 24 h in all.
  activeMs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: DAY_MS / 3 })),
  visits: fc.integer({ min: 0, max: 40 }),
});
const tag = fc.record({
  date: fc.constantFrom(...DATES),
  toolId: fc.constantFrom(...TOOLS),
  category: fc.constantFrom(...CATEGORIES),
  minutesSaved: fc.integer({ min: 0, max: 480 }),
});
const RULES = {
  toolIds: new Set(CATALOG.map((tool) => tool.id)),
  categoryIds: new Set(CATEGORIES),
  readerVersion: "0.1.0",
};

describe("honest files from the real builder", () => {
  it("are never refused by the plausibility checks", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(day, { maxLength: 60 }),
        fc.array(tag, { maxLength: 30 }),
        fc.integer({ min: 1, max: 60 }),
        fc.constantFrom(0, 0, 0.5, 2),
        fc.option(fc.constantFrom(...DATES), { nil: null }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer(),
        async (days, tags, rounding, epsilon, trainingDate, weeks, seed) => {
          // One row per date and tool, as the device's daily rollups are.
          const unique = [...new Map(days.map((d) => [`${d.date}|${d.toolId}`, d])).values()];
          const file = await buildTeamReport({
            days: unique,
            tags,
            options: { ...OPTIONS, roundingMinutes: rounding, noiseEpsilon: epsilon, trainingDate },
            period: { from: `2026-W${String(49 - weeks).padStart(2, "0")}`, to: "2026-W48" },
            now: NOW,
            secret: SECRET,
            noise: (week) => Promise.resolve(seededUniform(seed ^ week.length)),
          });
          const text = JSON.stringify(file);
          const reading = readTeamReportFile("honest.json", text, text.length, NOW, RULES);
          expect(reading.ok ? null : reading.reason).toBeNull();
        },
      ),
      { numRuns: 200 },
    );
  }, 60_000);
});
