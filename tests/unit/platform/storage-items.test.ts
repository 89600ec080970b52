import { beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { deviceSecret, deviceSecretItem } from "../../../lib/platform/storage-items";

beforeEach(() => {
  fakeBrowser.reset();
});

describe("device secret", () => {
  it("is created once when two reports are built at the same time", async () => {
    const [first, second] = await Promise.all([deviceSecret(), deviceSecret()]);
    expect(first).toHaveLength(32);
    expect(second).toEqual(first);
    expect(await deviceSecret()).toEqual(first);
    const stored = await deviceSecretItem.getValue();
    expect(Uint8Array.from(atob(stored ?? ""), (c) => c.charCodeAt(0))).toEqual(first);
  });

  it("is read from storage once it exists", async () => {
    const secret = new Uint8Array(32).fill(7);
    await deviceSecretItem.setValue(btoa(String.fromCharCode(...secret)));
    expect(await deviceSecret()).toEqual(secret);
  });
});
