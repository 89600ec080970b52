import Dexie, { type EntityTable, type Table } from "dexie";

/** One closed piece of engaged time; lies within one local day. Key: [toolId+start]. */
export interface SegmentRow {
  toolId: string;
  /** Epoch ms. */
  start: number;
  /** Epoch ms. */
  end: number;
  /** The visit this segment belongs to. */
  visitId: number;
}

/** A stored visit. */
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
  segments!: Table<SegmentRow, [string, number]>;
  visits!: EntityTable<VisitRow, "id">;
  days!: Table<DayRow, [string, string]>;

  constructor(name: string = DATABASE_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores({
      segments: "[toolId+start], start, visitId",
      visits: "++id, [toolId+start], start, date",
      days: "[date+toolId], date",
    });
  }
}
