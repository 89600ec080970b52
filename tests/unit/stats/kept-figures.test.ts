import { describe, expect, it, vi } from "vitest";
import {
  createFiguresKeeper,
  KEPT_FIGURES_VERSION,
  type KeptFigures,
  type KeptFiguresStore,
  trackingForFigures,
} from "../../../lib/stats/kept-figures";

/** A store over one variable "database" value and one copy, logging every step in order. */
function fakeStore() {
  const log: string[] = [];
  let database = 0;
  let copy: number | null = null;
  let readGate: Promise<void> = Promise.resolve();
  const figures = (value: number): KeptFigures => ({
    version: KEPT_FIGURES_VERSION,
    since: "2026-11-23",
    days: [{ date: "2026-11-25", toolId: "chatgpt", activeMs: value, visits: 1 }],
    latestVisit: undefined,
    kept: {},
  });
  const store: KeptFiguresStore & { failRemove?: boolean } = {
    async read() {
      const value = database;
      await readGate;
      log.push(`read ${value}`);
      return figures(value);
    },
    async put(kept) {
      copy = kept.days[0]?.activeMs ?? null;
      log.push(`put ${copy}`);
    },
    async remove() {
      if (store.failRemove) throw new Error("no session storage");
      copy = null;
      log.push("remove");
    },
  };
  return {
    store,
    log,
    write: (value: number) => async () => {
      log.push(`write ${value}`);
      database = value;
    },
    copy: () => copy,
    database: () => database,
    holdReads(gate: Promise<void>) {
      readGate = gate;
    },
  };
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("the popup's copy of its rows", () => {
  it("is dropped before a write and put again, fresh, once the write is done", async () => {
    const fake = fakeStore();
    const keeper = createFiguresKeeper(fake.store, () => {});
    await keeper.changing(fake.write(5));
    await settled();
    expect(fake.log).toEqual(["remove", "write 5", "read 5", "put 5"]);
    expect(fake.copy()).toBe(5);
  });

  it("is not put from a read that a write began during: the write's own refresh puts the copy", async () => {
    const fake = fakeStore();
    const keeper = createFiguresKeeper(fake.store, () => {});
    let release = () => {};
    fake.holdReads(new Promise<void>((resolve) => (release = resolve)));
    await keeper.changing(fake.write(1));
    // The refresh of write 1 is reading (held); write 2 begins and ends meanwhile.
    fake.holdReads(Promise.resolve());
    await keeper.changing(fake.write(2));
    release();
    await settled();
    expect(fake.copy()).toBe(2);
    expect(fake.log.filter((step) => step.startsWith("put"))).toEqual(["put 2"]);
  });

  it("is not put while another write is still running", async () => {
    const fake = fakeStore();
    const keeper = createFiguresKeeper(fake.store, () => {});
    let finish = () => {};
    const long = keeper.changing(async () => {
      await new Promise<void>((resolve) => (finish = resolve));
      await fake.write(7)();
    });
    await keeper.changing(fake.write(3));
    await settled();
    expect(fake.copy()).toBeNull();
    finish();
    await long;
    await settled();
    expect(fake.copy()).toBe(7);
  });

  it("never stays older than the data, whatever the order of writes and refreshes", async () => {
    const fake = fakeStore();
    const keeper = createFiguresKeeper(fake.store, () => {});
    const writes = Array.from({ length: 20 }, (_, i) => keeper.changing(fake.write(i + 1)));
    for (let i = 0; i < 5; i++) void keeper.refresh();
    await Promise.all(writes);
    await settled();
    await settled();
    // Whenever a copy is there, it says what the database holds.
    expect(fake.copy() === null || fake.copy() === fake.database()).toBe(true);
    expect(fake.copy()).toBe(20);
  });

  it("lets the write run when the copy cannot be dropped, and reports why", async () => {
    const fake = fakeStore();
    fake.store.failRemove = true;
    const onError = vi.fn();
    const keeper = createFiguresKeeper(fake.store, onError);
    await keeper.changing(fake.write(4));
    expect(fake.database()).toBe(4);
    expect(onError).toHaveBeenCalledWith(new Error("no session storage"));
  });

  it("passes a failed write's error on, and leaves the copy dropped until a read succeeds", async () => {
    const fake = fakeStore();
    const keeper = createFiguresKeeper(fake.store, () => {});
    await expect(
      keeper.changing(async () => {
        throw new Error("quota");
      }),
    ).rejects.toThrow("quota");
    await settled();
    // The refresh after it reads the database as it is: still a faithful copy.
    expect(fake.copy()).toBe(fake.database());
  });

  it("is left as it is by a write that changes no figure", async () => {
    const fake = fakeStore();
    const keeper = createFiguresKeeper(fake.store, () => {});
    await keeper.changing(fake.write(1));
    await settled();
    fake.log.length = 0;
    await keeper.unchanged(async () => {});
    await settled();
    expect(fake.log).toEqual([]);
    expect(fake.copy()).toBe(1);
  });
});

describe("what of the tracking state the figures use", () => {
  const open = { toolId: "chatgpt", tabId: 3, windowId: 1, start: 1000, lastSeen: 5000 };
  const state = (changes: Record<string, unknown>) => ({
    epoch: "e",
    engagement: { clock: 5000, focusedWindowId: 1, open, activeTabs: {} },
    pending: [],
    provisional: [],
    prunedAt: 0,
    ...changes,
  });

  it("keeps the segment's tool and start and the segments waiting, nothing else", () => {
    expect(trackingForFigures(state({}))).toEqual({
      engagement: { open: { toolId: "chatgpt", start: 1000 } },
      pending: [],
      provisional: [],
    });
  });

  it.each([
    ["a later last-seen time", { engagement: { clock: 9000, open: { ...open, lastSeen: 9000 } } }, true],
    ["another focused window", { engagement: { clock: 5000, focusedWindowId: 2, open } }, true],
    ["another segment being measured", { engagement: { open: { ...open, start: 2000 } } }, false],
    ["nothing measured any more", { engagement: { open: null } }, false],
    ["a segment waiting", { pending: [{ toolId: "claude", start: 0, end: 1 }] }, false],
    ["a provisional segment", { provisional: [{ toolId: "claude", start: 0, end: 1 }] }, false],
  ])("tells %s apart or not", (_name, changes, same) => {
    const before = JSON.stringify(trackingForFigures(state({})));
    expect(JSON.stringify(trackingForFigures(state(changes))) === before).toBe(same);
  });
});
