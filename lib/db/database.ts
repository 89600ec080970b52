import Dexie, { type EntityTable, type Table } from "dexie";

/**
 * A stored visit: the raw data. Segments are not stored one by one: a visit's engaged time
 * and its span carry everything the product shows, at a third of the storage.
 */
export interface VisitRow {
  id?: number;
  toolId: string;
  /** Epoch ms. */
  start: number;
  /** Epoch ms. */
  end: number;
  /** Engaged ms within the visit. */
  activeMs: number;
  /** Local day the visit started on, YYYY-MM-DD. */
  date: string;
}

/** Daily rollup per tool: what the popup and reports read. Kept after raw data expires. */
export interface DayRow {
  /** Local day, YYYY-MM-DD. */
  date: string;
  toolId: string;
  /** Engaged ms on that day. */
  activeMs: number;
  /** Visits that started on that day. */
  visits: number;
}

/** Name of the personal usage database. */
export const DATABASE_NAME = "ai-adoption-meter";

/**
 * The personal usage database. Never edit a shipped `version(n)`: add `version(n + 1)`
 * with an upgrade, and a fixture of the old version for the upgrade test.
 */
export class MeterDatabase extends Dexie {
  visits!: EntityTable<VisitRow, "id">;
  days!: Table<DayRow, [string, string]>;

  constructor(name: string = DATABASE_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores({
      visits: "++id, [toolId+start], start",
      days: "[date+toolId], date",
    });
  }
}
