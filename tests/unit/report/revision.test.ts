import { describe, expect, it } from "vitest";
import { contentFingerprint, nextRevision, withRevisions } from "../../../lib/report/revision";
import { record } from "../team/fixtures";

describe("revisions of exported weeks (issue 12)", () => {
  const week = record(1);
  const tagged = { ...week, tasks: [{ category: "writing", tags: 1, minutesSaved: 15 }] };

  it("the fingerprint depends on content only, not on row order, id or revision", () => {
    const two = { ...week, tools: [...week.tools, { toolId: "claude", visits: 1, activeMinutes: 5 }] };
    const reordered = { ...two, tools: [...two.tools].reverse() };
    expect(contentFingerprint(reordered)).toBe(contentFingerprint(two));
    expect(contentFingerprint({ ...two, id: "f".repeat(64), revision: 4 })).toBe(contentFingerprint(two));
    expect(contentFingerprint(tagged)).not.toBe(contentFingerprint(week));
  });

  it.each([
    ["never exported", undefined, "a", 0],
    ["the same content again", { week: "2026-W47", fingerprint: "a", revision: 3 }, "a", 3],
    ["other content", { week: "2026-W47", fingerprint: "a", revision: 3 }, "b", 4],
  ] as const)("%s", (_name, previous, fingerprint, revision) => {
    expect(nextRevision(previous, fingerprint)).toBe(revision);
  });

  it("a re-export with two more tags has the next revision; the same export again keeps it", () => {
    const first = withRevisions([week], new Map());
    expect(first.records).toEqual([week]); // revision 0 is left out, as in older files
    const remembered = new Map(first.exported.map((e) => [e.week, e]));
    const second = withRevisions([tagged], remembered);
    expect(second.records[0]?.revision).toBe(1);
    const again = withRevisions([tagged], new Map(second.exported.map((e) => [e.week, e])));
    expect(again.records[0]?.revision).toBe(1);
  });
});
