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
    if (toolId !== null) {
      // Dexie's compound index [toolId+start]: the last entry of the tool is its latest visit.
      const range = IDBKeyRange.bound([toolId, -Infinity], [toolId, Infinity]);
      const latest = transaction.objectStore("visits").index("[toolId+start]").openCursor(range, "prev");
      latest.onsuccess = () => {
        result.latestVisit = latest.result?.value as VisitRow | undefined;
      };
    }
    transaction.oncomplete = () => resolve(result);
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error ?? new Error("The read was aborted"));
  });
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
