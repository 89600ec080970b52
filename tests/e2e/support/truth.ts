import { expect, type Page } from "@playwright/test";

/** Sleeps in real time: these tests measure real engaged time. */
export function hold(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The true engaged time of a scenario, kept by the test's own clock at the moments it
 * acts: `start()` right after an AI page committed, `stop()` right before leaving it.
 */
export class Stopwatch {
  private startedAt: number | null = null;
  private total = 0;

  start(at = Date.now()): void {
    this.startedAt = at;
  }

  stop(at = Date.now()): void {
    if (this.startedAt === null) throw new Error("stop() without start()");
    this.total += at - this.startedAt;
    this.startedAt = null;
  }

  /**
   * Starts the clock at an action that takes effect somewhere while it runs (a tab being
   * created and activated): the middle of the action is the best estimate of the moment.
   */
  async startAround<T>(action: () => Promise<T>): Promise<T> {
    const [result, at] = await around(action);
    this.start(at);
    return result;
  }

  /** Stops the clock at an action that takes effect while it runs; see startAround. */
  async stopAround<T>(action: () => Promise<T>): Promise<T> {
    const [result, at] = await around(action);
    this.stop(at);
    return result;
  }

  /** Seconds counted so far. */
  get seconds(): number {
    return this.total / 1000;
  }
}

/** Navigates and returns as soon as the new URL is committed: that is when engagement starts. */
export async function navigate(page: Page, url: string): Promise<void> {
  await page.goto(url, { waitUntil: "commit" });
}

/** The suite's error limit: measured within 1 s of the truth. */
export function expectWithinOneSecond(measured: number | undefined, truth: number, what: string): void {
  expect(measured, `${what}: nothing measured`).toBeDefined();
  const error = (measured ?? 0) - truth;
  expect(Math.abs(error), `${what}: measured ${measured} s, truth ${truth.toFixed(3)} s`).toBeLessThanOrEqual(1);
}

async function around<T>(action: () => Promise<T>): Promise<[T, number]> {
  const before = Date.now();
  const result = await action();
  return [result, (before + Date.now()) / 2];
}
