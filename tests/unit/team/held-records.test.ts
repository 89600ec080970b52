import { describe, expect, it, vi } from "vitest";
import type { WeeklyRecord } from "../../../lib/report/aggregate-format";
import { HeldRecords } from "../../../lib/team/held-records";
import { record } from "./fixtures";

/** A read that finishes when the test says so. */
function deferred() {
  let resolve!: (records: WeeklyRecord[]) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<WeeklyRecord[]>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const ids = (records: readonly WeeklyRecord[]) => records.map((r) => r.id);

describe("HeldRecords", () => {
  it("reads once, then answers from what it holds", async () => {
    const load = vi.fn(async () => [record(1)]);
    const held = new HeldRecords<WeeklyRecord>(load);
    expect(ids(await held.all())).toEqual([record(1).id]);
    expect(ids(await held.all())).toEqual([record(1).id]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("a view during a read again waits for it, instead of using the records from before", async () => {
    const first = deferred();
    const second = deferred();
    const load = vi.fn().mockReturnValueOnce(first.promise).mockReturnValueOnce(second.promise);
    const held = new HeldRecords<WeeklyRecord>(load);
    const before = held.all();
    first.resolve([record(1), record(2)]);
    expect(ids(await before)).toEqual([record(1).id, record(2).id]);

    // Record 2's file was removed: the page asks for a read again, and another view comes meanwhile.
    const reread = held.all(true);
    const meanwhile = held.all();
    second.resolve([record(1)]);
    expect(ids(await reread)).toEqual([record(1).id]);
    expect(ids(await meanwhile)).toEqual([record(1).id]);
  });

  it("adds imported records, after a read under way, and only once anything is held", async () => {
    const reading = deferred();
    const load = vi
      .fn()
      .mockReturnValueOnce(Promise.resolve([record(9)]))
      .mockReturnValueOnce(reading.promise);
    const held = new HeldRecords<WeeklyRecord>(load);
    held.add([record(8)]);
    expect(ids(await held.all())).toEqual([record(9).id]);
    const reread = held.all(true);
    held.add([record(2)]);
    reading.resolve([record(1)]);
    expect(ids(await reread)).toEqual([record(1).id]);
    expect(ids(await held.all())).toEqual([record(1).id, record(2).id]);
  });

  it("a failed read is tried again next time", async () => {
    const load = vi
      .fn()
      .mockReturnValueOnce(Promise.reject(new Error("gone")))
      .mockReturnValueOnce(Promise.resolve([record(1)]));
    const held = new HeldRecords<WeeklyRecord>(load);
    await expect(held.all()).rejects.toThrow("gone");
    expect(ids(await held.all())).toEqual([record(1).id]);
  });
});
