import type { DayRow, VisitRow } from "./database";

// The popup's first figures come from here: the raw IndexedDB API, so a page can show them
// before the database library has even loaded. Read-only; never creates or upgrades anything.

/** The personal database's name; the same as `DATABASE_NAME` (a test holds them together). */
export const PERSONAL_DATABASE = "ai-adoption-meter";

/**
 * Opens the personal database as it is, at whatever version it has, for reading; null while
 * it does not exist yet (nothing recorded), in which case nothing is created.
 */
export function openForReading(factory: IDBFactory, name = PERSONAL_DATABASE): Promise<IDBDatabase | null> {
  return new Promise((resolve, reject) => {
    const request = factory.open(name);
    let missing = false;
    request.onupgradeneeded = () => {
      // Only a database that does not exist yet asks for an upgrade here: leave it to the
      // extension's own code to create, with its schema.
      missing = true;
      request.transaction?.abort();
    };
    request.onsuccess = () => {
      const db = request.result;
      // Let an upgrade by the extension's own code through at once.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    request.onerror = () => {
      if (missing) resolve(null);
      else reject(request.error ?? new Error(`Cannot open ${name}`));
    };
    request.onblocked = () => reject(new Error(`${name} is blocked by an upgrade`));
  });
}

/** What one read gives the popup's first figures. */
export interface WeekRows {
  /** Daily totals from `since` (YYYY-MM-DD) on. */
  days: DayRow[];
  /** The latest stored visit of the tool asked about, if any. */
  latestVisit: VisitRow | undefined;
}

/**
 * Daily totals from the local date `since` (YYYY-MM-DD) on, and the latest visit of
 * `toolId` (when given), in one read-only transaction: one consistent moment of the data.
 */
export function readWeekRows(db: IDBDatabase, since: string, toolId: string | null): Promise<WeekRows> {
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(["days", "visits"], "readonly");
    const result: WeekRows = { days: [], latestVisit: undefined };
    const days = transaction.objectStore("days").index("date").getAll(IDBKeyRange.lowerBound(since));
    days.onsuccess = () => {
      result.days = days.result as DayRow[];
    };
    if (toolId !== null) readLatestVisit(transaction, toolId, (visit) => (result.latestVisit = visit));
    transaction.oncomplete = () => resolve(result);
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error ?? new Error("The read was aborted"));
  });
}

/** What the popup's first paint reads, all in one transaction. */
export interface FirstRows extends WeekRows {
  /** The `keptValues` asked for, raw and unvalidated; missing ones are undefined. */
  kept: Record<string, unknown>;
}

/**
 * Everything the popup's first figures need in one read-only transaction, so one consistent
 * moment of the data and the fewest round trips: the `keptValues` in `keys`, the daily totals
 * from the local date `since` (YYYY-MM-DD) on, and the latest visit of the tool that
 * `toolOf` finds in the kept values (the segment being measured now), in the same transaction.
 */
export function readFirstRows(
  db: IDBDatabase,
  since: string,
  keys: readonly string[],
  toolOf: (kept: Record<string, unknown>) => string | null,
): Promise<FirstRows> {
  return new Promise((resolve, reject) => {
    // Before the database's version 3 there is no `keptValues` store: nothing is kept there.
    const hasKept = db.objectStoreNames.contains("keptValues");
    const transaction = db.transaction(hasKept ? ["days", "visits", "keptValues"] : ["days", "visits"], "readonly");
    const result: FirstRows = { days: [], latestVisit: undefined, kept: {} };
    const days = transaction.objectStore("days").index("date").getAll(IDBKeyRange.lowerBound(since));
    days.onsuccess = () => {
      result.days = days.result as DayRow[];
    };
    if (hasKept) {
      const store = transaction.objectStore("keptValues");
      for (const key of keys) {
        const request = store.get(key);
        request.onsuccess = () => {
          result.kept[key] = (request.result as { value?: unknown } | undefined)?.value;
        };
      }
    }
    // The latest visit of all, asked for at once: requests in one transaction answer in the
    // order asked, so the kept values are in when it answers. It is the open tool's latest
    // whenever it is of that tool (the usual case: the tool in front now); otherwise the
    // tool's own is read, one round trip more.
    const latest = transaction.objectStore("visits").index("start").openCursor(null, "prev");
    latest.onsuccess = () => {
      const toolId = toolOf(result.kept);
      if (toolId === null) return;
      const visit = latest.result?.value as VisitRow | undefined;
      if (visit?.toolId === toolId) result.latestVisit = visit;
      else readLatestVisit(transaction, toolId, (found) => (result.latestVisit = found));
    };
    transaction.oncomplete = () => resolve(result);
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error ?? new Error("The read was aborted"));
  });
}

/** Reads the latest stored visit of `toolId` in `transaction` and hands it to `found`. */
function readLatestVisit(transaction: IDBTransaction, toolId: string, found: (visit: VisitRow | undefined) => void) {
  // Dexie's compound index [toolId+start]: the last entry of the tool is its latest visit.
  const range = IDBKeyRange.bound([toolId, -Infinity], [toolId, Infinity]);
  const latest = transaction.objectStore("visits").index("[toolId+start]").openCursor(range, "prev");
  latest.onsuccess = () => found(latest.result?.value as VisitRow | undefined);
}

/**
 * Values of the `keptValues` store (the tracking state, settings, the policy copy), raw and
 * unvalidated, as one read; missing ones are undefined. Before the database's version 3 the
 * store does not exist, and nothing is found.
 */
export function readKeptValues(db: IDBDatabase, keys: readonly string[]): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const found: Record<string, unknown> = {};
    if (!db.objectStoreNames.contains("keptValues")) {
      resolve(found);
      return;
    }
    const transaction = db.transaction("keptValues", "readonly");
    const store = transaction.objectStore("keptValues");
    for (const key of keys) {
      const request = store.get(key);
      request.onsuccess = () => {
        found[key] = (request.result as { value?: unknown } | undefined)?.value;
      };
    }
    transaction.oncomplete = () => resolve(found);
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error ?? new Error("The read was aborted"));
  });
}
