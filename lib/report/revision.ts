import type { IsoWeek } from "../time/iso-week";
import type { WeeklyRecord } from "./aggregate-format";

/**
 * Revisions of weekly records (issue 12). A week exported again with the same content keeps its
 * revision, so re-sending a file changes nothing; exported with other content (a tag added after
 * the first export), it gets the next revision, and the lead keeps the newest one of each id.
 */

/** What the device remembers of the last export of one ISO week: its content fingerprint and revision. */
export interface ExportedWeek {
  readonly week: IsoWeek;
  /** `contentFingerprint` of the record last exported for the week. */
  readonly fingerprint: string;
  readonly revision: number;
}

/**
 * A short fingerprint of everything a record says except its id and revision: equal for equal
 * content, whatever the order of its rows. 53-bit string hash (cyrb53), hex; not a secret and
 * not a security boundary, only a way to tell "same content" from "other content".
 */
export function contentFingerprint(record: WeeklyRecord): string {
  const tools = [...record.tools]
    .sort((a, b) => (a.toolId < b.toolId ? -1 : a.toolId > b.toolId ? 1 : 0))
    .map((tool) => [tool.toolId, tool.visits, tool.activeMinutes]);
  const tasks = [...record.tasks]
    .sort((a, b) => (a.category < b.category ? -1 : a.category > b.category ? 1 : 0))
    .map((task) => [task.category, task.tags, task.minutesSaved]);
  const text = JSON.stringify([
    record.week,
    record.weeksSinceTraining,
    record.activeDays,
    tools,
    tasks,
    record.features.active,
    record.features.activeInWeeks1to4,
  ]);
  return cyrb53(text).toString(16).padStart(14, "0");
}

/**
 * The revision to write for a week whose new content has `fingerprint`, given what the last
 * export of that week said (undefined when it was never exported): the same revision for the
 * same content, the next one for other content, 0 the first time.
 */
export function nextRevision(previous: ExportedWeek | undefined, fingerprint: string): number {
  if (!previous) return 0;
  return previous.fingerprint === fingerprint ? previous.revision : previous.revision + 1;
}

/**
 * Sets each record's revision from what the device remembers (`previous`, by ISO week) and returns
 * the records with their revision (left out when 0, as in files written before revisions existed)
 * and what to remember of this export.
 */
export function withRevisions(
  records: readonly WeeklyRecord[],
  previous: ReadonlyMap<string, ExportedWeek>,
): { records: WeeklyRecord[]; exported: ExportedWeek[] } {
  const exported: ExportedWeek[] = [];
  const out = records.map((record) => {
    const { revision: _ignored, ...content } = record;
    const fingerprint = contentFingerprint(content);
    const revision = nextRevision(previous.get(record.week), fingerprint);
    exported.push({ week: record.week, fingerprint, revision });
    return revision === 0 ? content : { ...content, revision };
  });
  return { records: out, exported };
}

/** cyrb53: a fast 53-bit string hash with good spread (public domain). */
function cyrb53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
