import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { readManagedPolicy } from "../../../lib/background/policy-in-force";
import { MeterDatabase } from "../../../lib/db/database";
import { readPolicyCopy, writePolicyCopy } from "../../../lib/db/kept-values";
import { refreshManagedPolicy, watchManagedPolicy } from "../../../lib/platform/policy-source";

let db: MeterDatabase;
beforeEach(() => {
  vi.restoreAllMocks();
  fakeBrowser.reset();
  db = new MeterDatabase(`policy-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await db.delete();
});

/** The copy in use, as the background keeps it. */
const lastPolicyItem = {
  setValue: (value: Record<string, unknown>) => writePolicyCopy(db, value),
  getValue: () => readPolicyCopy(db),
};

describe("managed policy source", () => {
  it("is empty and not yet known before the browser's first answer, and known after it", async () => {
    await fakeBrowser.storage.managed.set({ approvedToolIds: ["claude"] });
    expect(await readManagedPolicy(db)).toMatchObject({ policy: {}, known: false });
    expect(await refreshManagedPolicy(db)).toBe(true);
    expect(await readManagedPolicy(db)).toMatchObject({ policy: { approvedToolIds: ["claude"] }, known: true });
  });

  it("the first answer counts as a change even when it is empty", async () => {
    expect(await refreshManagedPolicy(db)).toBe(true);
    expect(await readManagedPolicy(db)).toMatchObject({ policy: {}, known: true });
    expect(await refreshManagedPolicy(db)).toBe(false);
  });

  it("is kept where content scripts cannot write: extension storage holds none of it", async () => {
    await fakeBrowser.storage.managed.set({ idleThresholdSec: 300 });
    await refreshManagedPolicy(db);
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it("keeps the policy in use when the browser's copy cannot be read", async () => {
    await lastPolicyItem.setValue({ approvedToolIds: ["claude"], idleThresholdSec: 300 });
    vi.spyOn(fakeBrowser.storage.managed, "get").mockRejectedValue(new Error("read failed"));
    expect(await refreshManagedPolicy(db)).toBe(false);
    expect((await readManagedPolicy(db)).policy).toEqual({ approvedToolIds: ["claude"], idleThresholdSec: 300 });
  });

  it("applies a policy the organization removed", async () => {
    await lastPolicyItem.setValue({ approvedToolIds: ["claude"] });
    expect(await refreshManagedPolicy(db)).toBe(true);
    expect((await readManagedPolicy(db)).policy).toEqual({});
  });

  it("Firefox without a policy installed (no managed storage) means no policy", async () => {
    await lastPolicyItem.setValue({ approvedToolIds: ["claude"] });
    vi.spyOn(fakeBrowser.storage.managed, "get").mockRejectedValue(new Error("Managed storage manifest not found"));
    expect(await refreshManagedPolicy(db)).toBe(true);
    expect((await readManagedPolicy(db)).policy).toEqual({});
  });

  it("reports one change once though two refreshes overlap", async () => {
    await lastPolicyItem.setValue({});
    await fakeBrowser.storage.managed.set({ approvedToolIds: ["claude"] });
    expect(await Promise.all([refreshManagedPolicy(db), refreshManagedPolicy(db)])).toEqual([true, false]);
    expect(await lastPolicyItem.getValue()).toEqual({ approvedToolIds: ["claude"] });
  });

  it("a change event during the start-up check applies the change once", async () => {
    await lastPolicyItem.setValue({});
    await fakeBrowser.storage.managed.set({ approvedToolIds: ["claude"] });
    const onChange = vi.fn();
    const onError = vi.fn();
    watchManagedPolicy(db, onChange, onError);
    const startupCheck = refreshManagedPolicy(db);
    await fakeBrowser.storage.managed.onChanged.trigger({ approvedToolIds: { newValue: ["claude"] } });
    const changedAtStartup = await startupCheck;
    await refreshManagedPolicy(db); // after the one the event started
    expect(onChange.mock.calls.length + (changedAtStartup ? 1 : 0)).toBe(1);
    expect(onError).not.toHaveBeenCalled();
  });
});
