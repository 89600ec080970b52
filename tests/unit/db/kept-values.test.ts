import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MeterDatabase } from "../../../lib/db/database";
import {
  readPolicyCopy,
  readPromptDay,
  readUserSettings,
  trackingSince,
  writeUserSettings,
} from "../../../lib/db/kept-values";
import { DEFAULT_SETTINGS } from "../../../lib/settings/settings";

const NOW = new Date(2026, 10, 25, 12, 0).getTime();
let db: MeterDatabase;
beforeEach(() => {
  db = new MeterDatabase(`kept-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await db.delete();
});

describe("kept values", () => {
  it("records the day tracking began once, and keeps it", async () => {
    expect(await trackingSince(db, NOW)).toBe("2026-11-25");
    expect(await trackingSince(db, NOW + 7 * 86_400_000)).toBe("2026-11-25");
  });

  it.each([
    ["a day in the future", "2030-01-01"],
    ["not a date", "yesterday"],
    ["a number", 20261125],
  ])("does not believe a first day that is %s", async (_what, value) => {
    await db.keptValues.put({ key: "trackingSince", value });
    expect(await trackingSince(db, NOW)).toBe("2026-11-25");
  });

  it("reads settings field by field, falling back where a field is wrong", async () => {
    await db.keptValues.put({ key: "settings", value: { retentionDays: 7, idleThresholdSec: 2, approvedToolIds: 5 } });
    expect(await readUserSettings(db)).toEqual({ ...DEFAULT_SETTINGS, retentionDays: 7 });
    await writeUserSettings(db, { ...DEFAULT_SETTINGS, sessionGapMin: 20 });
    expect((await readUserSettings(db)).sessionGapMin).toBe(20);
  });

  it.each([
    ["a policy copy that is not an object", "policy", "locked", readPolicyCopy],
    ["a prompting record of the wrong shape", "promptDay", { date: "x", shown: -1 }, readPromptDay],
  ] as const)("treats %s as missing", async (_what, key, value, read) => {
    await db.keptValues.put({ key, value });
    expect(await read(db)).toBeNull();
  });
});
