import type { WeeklyRecord } from "../report/aggregate-format";
import { contentFingerprint } from "../report/revision";

/**
 * `contentFingerprint` of a weekly record, worked out once per record object (issue 16): the same
 * held records are compared by the import's de-duplication and again by every release plan, and
 * 40,000 fingerprints cost most of a second. Records are never changed once read, so a fingerprint
 * kept for an object stays true; the cache holds no record alive.
 */
const fingerprints = new WeakMap<WeeklyRecord, string>();

/** The content fingerprint of `record` (see `contentFingerprint`), remembered for this record object. */
export function fingerprintOf(record: WeeklyRecord): string {
  let fingerprint = fingerprints.get(record);
  if (fingerprint === undefined) {
    fingerprint = contentFingerprint(record);
    fingerprints.set(record, fingerprint);
  }
  return fingerprint;
}
