import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import {
  lastPolicyItem,
  readManagedPolicy,
  refreshManagedPolicy,
  watchManagedPolicy,
} from "../../../lib/platform/policy-source";

beforeEach(() => {
  vi.restoreAllMocks();
  fakeBrowser.reset();
});

describe("managed policy source", () => {
  it("keeps the policy in use when the browser's copy cannot be read", async () => {
    await lastPolicyItem.setValue({ approvedToolIds: ["claude"], idleThresholdSec: 300 });
    vi.spyOn(fakeBrowser.storage.managed, "get").mockRejectedValue(new Error("read failed"));
    expect(await refreshManagedPolicy()).toBe(false);
    expect((await readManagedPolicy()).policy).toEqual({ approvedToolIds: ["claude"], idleThresholdSec: 300 });
  });

  it("applies a policy the organization removed", async () => {
    await lastPolicyItem.setValue({ approvedToolIds: ["claude"] });
    expect(await refreshManagedPolicy()).toBe(true);
    expect((await readManagedPolicy()).policy).toEqual({});
  });

  it("Firefox without a policy installed (no managed storage) means no policy", async () => {
    await lastPolicyItem.setValue({ approvedToolIds: ["claude"] });
    vi.spyOn(fakeBrowser.storage.managed, "get").mockRejectedValue(new Error("Managed storage manifest not found"));
    expect(await refreshManagedPolicy()).toBe(true);
    expect((await readManagedPolicy()).policy).toEqual({});
  });

  it("reports one change once though two refreshes overlap", async () => {
    await lastPolicyItem.setValue({});
    await fakeBrowser.storage.managed.set({ approvedToolIds: ["claude"] });
    expect(await Promise.all([refreshManagedPolicy(), refreshManagedPolicy()])).toEqual([true, false]);
    expect(await lastPolicyItem.getValue()).toEqual({ approvedToolIds: ["claude"] });
  });

  it("a change event during the start-up check applies the change once", async () => {
    await lastPolicyItem.setValue({});
    await fakeBrowser.storage.managed.set({ approvedToolIds: ["claude"] });
    const onChange = vi.fn();
    const onError = vi.fn();
    watchManagedPolicy(onChange, onError);
    const startupCheck = refreshManagedPolicy();
    await fakeBrowser.storage.managed.onChanged.trigger({ approvedToolIds: { newValue: ["claude"] } });
    const changedAtStartup = await startupCheck;
    await refreshManagedPolicy(); // after the one the event started
    expect(onChange.mock.calls.length + (changedAtStartup ? 1 : 0)).toBe(1);
    expect(onError).not.toHaveBeenCalled();
  });
});
