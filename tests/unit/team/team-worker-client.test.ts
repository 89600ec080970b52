import { describe, expect, it } from "vitest";
import { teamWorkerClient, type WorkerLike } from "../../../lib/team/team-worker-client";
import type { TeamWorkerRequest, TeamWorkerResponse } from "../../../lib/team/team-worker-protocol";

/** A worker that keeps what it is sent and answers when the test says so. */
class FakeWorker extends EventTarget {
  readonly sent: TeamWorkerRequest[] = [];
  failNextPost = false;
  postMessage(message: TeamWorkerRequest) {
    if (this.failNextPost) {
      this.failNextPost = false;
      throw new DOMException("could not be cloned", "DataCloneError");
    }
    this.sent.push(message);
  }
  answer(message: TeamWorkerResponse) {
    this.dispatchEvent(new MessageEvent("message", { data: message }));
  }
  fail(message: string) {
    const event = Object.assign(new Event("error"), { message });
    this.dispatchEvent(event);
  }
}

const RULES = { toolIds: [], categoryIds: [], readerVersion: null };

const setup = () => {
  const worker = new FakeWorker();
  return { worker, ask: teamWorkerClient(worker as unknown as WorkerLike) };
};

describe("teamWorkerClient", () => {
  it("reports progress, then resolves with the answer to its own request", async () => {
    const { worker, ask } = setup();
    const progress: number[] = [];
    const asked = ask({ type: "importSample", seed: 1, now: 0, rules: RULES }, (p) => progress.push(p.done));
    const id = worker.sent[0]?.id as number;
    worker.answer({ id: id + 1, type: "imported", outcomes: [] });
    worker.answer({ id, type: "progress", progress: { done: 3, total: 12 } });
    worker.answer({ id, type: "imported", outcomes: [] });
    await expect(asked).resolves.toEqual({ id, type: "imported", outcomes: [] });
    expect(progress).toEqual([3]);
  });

  it("rejects with the worker's error message", async () => {
    const { worker, ask } = setup();
    const asked = ask({ type: "importSample", seed: 1, now: 0, rules: RULES });
    worker.answer({ id: worker.sent[0]?.id as number, type: "error", message: "QuotaExceededError" });
    await expect(asked).rejects.toThrow("QuotaExceededError");
  });

  it("when the worker itself fails, every waiting request rejects instead of waiting forever", async () => {
    const { worker, ask } = setup();
    const first = ask({ type: "importSample", seed: 1, now: 0, rules: RULES });
    const second = ask({ type: "view", options: {} as never });
    worker.fail("worker script crashed");
    await expect(first).rejects.toThrow("worker script crashed");
    await expect(second).rejects.toThrow("worker script crashed");
    // Later requests are not affected by the earlier failure.
    const third = ask({ type: "importSample", seed: 2, now: 0, rules: RULES });
    worker.answer({ id: worker.sent[2]?.id as number, type: "imported", outcomes: [] });
    await expect(third).resolves.toMatchObject({ type: "imported" });
  });

  it("an unreadable answer rejects what is waiting", async () => {
    const { worker, ask } = setup();
    const asked = ask({ type: "importSample", seed: 1, now: 0, rules: RULES });
    worker.dispatchEvent(new Event("messageerror"));
    await expect(asked).rejects.toThrow(/unreadable/);
  });

  it("a request that cannot be sent rejects at once", async () => {
    const { worker, ask } = setup();
    worker.failNextPost = true;
    await expect(ask({ type: "importSample", seed: 1, now: 0, rules: RULES })).rejects.toThrow("could not be cloned");
  });
});
