import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { MeterDatabase } from "../../../lib/db/database";
import { writePolicyCopy, writeUserSettings } from "../../../lib/db/kept-values";
import { recordSegments } from "../../../lib/db/recording";
import { openForReading, readFirstRows } from "../../../lib/db/week-read";
import {
  KEPT_FIGURES_KEY,
  keptFiguresStore,
  readKeptFigures,
  usableKeptFigures,
} from "../../../lib/platform/kept-figures";
import { OPEN_SEGMENT_KEYS, openToolOf } from "../../../lib/platform/open-segment";
import { DEFAULT_SETTINGS } from "../../../lib/settings/settings";
import { createFiguresKeeper } from "../../../lib/stats/kept-figures";

const SUNDAY = new Date(2026, 10, 29, 20, 0).getTime(); // Sunday 29 November 2026
const MONDAY = new Date(2026, 10, 30, 9, 0).getTime(); // Monday 30 November 2026, a new ISO week
const WEEK_START = "2026-11-23";
const GAP = 10 * 60_000;
const open = { toolId: "claude", tabId: 4, windowId: 1, start: SUNDAY + 3_600_000, lastSeen: SUNDAY + 3_601_000 };

let db: MeterDatabase;
beforeEach(async () => {
  fakeBrowser.reset();
  db = new MeterDatabase();
  await db.open();
  await recordSegments(
    db,
    [
      { toolId: "chatgpt", start: SUNDAY - 86_400_000, end: SUNDAY - 86_400_000 + 60_000 },
      { toolId: "claude", start: SUNDAY, end: SUNDAY + 120_000 },
    ],
    GAP,
  );
  await db.keptValues.put({
    key: "tracking",
    value: {
      epoch: "e1",
      engagement: { clock: open.lastSeen, focusedWindowId: 1, activeTabs: { 1: { tabId: 4, toolId: "claude" } }, open },
      pending: [],
      provisional: [],
      prunedAt: 0,
    },
  });
  await writeUserSettings(db, { ...DEFAULT_SETTINGS, sessionGapMin: 20 });
  await writePolicyCopy(db, { sessionGapMin: 15, teamLabel: "Finance" });
});
afterEach(async () => {
  await db.delete();
});

describe("the worker's copy of the popup's rows", () => {
  it("holds the rows the popup would read from the database, with tool ids and times only", async () => {
    const kept = await keptFiguresStore(db, () => SUNDAY + 3_700_000).read();
    const idb = await openForReading(indexedDB);
    if (!idb) throw new Error("no database");
    const direct = await readFirstRows(idb, WEEK_START, OPEN_SEGMENT_KEYS, openToolOf);
    idb.close();
    expect(kept.since).toBe(WEEK_START);
    expect(kept.days).toEqual(direct.days);
    expect(kept.latestVisit).toEqual({
      toolId: "claude",
      start: SUNDAY,
      end: SUNDAY + 120_000,
      activeMs: 120_000,
      date: "2026-11-29",
    });
    // Only what a figure uses: no tab or window, no "last seen", no other policy field.
    expect(kept.kept).toEqual({
      tracking: { engagement: { open: { toolId: "claude", start: open.start } }, pending: [], provisional: [] },
      settings: { sessionGapMin: 20 },
      policy: { sessionGapMin: 15 },
    });
  });

  it("is in session storage once a write went through the keeper, and read back by the popup", async () => {
    const keeper = createFiguresKeeper(
      keptFiguresStore(db, () => SUNDAY + 3_700_000),
      (error) => {
        throw error;
      },
    );
    await keeper.changing(() =>
      recordSegments(db, [{ toolId: "gemini", start: SUNDAY + 60_000, end: SUNDAY + 90_000 }], GAP),
    );
    await expect
      .poll(async () => (await fakeBrowser.storage.session.get(KEPT_FIGURES_KEY))[KEPT_FIGURES_KEY])
      .toBeTruthy();
    const rows = await readKeptFigures(WEEK_START);
    expect(rows?.days.map((day) => day.toolId).sort()).toEqual(["chatgpt", "claude", "gemini"]);
  });

  it("serves a new week with the new week's rows only: Sunday's copy read on Monday", async () => {
    const kept = await keptFiguresStore(db, () => SUNDAY + 3_700_000).read();
    await recordSegments(db, [{ toolId: "chatgpt", start: MONDAY, end: MONDAY + 60_000 }], GAP);
    // (The keeper would have dropped this copy for that write; here only the week is looked at.)
    const rows = usableKeptFigures(kept, "2026-11-30");
    expect(rows?.days).toEqual([]);
  });

  it.each([
    ["nothing kept", undefined],
    ["another version", { version: 2 }],
    ["a copy starting after the days asked for", { since: "2026-11-30" }],
    ["days that are not rows", { days: [{ date: "2026-11-29", toolId: "claude", activeMs: "a lot", visits: 1 }] }],
    ["days that are not a list", { days: "none" }],
    ["a latest visit of another shape", { latestVisit: { toolId: "claude", start: "then" } }],
    ["no kept values", { kept: null }],
  ])("is not used when there is %s: the popup reads the database", async (_name, changes) => {
    const kept = await keptFiguresStore(db, () => SUNDAY).read();
    const stored = changes === undefined ? undefined : { ...kept, ...changes };
    expect(usableKeptFigures(stored, "2026-11-24")).toBeNull();
  });

  it("is the popup's null when session storage holds none (a browser just started)", async () => {
    expect(await readKeptFigures(WEEK_START)).toBeNull();
  });
});
