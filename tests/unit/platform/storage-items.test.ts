import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { MeterDatabase } from "../../../lib/db/database";
import { deviceSecret } from "../../../lib/db/device-secret";
import { moveOutOfExtensionStorage, readHeartbeat } from "../../../lib/platform/storage-items";

let db: MeterDatabase;

beforeEach(() => {
  fakeBrowser.reset();
  db = new MeterDatabase(`secret-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await db.delete();
});

const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

describe("device secret", () => {
  it("is created once when two reports are built at the same time, and kept in the database only", async () => {
    const [first, second] = await Promise.all([deviceSecret(db), deviceSecret(db)]);
    expect(first).toHaveLength(32);
    expect(second).toEqual(first);
    expect(await deviceSecret(db)).toEqual(first);
    expect((await db.secrets.get("device"))?.bytes).toEqual(first);
    // Extension storage, which content scripts can read, never holds it.
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it("is read from the database once it exists", async () => {
    const secret = new Uint8Array(32).fill(7);
    await db.secrets.put({ name: "device", bytes: secret });
    expect(await deviceSecret(db)).toEqual(secret);
  });

  it.each([
    ["before the first team report", false],
    ["after delete all", true],
  ])("a secret planted in extension storage %s is never adopted", async (_when, hadOne) => {
    if (hadOne) {
      await deviceSecret(db);
      await db.secrets.clear();
    }
    const planted = new Uint8Array(32).fill(1);
    await fakeBrowser.storage.local.set({ deviceSecret: base64(planted) });
    const secret = await deviceSecret(db);
    expect(secret).toHaveLength(32);
    expect(secret).not.toEqual(planted);
  });
});

describe("values earlier versions kept in extension storage", () => {
  /** Makes the database look as an update from version 2 leaves it. */
  async function updatedFromVersion2() {
    await db.open();
    await db.keptValues.put({ key: "importFromExtensionStorage", value: true });
  }

  it("move into the database once, when the upgrade asked for it, and leave extension storage", async () => {
    await updatedFromVersion2();
    const secret = new Uint8Array(32).fill(9);
    await fakeBrowser.storage.local.set({
      deviceSecret: base64(secret),
      settings: { idleThresholdSec: 300, retentionDays: "x" },
      trackingSince: "2026-10-01",
      managedPolicy: { approvedToolIds: ["claude"] },
      promptDay: { date: "2026-11-25", shown: 2, notToday: false },
      heartbeat: { epoch: "e", at: 1 },
    });
    await moveOutOfExtensionStorage(db);
    expect((await db.secrets.get("device"))?.bytes).toEqual(secret);
    expect((await db.keptValues.get("settings"))?.value).toMatchObject({ idleThresholdSec: 300, retentionDays: 180 });
    expect((await db.keptValues.get("trackingSince"))?.value).toBe("2026-10-01");
    expect((await db.keptValues.get("policy"))?.value).toEqual({ approvedToolIds: ["claude"] });
    expect((await db.keptValues.get("promptDay"))?.value).toEqual({ date: "2026-11-25", shown: 2, notToday: false });
    expect(await fakeBrowser.storage.local.get(null)).toEqual({ heartbeat: { epoch: "e", at: 1 } });

    // Once only: what is planted afterwards stays where it was planted.
    await fakeBrowser.storage.local.set({ trackingSince: "2030-01-01", deviceSecret: base64(new Uint8Array(32)) });
    await moveOutOfExtensionStorage(db);
    expect((await db.keptValues.get("trackingSince"))?.value).toBe("2026-10-01");
    expect((await db.secrets.get("device"))?.bytes).toEqual(secret);
  });

  it.each([
    ["5 bytes", base64(new Uint8Array(5))],
    ["not base64", "%%%%not-base64%%%%%%%%%%%%%%%%%%%%%%%%%%%%="],
    ["a number", 42],
  ])("a secret of %s is not moved", async (_what, value) => {
    await updatedFromVersion2();
    await fakeBrowser.storage.local.set({ deviceSecret: value });
    await moveOutOfExtensionStorage(db);
    expect(await db.secrets.count()).toBe(0);
    expect(await deviceSecret(db)).toHaveLength(32);
  });

  it("a fresh install moves nothing", async () => {
    await fakeBrowser.storage.local.set({ settings: { idleThresholdSec: 300 } });
    await moveOutOfExtensionStorage(db);
    expect(await db.keptValues.get("settings")).toBeUndefined();
  });
});

describe("heartbeat", () => {
  it.each([
    ["a heartbeat of a tab", { epoch: "e", tabId: 3, at: 5 }, { epoch: "e", tabId: 3, at: 5 }],
    ["one without its tab", { epoch: "e", at: 5 }, null],
    ["one with a URL in it", { epoch: "e", tabId: 3, at: 5, url: "https://chatgpt.com/" }, null],
    ["a negative time", { epoch: "e", tabId: 3, at: -5 }, null],
    ["not an object", "beat", null],
  ])("%s is read as %j", async (_what, stored, expected) => {
    await fakeBrowser.storage.local.set({ heartbeat: stored });
    expect(await readHeartbeat()).toEqual(expected);
  });
});
