import type { WeeklyRecord } from "../report/aggregate-format";

/**
 * The weekly records the dashboard's figures are computed from, read once and then kept up to
 * date by imports, so the figures after a large import do not wait for every record to be read back.
 * The read itself is held, not its result: a view asked for while the records are read again waits
 * for that read, and never computes from the records before it (which may hold a removed file's data).
 */
export class HeldRecords {
  private held: Promise<WeeklyRecord[]> | null = null;

  constructor(private readonly load: () => Promise<WeeklyRecord[]>) {}

  /** Every record; `reread` reads them all again (after records were removed elsewhere). */
  all(reread = false): Promise<WeeklyRecord[]> {
    if (reread || !this.held) this.keep(this.load());
    return this.held as Promise<WeeklyRecord[]>;
  }

  /** Adds records just stored, after the read under way if there is one; nothing is held before the first read. */
  add(records: readonly WeeklyRecord[]): void {
    if (!this.held || records.length === 0) return;
    this.keep(this.held.then((held) => held.concat(records)));
  }

  /** Holds a read; one that fails is dropped, so the next call reads again instead of failing forever. */
  private keep(reading: Promise<WeeklyRecord[]>): void {
    this.held = reading;
    reading.catch(() => {
      if (this.held === reading) this.held = null;
    });
  }
}
