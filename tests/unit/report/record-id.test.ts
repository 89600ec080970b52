import { createHash, createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildTeamReport, type TeamReportInput } from "../../../lib/report/builder";
import { hmacSha256, recordId, toHex } from "../../../lib/report/record-id";
import { addWeeks } from "../../../lib/time/iso-week";
import { minutes, NOW, OPTIONS, OTHER_SECRET, SECRET, seededNoise } from "./fixtures";

const DAYS = [
  { date: "2026-10-20", toolId: "chatgpt", activeMs: minutes(42), visits: 3 },
  { date: "2026-11-04", toolId: "claude", activeMs: minutes(17), visits: 1 },
  { date: "2026-11-25", toolId: "chatgpt", activeMs: minutes(61), visits: 4 },
];

const build = (input: Partial<TeamReportInput>) =>
  buildTeamReport({ days: DAYS, tags: [], options: OPTIONS, now: NOW, secret: SECRET, ...input });

describe("HMAC-SHA-256", () => {
  it("matches RFC 4231 test case 2", async () => {
    const mac = await hmacSha256(new TextEncoder().encode("Jefe"), "what do ya want for nothing?");
    expect(toHex(mac)).toBe("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  });

  it('the record id is hex HMAC-SHA-256(secret, "record:" + week), as an independent implementation computes it', async () => {
    const expected = createHmac("sha256", SECRET).update("record:2026-W48").digest("hex");
    expect(await recordId(SECRET, "2026-W48")).toBe(expected);
  });
});

describe("dedupe ids", () => {
  it("exporting overlapping periods twice gives the same records for the shared weeks", async () => {
    const first = await build({ period: { from: "2026-W40", to: "2026-W46" } });
    const second = await build({ period: { from: "2026-W44", to: "2026-W48" } });
    const shared = ["2026-W44", "2026-W45", "2026-W46"];
    const pick = (file: typeof first) => file.records.filter((r) => shared.includes(r.week));
    expect(pick(first)).toHaveLength(3);
    expect(pick(second)).toEqual(pick(first));
  });

  it("the same weeks with noise are identical records across exports, ids included", async () => {
    const options = { ...OPTIONS, noiseEpsilon: 1 };
    const first = await build({ options, period: { from: "2026-W40", to: "2026-W46" } });
    const second = await build({ options, period: { from: "2026-W45", to: "2026-W48" } });
    expect(second.records.slice(0, 2)).toEqual(first.records.slice(-2));
  });

  it("different weeks get different ids, across year boundaries and 53-week years", async () => {
    const weeks = Array.from({ length: 520 }, (_, i) => addWeeks("2026-W48", -i));
    const ids = await Promise.all(weeks.map((week) => recordId(SECRET, week)));
    expect(new Set(ids).size).toBe(weeks.length);
  });

  it("another device's secret gives other ids for the same weeks", async () => {
    const mine = await build({});
    const theirs = await build({ secret: OTHER_SECRET });
    for (const [i, record] of mine.records.entries()) {
      expect(theirs.records[i]?.week).toBe(record.week);
      expect(theirs.records[i]?.id).not.toBe(record.id);
    }
  });

  it("the id cannot be computed from the week alone", async () => {
    const week = "2026-W48";
    const id = await recordId(SECRET, week);
    const guesses = [
      createHash("sha256").update(week).digest("hex"),
      createHash("sha256").update(`record:${week}`).digest("hex"),
      createHmac("sha256", new Uint8Array(32)).update(`record:${week}`).digest("hex"),
      createHmac("sha256", "").update(`record:${week}`).digest("hex"),
      createHmac("sha256", week).update(`record:${week}`).digest("hex"),
    ];
    expect(guesses).not.toContain(id);
    // A single changed bit of the secret changes the id completely.
    const flipped = SECRET.slice();
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(await recordId(flipped, week)).not.toBe(id);
  });

  it("the file never holds the secret, in any encoding", async () => {
    const json = JSON.stringify(await build({ options: { ...OPTIONS, noiseEpsilon: 1 }, noise: seededNoise(1) }));
    expect(json).not.toContain(toHex(SECRET));
    expect(json).not.toContain(Buffer.from(SECRET).toString("base64"));
    expect(json).not.toContain(Array.from(SECRET).join(","));
  });
});
