import type { ImportProgress } from "./team-database";
import type { TeamWorkerRequest, TeamWorkerResponse } from "./team-worker-protocol";

/** A request without its id: the client numbers requests itself. */
export type TeamWorkerAsk = DistributiveOmit<TeamWorkerRequest, "id">;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** What the client needs of the worker. */
export type WorkerLike = Pick<Worker, "postMessage" | "addEventListener" | "removeEventListener">;

/**
 * Talks to the dashboard's worker: each request resolves with its final answer, or rejects with
 * the worker's error. A worker that fails outside a request (a script error, a message it cannot
 * read) never answers, so every request still waiting then rejects instead of waiting forever.
 */
export function teamWorkerClient(
  worker: WorkerLike,
): (request: TeamWorkerAsk, onProgress?: (progress: ImportProgress) => void) => Promise<TeamWorkerResponse> {
  let nextRequest = 0;
  const pending = new Map<number, (error: Error) => void>();
  const failAll = (error: Error) => {
    for (const fail of [...pending.values()]) fail(error);
  };
  worker.addEventListener("error", (event) => {
    const message = (event as Partial<ErrorEvent>).message;
    failAll(new Error(message || "the dashboard worker stopped"));
  });
  worker.addEventListener("messageerror", () => failAll(new Error("the dashboard worker sent an unreadable answer")));

  return (request, onProgress) => {
    const id = ++nextRequest;
    return new Promise((resolve, reject) => {
      const done = () => {
        worker.removeEventListener("message", listener);
        pending.delete(id);
      };
      const listener = (event: MessageEvent<TeamWorkerResponse>) => {
        const message = event.data;
        if (message.id !== id) return;
        if (message.type === "progress") {
          onProgress?.(message.progress);
          return;
        }
        done();
        if (message.type === "error") reject(new Error(message.message));
        else resolve(message);
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
