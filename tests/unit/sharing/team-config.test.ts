import { describe, expect, it } from "vitest";
import type { WeeklyRecord } from "../../../lib/report/aggregate-format";
import {
  aggregateShareFileName,
  answerFileName,
  requestFileName,
  sharesFileName,
  teamKeyFileName,
} from "../../../lib/sharing/file-names";
import { exportPublicKey, generateHolderKeyPair, importPublicKey } from "../../../lib/sharing/key-pair";
import { encodeWeeklyRecord } from "../../../lib/sharing/measurement";
import { SharingError } from "../../../lib/sharing/sharing-error";
import { buildTeamKeyFile, keyFingerprint, readTeamKeyFile, teamIdOf } from "../../../lib/sharing/team-config";
import { COUNT_MAX } from "../../../lib/sharing/vdaf";
import { makeTeam, VERSION, viaFile } from "./fixtures";

describe("team configuration", () => {
  it("the team id changes with every field that binds the protocol", async () => {
    const { config } = await makeTeam();
    const base = await teamIdOf(config);
    const other = await makeTeam();
    const variants = [
      { ...config, teamLabel: "Sales" },
      { ...config, k: 6 },
      { ...config, noiseEpsilon: 1 },
      { ...config, lead: other.config.lead },
      { ...config, custodian: { ...config.custodian, name: "Someone else" } },
      { ...config, layout: { ...config.layout, toolIds: [...config.layout.toolIds].reverse() } },
      { ...config, layout: { ...config.layout, roundingMinutes: 1 } },
    ];
    const ids = await Promise.all(variants.map(teamIdOf));
    expect(new Set([base, ...ids]).size).toBe(variants.length + 1);
    expect(await teamIdOf(structuredClone(config))).toBe(base);
  });

  it("refuses k below 5", async () => {
    const { config } = await makeTeam();
    await expect(teamIdOf({ ...config, k: 4 })).rejects.toThrow();
  });

  it("the team key file reads back, and an edited one is refused", async () => {
    const { config } = await makeTeam();
    const file = await buildTeamKeyFile(config, VERSION);
    expect(await readTeamKeyFile(viaFile(file))).toEqual({ ok: true, team: config, teamId: await teamIdOf(config) });
    const swapped = {
      ...file,
      team: { ...file.team, custodian: { ...file.team.custodian, publicKey: file.team.lead.publicKey } },
    };
    expect(await readTeamKeyFile(viaFile(swapped))).toMatchObject({ ok: false, reason: "tampered" });
    expect(await readTeamKeyFile({ ...file, format: "ai-adoption-meter/team-key@2" })).toMatchObject({
      ok: false,
      reason: "formatVersion",
    });
    expect(await readTeamKeyFile({ format: "ai-adoption-meter/team-key@1" })).toMatchObject({
      ok: false,
      reason: "malformed",
    });
  });
});

describe("key pairs", () => {
  it("the private key cannot be exported; the public key round-trips as 43 base64url characters", async () => {
    const pair = await generateHolderKeyPair();
    expect(pair.privateKey.extractable).toBe(false);
    await expect(globalThis.crypto.subtle.exportKey("pkcs8", pair.privateKey)).rejects.toThrow();
    const text = await exportPublicKey(pair);
    expect(text).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await exportPublicKey(await importPublicKey(text))).toBe(text);
    expect(await keyFingerprint(text)).toMatch(/^[0-9a-f]{16}$/);
  });

  it.each(["", "abc", "A".repeat(44), "!".repeat(43)])("refuses %j as a public key", async (text) => {
    await expect(importPublicKey(text)).rejects.toThrow(SharingError);
  });
});

describe("measurement encoding", () => {
  const layout = { toolIds: ["chatgpt", "claude"], categoryIds: ["email", "writing"], roundingMinutes: 5 };
  const record = (overrides: Partial<WeeklyRecord>): WeeklyRecord => ({
    id: "a".repeat(64),
    week: "2026-W47",
    weeksSinceTraining: 10,
    activeDays: 2,
    tools: [{ toolId: "claude", visits: 3, activeMinutes: 45 }],
    tasks: [{ category: "writing", tags: 2, minutesSaved: 30 }],
    features: { active: true, activeInWeeks1to4: true },
    ...overrides,
  });

  it("lays out counts, flags and band in the layout's order", () => {
    expect(encodeWeeklyRecord(record({}), layout)).toEqual({
      counts: [2, 0, 0, 3, 45, 0, 0, 2, 30],
      flags: [1, 1, 1, 1, 0, 1, 0, 1],
      band: 2,
    });
  });

  it.each([
    [0, 0],
    [15, 1],
    [16, 2],
    [180, 3],
    [181, 4],
    [6720, 4],
  ])("%i active minutes fall in band %i", (minutes, band) => {
    const tools = minutes === 0 ? [] : [{ toolId: "chatgpt", visits: 1, activeMinutes: minutes }];
    expect(encodeWeeklyRecord(record({ tools }), layout).band).toBe(band);
  });

  it("retention flags only in weeks 9–12 after training", () => {
    expect(encodeWeeklyRecord(record({ weeksSinceTraining: 8 }), layout).flags.slice(0, 4)).toEqual([1, 1, 0, 0]);
    expect(
      encodeWeeklyRecord(
        record({ weeksSinceTraining: 12, features: { active: false, activeInWeeks1to4: true } }),
        layout,
      ).flags.slice(0, 4),
    ).toEqual([0, 1, 1, 0]);
    expect(
      encodeWeeklyRecord(
        record({ weeksSinceTraining: null, features: { active: true, activeInWeeks1to4: null } }),
        layout,
      ).flags.slice(0, 4),
    ).toEqual([1, 0, 0, 0]);
  });

  it("refuses a tool or category outside the layout, and values the proof cannot hold", () => {
    expect(() =>
      encodeWeeklyRecord(record({ tools: [{ toolId: "gemini", visits: 1, activeMinutes: 5 }] }), layout),
    ).toThrow(SharingError);
    expect(() =>
      encodeWeeklyRecord(record({ tasks: [{ category: "coding", tags: 1, minutesSaved: 5 }] }), layout),
    ).toThrow(SharingError);
    expect(() =>
      encodeWeeklyRecord(record({ tools: [{ toolId: "chatgpt", visits: 1, activeMinutes: COUNT_MAX + 1 }] }), layout),
    ).toThrow(SharingError);
  });
});

describe("file names", () => {
  const batch = { id: "2026-W48-batch-1", sequence: 1, week: "2026-W48" };
  it("name the step, the week, the batch and the person the file is for", () => {
    expect(sharesFileName(["2026-W48", "2026-W45"], "Chris Custodian")).toBe(
      "protected-shares-2026-W45-to-2026-W48-for-chris-custodian.json",
    );
    expect(sharesFileName(["2026-W48"], "Chris")).toBe("protected-shares-2026-W48-for-chris.json");
    expect(requestFileName(batch, "Dana Lead")).toBe("protected-request-2026-W48-batch-1-for-dana-lead.json");
    expect(answerFileName(batch, "Chris")).toBe("protected-answer-2026-W48-batch-1-for-chris.json");
    expect(aggregateShareFileName(batch, "Dana")).toBe("protected-sum-2026-W48-batch-1-for-dana.json");
    expect(teamKeyFileName("Finance & Ops")).toBe("team-key-finance-ops.json");
  });

  it.each([
    ["Zoë Ångström", "zoe-angstrom"],
    ["../../etc", "etc"],
    ["名前", "team"],
  ])("%j becomes %j", (name, piece) => {
    expect(requestFileName(batch, name)).toBe(`protected-request-2026-W48-batch-1-for-${piece}.json`);
  });
});
