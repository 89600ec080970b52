import type { Segment } from "../tracking/day-split";
import { type PersistedTracking, parsePersistedTracking } from "../tracking/persisted-state";
import type { TrackingStore } from "../tracking/service";
import type { MeterDatabase } from "./database";
import { recordSegments } from "./recording";
import { pruneRawData } from "./retention";
import { isQuotaError } from "./write-error";

/**
 * The tracking service's store, in the extension's own database: closed segments and the
 * state that follows them are written in one transaction, so a worker that dies between two
 * writes cannot leave one without the other.
 */
export function createTrackingStore(db: MeterDatabase): TrackingStore {
  const { visits, days, tags, secrets, keptValues, exportedWeeks } = db;
  return {
    async load() {
      return parsePersistedTracking((await keptValues.get("tracking"))?.value);
    },
    commit(state: PersistedTracking, segments: readonly Segment[], sessionGapMs: number) {
      return db.transaction("rw", [visits, days, keptValues], async () => {
        await recordSegments(db, segments, sessionGapMs);
        await keptValues.put({ key: "tracking", value: state });
      });
    },
    async save(state) {
      await keptValues.put({ key: "tracking", value: state });
    },
    async prune(cutoff) {
      await pruneRawData(db, cutoff);
    },
    deleteAll(state) {
      // The device secret goes too: with no data left, no earlier week can be exported again,
      // and so do the revisions of exported weeks.
      return db.transaction("rw", [visits, days, tags, secrets, keptValues, exportedWeeks], async () => {
        await Promise.all([visits.clear(), days.clear(), tags.clear(), secrets.clear(), exportedWeeks.clear()]);
        await keptValues.put({ key: "tracking", value: state });
      });
    },
    async readAll() {
      const [allDays, allVisits, allTags] = await Promise.all([days.toArray(), visits.toArray(), tags.toArray()]);
      return { days: allDays, visits: allVisits, tags: allTags };
    },
    isFull: isQuotaError,
  };
}
