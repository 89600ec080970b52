import { describe, expect, it } from "vitest";
import { serveRequests, type WorkerLike, type WorkProgress, workerClient } from "../../../lib/holders/worker-client";

/** A worker and its page in one thread: what one posts, the other receives. */
function pair<Request extends object, Answer>(
  handle: (request: Request, progress: (p: WorkProgress) => void) => Promise<Answer>,
) {
  const page = new EventTarget();
  const serve = serveRequests<Request, Answer>(
    (reply) => queueMicrotask(() => page.dispatchEvent(new MessageEvent("message", { data: reply }))),
    handle,
  );
  const worker: WorkerLike = {
    postMessage: (data: Request & { id: number }) =>
      queueMicrotask(() => void serve(new MessageEvent("message", { data }))),
    addEventListener: page.addEventListener.bind(page) as WorkerLike["addEventListener"],
    removeEventListener: page.removeEventListener.bind(page) as WorkerLike["removeEventListener"],
  };
  return { page, client: workerClient<Request, Answer>(worker) };
}

describe("workerClient", () => {
  it("answers each request with its own result, with progress on the way", async () => {
    const { client } = pair<{ n: number }, number>(async ({ n }, progress) => {
      for (let i = 1; i <= n; i++) progress({ done: i, total: n });
      return n * 10;
    });
    const seen: WorkProgress[] = [];
    const [a, b] = await Promise.all([client({ n: 3 }, (p) => seen.push(p)), client({ n: 1 })]);
    expect([a, b]).toEqual([30, 10]);
    expect(seen).toEqual([
      { done: 1, total: 3 },
      { done: 2, total: 3 },
      { done: 3, total: 3 },
    ]);
  });

  it("rejects with the worker's error message", async () => {
    const { client } = pair<object, never>(async () => {
      throw new Error("This file is for another team.");
    });
    await expect(client({})).rejects.toThrow("This file is for another team.");
  });

  it("rejects every waiting request when the worker fails outside one", async () => {
    const { page, client } = pair<object, never>(() => new Promise(() => {}));
    const waiting = client({});
    page.dispatchEvent(Object.assign(new Event("error"), { message: "script error" }));
    await expect(waiting).rejects.toThrow("script error");
  });
});
