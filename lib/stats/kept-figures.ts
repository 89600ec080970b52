import type { DayRow } from "../db/database";
import type { LatestVisit } from "./open-segment";

// Issue 16: the popup paints its first figures from one small read of session storage instead
// of opening the database. What it reads there is a copy of exactly the rows it would read from
// the database, kept by the worker. It must never be older than the database: the worker drops
// the copy before every write that could change a figure, and puts a new one only once the
// write is done and no other write has begun. A popup that finds no copy reads the database.

/** Version of the kept rows' shape; a copy of another version is not read. */
export const KEPT_FIGURES_VERSION = 1;

/**
 * The rows the popup's first figures are computed from, as one consistent moment of the
 * database: the daily totals from `since` on and what the segment being measured needs.
 */
export interface KeptFigures {
  version: typeof KEPT_FIGURES_VERSION;
  /** The first local date (YYYY-MM-DD) of `days`: every row from it on is here. */
  since: string;
  /** Daily totals from `since` on. */
  days: DayRow[];
  /** The latest stored visit of the tool being measured now, if any. */
  latestVisit: LatestVisit | undefined;
  /** The kept values the open segment is read from, reduced to the fields it reads (raw). */
  kept: Record<string, unknown>;
}

/**
 * What of a stored tracking state (raw) the popup's figures use, and so what the copy keeps of
 * it: the segment being measured (its tool and start; "last seen" is no figure's business) and
 * the closed segments not recorded yet. A write that leaves this, and every stored row, as it
 * was cannot change a figure.
 */
export function trackingForFigures(state: unknown): Record<string, unknown> {
  const tracking = state as
    | { engagement?: { open?: Record<string, unknown> | null }; pending?: unknown; provisional?: unknown }
    | null
    | undefined;
  const open = tracking?.engagement?.open;
  return {
    engagement: { open: open ? { toolId: open.toolId, start: open.start } : null },
    pending: tracking?.pending ?? [],
    provisional: tracking?.provisional ?? [],
  };
}

/** Where the copy lives, and how the worker reads the database for it. */
export interface KeptFiguresStore {
  /** Reads the rows from the database now. */
  read(): Promise<KeptFigures>;
  /** Puts the copy. */
  put(figures: KeptFigures): Promise<void>;
  /** Drops the copy; resolves once no reader can find it. */
  remove(): Promise<void>;
}

/** Keeps the popup's copy of its rows no older than the database. */
export interface FiguresKeeper {
  /**
   * Runs a write that may change a figure: the copy is dropped first, and a new one is put
   * once no write is running. The write runs even when the copy could not be dropped (the
   * data comes first); the failure goes to `onError`.
   */
  changing<T>(write: () => Promise<T>): Promise<T>;
  /** Runs a write that changes no figure (see `trackingForFigures`): the copy stays as it is. */
  unchanged<T>(write: () => Promise<T>): Promise<T>;
  /** Puts a fresh copy, unless a write begins meanwhile. */
  refresh(): Promise<void>;
}

/** A keeper that keeps nothing: every popup reads the database. */
export const NO_FIGURES_KEEPER: FiguresKeeper = {
  changing: (write) => write(),
  unchanged: (write) => write(),
  refresh: async () => {},
};

/** Builds the keeper over `store`; failures of the copy go to `onError`, never to the writer. */
export function createFiguresKeeper(store: KeptFiguresStore, onError: (error: unknown) => void): FiguresKeeper {
  /** Writes begun and not finished. */
  let running = 0;
  /** Counts every write begun: a copy read before the latest began is not put. */
  let begun = 0;

  async function refresh(): Promise<void> {
    if (running > 0) return;
    const seen = begun;
    try {
      const figures = await store.read();
      // Checked and put in one turn: a write that begins later drops the copy after this put,
      // because one context's storage calls are answered in the order they were made.
      if (running > 0 || begun !== seen) return;
      await store.put(figures);
    } catch (error) {
      onError(error);
    }
  }

  return {
    async changing(write) {
      running += 1;
      begun += 1;
      try {
        await store.remove().catch(onError);
        return await write();
      } finally {
        running -= 1;
        void refresh();
      }
    },
    unchanged: (write) => write(),
    refresh,
  };
}
