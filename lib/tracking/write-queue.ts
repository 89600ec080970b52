/**
 * Runs async jobs one at a time, in the order they were queued.
 *
 * Every state transition reads, changes and writes storage; two handlers interleaving
 * would lose an update. A failed job is reported to `onError` and does not stop the queue.
 */
export interface WriteQueue {
  /** Queues a job; the promise settles with the job's own result. */
  run<T>(job: () => Promise<T>): Promise<T>;
  /** Resolves once every job queued so far has finished. */
  idle(): Promise<void>;
}

/** Creates a serial job queue. */
export function createWriteQueue(onError: (error: unknown) => void = () => {}): WriteQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run(job) {
      const result = tail.then(job);
      tail = result.catch(onError);
      return result;
    },
    idle() {
      return tail.then(() => undefined);
    },
  };
}
