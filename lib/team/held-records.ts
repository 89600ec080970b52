/**
 * The stored rows (each file's copies of weekly records) the dashboard's figures are computed from, read once and then kept up to
 * date by imports, so the figures after a large import do not wait for every record to be read back.
 * The read itself is held, not its result: a view asked for while the records are read again waits
 * for that read, and never computes from the records before it (which may hold a removed file's data).
 */
export class HeldRecords<R> {
  private held: Promise<R[]> | null = null;

  constructor(private readonly load: () => Promise<R[]>) {}

  /** Every record; `reread` reads them all again (after records were removed elsewhere). */
  all(reread = false): Promise<R[]> {
    if (reread || !this.held) this.keep(this.load());
    return this.held as Promise<R[]>;
  }

  /** Adds records just stored, after the read under way if there is one; nothing is held before the first read. */
  add(records: readonly R[]): void {
    if (!this.held || records.length === 0) return;
    this.keep(this.held.then((held) => held.concat(records)));
  }

  /** Holds a read; one that fails is dropped, so the next call reads again instead of failing forever. */
  private keep(reading: Promise<R[]>): void {
    this.held = reading;
    reading.catch(() => {
      if (this.held === reading) this.held = null;
    });
  }
}
