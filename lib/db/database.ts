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
  /** Whether the user was asked what it was for: asked and waiting, skipped, or answered. */
  prompt?: "pending" | "skipped" | "answered";
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

/** An answer to "what was this visit for, and how many minutes did it save?". */
export interface TagRow {
  /** The visit tagged; one tag per visit (re-tagging replaces it). */
  visitId: number;
  toolId: string;
  /** Epoch ms of the visit's start; once retention removes the visit, only its day is kept (local midnight). */
  visitStart: number;
  /** Local day the visit started on, YYYY-MM-DD. */
  date: string;
  /** A task category id from the task list in force. */
  category: string;
  /** Minutes saved, 0–480. */
  minutesSaved: number;
  /** Private note; stays on this device and is never exported to a team report. */
  note?: string;
  /** Epoch ms when the answer was saved; coarsened to the day as `visitStart` is. */
  taggedAt: number;
}

/** A secret kept on this device; in the extension's own database, which no web page or content script can read. */
export interface SecretRow {
  /** Which secret: "device" keys team report ids and noise. */
  name: string;
  bytes: Uint8Array;
}

/**
 * One small value the extension keeps for itself (settings, the tracking state, the policy
 * copy…). Here, in the extension's own database, and not in extension storage, which content
 * scripts in AI-tool pages can write. Every value is validated when read.
 */
export interface KeptValueRow {
  key: KeptValueKey;
  value: unknown;
}

/** What is kept in `keptValues`. */
export type KeptValueKey =
  | "tracking"
  | "settings"
  | "trackingSince"
  | "policy"
  | "promptDay"
  /** Issue 13: the team key file the person imported (public keys and names only). */
  | "teamKey"
  /** Issue 13: the member code the custodian gave this person, with the team it is for. */
  | "memberCode"
  /** Written by the version 3 upgrade: values still in extension storage move here once. */
  | "importFromExtensionStorage";

/**
 * What the last team report export said of one ISO week (issue 12): a fingerprint of its content
 * and its revision, so that exporting the week again with other content gets the next revision.
 * No usage figure is stored here, only a hash of what the user already saved.
 */
export interface ExportedWeekRow {
  /** ISO week, e.g. 2026-W47. */
  week: string;
  /** `contentFingerprint` of the exported record. */
  fingerprint: string;
  revision: number;
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
  tags!: Table<TagRow, number>;
  secrets!: Table<SecretRow, string>;
  keptValues!: Table<KeptValueRow, KeptValueKey>;
  exportedWeeks!: Table<ExportedWeekRow, string>;

  constructor(name: string = DATABASE_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores({
      visits: "++id, [toolId+start], start",
      tags: "visitId, date",
      days: "[date+toolId], date",
    });
    // Version 2: secrets move out of extension storage, which content scripts can read.
    this.version(2).stores({ secrets: "name" });
    // Version 3: settings, the tracking state and every other value the worker relies on move
    // out of extension storage, which content scripts can write. An upgrade cannot wait for
    // extension storage, so it leaves a note, and the worker moves the values once, at start.
    this.version(3)
      .stores({ keptValues: "key" })
      .upgrade((tx) => tx.table("keptValues").put({ key: "importFromExtensionStorage", value: true }));
    // Version 4: the revision of each exported week (a fingerprint of what the person saved).
    this.version(4).stores({ exportedWeeks: "week" });
  }
}
