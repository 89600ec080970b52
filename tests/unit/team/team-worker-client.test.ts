import { describe, expect, it } from "vitest";
import { teamWorkerClient, type WorkerLike } from "../../../lib/team/team-worker-client";
import type { TeamReply } from "../../../lib/team/worker-protocol";

/** A worker that keeps what it is sent, with the request's port, and answers when the test says so. */
class FakeWorker extends EventTarget {
  readonly sent: { message: { name: string; request: unknown }; port: MessagePort }[] = [];
  failNextPost = false;
  postMessage(message: { name: string; request: unknown }, transfer: Transferable[]) {
    if (this.failNextPost) {
      this.failNextPost = false;
      throw new DOMException("could not be cloned", "DataCloneError");
    }
    this.sent.push({ message, port: transfer[0] as MessagePort });
  }
  answer(index: number, reply: TeamReply | unknown) {
    this.sent[index]?.port.postMessage(reply);
  }
  fail(message: string) {
    const event = Object.assign(new Event("error"), { message });
    this.dispatchEvent(event);
  }
}

const RULES = { toolIds: [], categoryIds: [], readerVersion: null };
const SAMPLE = { seed: 1, now: 0, rules: RULES };

const setup = () => {
  const worker = new FakeWorker();
  return { worker, ask: teamWorkerClient(worker as unknown as WorkerLike) };
};

describe("teamWorkerClient", () => {
  it("reports progress, then resolves with the answer on its own channel", async () => {
    const { worker, ask } = setup();
    const progress: number[] = [];
    const first = ask("importSample", SAMPLE, { onProgress: (p) => progress.push(p.done) });
    const second = ask("removeFiles", { fileIds: [1] });
    expect(worker.sent.map((sent) => sent.message.name)).toEqual(["importSample", "removeFiles"]);
    worker.answer(1, { kind: "answer", answer: { removed: 4 } });
    worker.answer(0, { kind: "progress", progress: { done: 3, total: 12 } });
    worker.answer(0, { kind: "answer", answer: { outcomes: [] } });
    await expect(first).resolves.toEqual({ outcomes: [] });
    await expect(second).resolves.toEqual({ removed: 4 });
    expect(progress).toEqual([3]);
  });

  it("rejects with the worker's error message", async () => {
    const { worker, ask } = setup();
    const asked = ask("importSample", SAMPLE);
    worker.answer(0, { kind: "error", message: "QuotaExceededError" });
    await expect(asked).rejects.toThrow("QuotaExceededError");
  });

  it("rejects an answer that does not match the protocol", async () => {
    const { worker, ask } = setup();
    const asked = ask("removeFiles", { fileIds: [1] });
    worker.answer(0, { kind: "answer", answer: { removed: "all" } });
    await expect(asked).rejects.toThrow(/malformed/);
    const garbled = ask("removeFiles", { fileIds: [1] });
    worker.answer(1, { id: 2, type: "view" });
    await expect(garbled).rejects.toThrow(/unreadable/);
  });

  it("when the worker itself fails, every waiting request rejects instead of waiting forever", async () => {
    const { worker, ask } = setup();
    const first = ask("importSample", SAMPLE);
    const second = ask("clearFiles", {});
    worker.fail("worker script crashed");
    await expect(first).rejects.toThrow("worker script crashed");
    await expect(second).rejects.toThrow("worker script crashed");
    // Later requests are not affected by the earlier failure.
    const third = ask("importSample", { ...SAMPLE, seed: 2 });
    worker.answer(2, { kind: "answer", answer: { outcomes: [] } });
    await expect(third).resolves.toEqual({ outcomes: [] });
  });

  it("an unreadable answer rejects what is waiting", async () => {
    const { worker, ask } = setup();
    const asked = ask("importSample", SAMPLE);
    worker.dispatchEvent(new Event("messageerror"));
    await expect(asked).rejects.toThrow(/unreadable/);
  });

  it("a request that cannot be sent rejects at once", async () => {
    const { worker, ask } = setup();
    worker.failNextPost = true;
    await expect(ask("importSample", SAMPLE)).rejects.toThrow("could not be cloned");
  });
});
