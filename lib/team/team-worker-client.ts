import type { ImportProgress } from "./team-database";
import {
  type TeamAnswer,
  type TeamMessage,
  type TeamRequest,
  teamReplySchema,
  teamWorkerProtocol,
} from "./worker-protocol";

/** What the client needs of the worker. */
export type WorkerLike = Pick<Worker, "postMessage" | "addEventListener" | "removeEventListener">;

/** How one request is sent: progress to report, buffers to hand over without a copy. */
export interface AskOptions {
  readonly onProgress?: (progress: ImportProgress) => void;
  readonly transfer?: readonly Transferable[];
}

/** Sends one message to the dashboard's worker and resolves with its checked answer. */
export type TeamAsk = <N extends TeamMessage>(
  name: N,
  request: TeamRequest<N>,
  options?: AskOptions,
) => Promise<TeamAnswer<N>>;

/**
 * Talks to the dashboard's worker (see `worker-protocol.ts`): each request gets its own channel,
 * resolves with its answer, checked against the protocol, or rejects with the worker's error. A
 * worker that fails outside a request (a script error, a message it cannot read) never answers, so
 * every request still waiting then rejects instead of waiting forever.
 */
export function teamWorkerClient(
  worker: WorkerLike,
  channel: () => MessageChannel = () => new MessageChannel(),
): TeamAsk {
  const pending = new Set<(error: Error) => void>();
  const failAll = (error: Error) => {
    for (const fail of [...pending]) fail(error);
  };
  worker.addEventListener("error", (event) => {
    const message = (event as Partial<ErrorEvent>).message;
    failAll(new Error(message || "the dashboard worker stopped"));
  });
  worker.addEventListener("messageerror", () => failAll(new Error("the dashboard worker sent an unreadable answer")));

  return (name, request, options = {}) =>
    new Promise((resolve, reject) => {
      const { port1, port2 } = channel();
      const done = () => {
        port1.close();
        pending.delete(fail);
      };
      const fail = (error: Error) => {
        done();
        reject(error);
      };
      port1.onmessage = (event: MessageEvent) => {
        const reply = teamReplySchema.safeParse(event.data);
        if (!reply.success) return fail(new Error("the dashboard worker sent an unreadable answer"));
        if (reply.data.kind === "progress") return options.onProgress?.(reply.data.progress);
        if (reply.data.kind === "error") return fail(new Error(reply.data.message));
        const answer = teamWorkerProtocol[name].response.safeParse(reply.data.answer);
        if (!answer.success) return fail(new Error(`the dashboard worker's answer to ${name} is malformed`));
        done();
        resolve(answer.data as TeamAnswer<typeof name>);
      };
      pending.add(fail);
      try {
        worker.postMessage({ name, request }, [port2, ...(options.transfer ?? [])]);
      } catch (error) {
        fail(error instanceof Error ? error : new Error(String(error)));
      }
    });
}
