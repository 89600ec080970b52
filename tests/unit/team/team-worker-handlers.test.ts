import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listFiles, TeamDatabase } from "../../../lib/team/team-database";
import { createTeamHandlers, serveTeamMessages } from "../../../lib/team/team-worker-handlers";
import type { TeamReply } from "../../../lib/team/worker-protocol";
import { aggregateFile, NOW, PLAIN, record } from "./fixtures";

let db: TeamDatabase;
beforeEach(() => {
  db = new TeamDatabase(`test-team-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await db.delete();
});

const RULES = { toolIds: ["chatgpt"], categoryIds: [], readerVersion: null };
const bytesOf = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;
const fileOf = (n: number) =>
  JSON.stringify(aggregateFile([record(n)], { period: { from: "2026-W47", to: "2026-W47" } }));

/** Posts one message as the page does and collects every reply until the answer or the error. */
async function post(serve: ReturnType<typeof serveTeamMessages>, data: unknown): Promise<TeamReply[]> {
  const { port1, port2 } = new MessageChannel();
  const replies: TeamReply[] = [];
  const done = new Promise<void>((resolve) => {
    port1.onmessage = (event) => {
      replies.push(event.data as TeamReply);
      if ((event.data as TeamReply).kind !== "progress") resolve();
    };
  });
  serve(data, port2);
  await done;
  port1.close();
  return replies;
}

describe("the dashboard worker's handlers", () => {
  it("import bytes, list the files, build the view, remove a file: all through the protocol", async () => {
    const serve = serveTeamMessages(createTeamHandlers(db));
    const files = [1, 2, 3, 4, 5].map((n) => ({
      name: `p${n}.json`,
      sizeBytes: fileOf(n).length,
      problem: null,
      bytes: bytesOf(fileOf(n)),
    }));
    const refused = { name: "notes.txt", sizeBytes: 3, problem: "not JSON", bytes: null };
    const imported = await post(serve, {
      name: "importFiles",
      request: { files: [...files, refused], now: NOW, rules: RULES },
    });
    expect(imported[0]).toEqual({ kind: "progress", progress: { done: 0, total: 6 } });
    const answer = imported.at(-1) as Extract<TeamReply, { kind: "answer" }>;
    expect((answer.answer as { outcomes: { verdict: string }[] }).outcomes.map((o) => o.verdict)).toEqual([
      "imported",
      "imported",
      "imported",
      "imported",
      "imported",
      "rejected",
    ]);

    const [list] = await post(serve, { name: "listFiles", request: { limit: 2 } });
    expect(list).toMatchObject({ kind: "answer", answer: { total: 6, verdicts: { imported: 5, rejected: 1 } } });
    expect((list as { answer: { listed: unknown[] } }).answer.listed).toHaveLength(2);

    const [shown] = await post(serve, { name: "getView", request: { options: PLAIN } });
    expect(shown).toMatchObject({ kind: "answer", answer: { waiting: 0, view: { weeks: [{ week: "2026-W47" }] } } });

    const fileId = ((answer.answer as { outcomes: { fileId: number }[] }).outcomes[0] as { fileId: number }).fileId;
    const [removed] = await post(serve, { name: "removeFiles", request: { fileIds: [fileId] } });
    expect(removed).toEqual({ kind: "answer", answer: { removed: 1 } });
    // One person leaving is held back by the release rule.
    const [after] = await post(serve, { name: "getView", request: { options: PLAIN } });
    expect(after).toMatchObject({ kind: "answer", answer: { waiting: 1 } });
  });

  it.each([
    ["an unknown message", { name: "dropDatabase", request: {} }],
    ["a malformed request", { name: "removeFiles", request: { fileIds: "all" } }],
    ["no envelope", "hello"],
  ])("answers %s with an error and changes nothing", async (_, data) => {
    const serve = serveTeamMessages(createTeamHandlers(db));
    const [reply] = await post(serve, data);
    expect(reply?.kind).toBe("error");
    expect((await listFiles(db)).length).toBe(0);
  });
});
