import type { WeeklyRecord } from "../report/aggregate-format";

/**
 * The JSON text of weekly records, each record's worked out once per record object (issue 16).
 * A record is written twice after its import: in its files' row of copies, then in its week's
 * row of the release ledger. Made from texts kept per record, the ledger's rows cost a join
 * instead of a second `JSON.stringify` of every released record (about 150 ms for 40,000 records,
 * after the last file, while the lead waits). Records are never changed once read, so a text kept
 * for an object stays true; the cache holds no record alive.
 */
const texts = new WeakMap<WeeklyRecord, string>();

/** `JSON.stringify(record)`, remembered for this record object. */
export function recordText(record: WeeklyRecord): string {
  let text = texts.get(record);
  if (text === undefined) {
    text = JSON.stringify(record);
    texts.set(record, text);
  }
  return text;
}

/** `JSON.stringify(records)`, made of each record's remembered text. */
export function recordsText(records: readonly WeeklyRecord[]): string {
  return `[${records.map(recordText).join(",")}]`;
}
