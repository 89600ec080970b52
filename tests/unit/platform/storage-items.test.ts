import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { MeterDatabase } from "../../../lib/db/database";
import { deviceSecret, legacyDeviceSecretItem } from "../../../lib/platform/storage-items";

let db: MeterDatabase;

beforeEach(() => {
  fakeBrowser.reset();
  db = new MeterDatabase(`secret-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await db.delete();
});

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

  it("moves out of extension storage, where earlier versions kept it, unchanged", async () => {
    const secret = new Uint8Array(32).fill(9);
    await legacyDeviceSecretItem.setValue(btoa(String.fromCharCode(...secret)));
    expect(await deviceSecret(db)).toEqual(secret);
    expect((await db.secrets.get("device"))?.bytes).toEqual(secret);
    expect(await legacyDeviceSecretItem.getValue()).toBeNull();
    expect(await deviceSecret(db)).toEqual(secret);
  });
});
