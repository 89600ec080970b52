/**
 * Requests to a protected-sharing worker (the employee's sharding, the custodian's and the lead's
 * preparation): each request resolves with its answer or rejects with the worker's error, and
 * reports progress on the way. A worker that fails outside a request rejects every waiting one.
 */

/** Progress of a long request: items done of total. */
export interface WorkProgress {
  readonly done: number;
  readonly total: number;
}

/** What a worker posts back for request `id`. */
export type WorkerReply<T> =
  | { id: number; type: "progress"; progress: WorkProgress }
  | { id: number; type: "done"; result: T }
  | { id: number; type: "error"; message: string };

/** What the client needs of a worker. */
export type WorkerLike = Pick<Worker, "postMessage" | "addEventListener" | "removeEventListener">;

/** A client for one worker whose requests are `Request` and answers `Answer`. */
export function workerClient<Request extends object, Answer>(
  worker: WorkerLike,
): (request: Request, onProgress?: (progress: WorkProgress) => void) => Promise<Answer> {
  let next = 0;
  const pending = new Map<number, (error: Error) => void>();
  const failAll = (error: Error) => {
    for (const fail of [...pending.values()]) fail(error);
  };
  worker.addEventListener("error", (event) => {
    failAll(new Error((event as Partial<ErrorEvent>).message || "the worker stopped"));
  });
  worker.addEventListener("messageerror", () => failAll(new Error("the worker sent an unreadable answer")));
  return (request, onProgress) => {
    const id = ++next;
    return new Promise<Answer>((resolve, reject) => {
      const done = () => {
        worker.removeEventListener("message", listener);
        pending.delete(id);
      };
      const listener = (event: MessageEvent<WorkerReply<Answer>>) => {
        const reply = event.data;
        if (reply?.id !== id) return;
        if (reply.type === "progress") return onProgress?.(reply.progress);
        done();
        if (reply.type === "error") reject(new Error(reply.message));
        else resolve(reply.result);
      };
      pending.set(id, (error) => {
        done();
        reject(error);
      });
      worker.addEventListener("message", listener);
      try {
        worker.postMessage({ ...request, id });
      } catch (error) {
        done();
        reject(error);
      }
    });
  };
}

/**
 * The worker side: answers each request with `handle`, which may report progress. Requests run
 * one after another, since each reads and writes the same state.
 */
export function serveRequests<Request extends object, Answer>(
  post: (reply: WorkerReply<Answer>) => void,
  handle: (request: Request, progress: (progress: WorkProgress) => void) => Promise<Answer>,
): (event: MessageEvent<Request & { id: number }>) => Promise<void> {
  let queue: Promise<void> = Promise.resolve();
  return (event) => {
    const { id } = event.data;
    const run = async () => {
      try {
        const result = await handle(event.data, (progress) => post({ id, type: "progress", progress }));
        post({ id, type: "done", result });
      } catch (error) {
        post({ id, type: "error", message: error instanceof Error ? error.message : String(error) });
      }
    };
    queue = queue.then(run);
    return queue;
  };
}
