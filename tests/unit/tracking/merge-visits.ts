import type { Segment } from "../../../lib/tracking/day-split";
import { joinVisit, type Visit } from "../../../lib/tracking/visits";

// The tests' oracle: the recording path joins one segment at a time with joinVisit.
/** Merges time-ordered segments into visits, per tool, with the given session gap (ms). */
export function mergeIntoVisits(segments: readonly Segment[], gapMs: number): Visit[] {
  const visits: Visit[] = [];
  const latestByTool = new Map<string, number>();
  for (const segment of segments) {
    const index = latestByTool.get(segment.toolId);
    const { visit, isNew } = joinVisit(index === undefined ? undefined : visits[index], segment, gapMs);
    if (isNew || index === undefined) {
      latestByTool.set(segment.toolId, visits.length);
      visits.push(visit);
    } else {
      visits[index] = visit;
    }
  }
  return visits;
}
