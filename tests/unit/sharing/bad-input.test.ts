import { beforeAll, describe, expect, it } from "vitest";
import {
  buildRequest,
  type CustodianState,
  cancelRequest,
  importAnswer,
  importSharesFile,
} from "../../../lib/sharing/custodian";
import { buildSharesFile } from "../../../lib/sharing/employee";
import type { AggregateShareFile, AnswerFile, RequestFile, SharesFile } from "../../../lib/sharing/formats";
import { answerRequest, combineAggregateShare, type LeadState } from "../../../lib/sharing/lead";
import { plainWeekTotals } from "../../../lib/sharing/measurement";
import { teamIdOf } from "../../../lib/sharing/team-config";
import { makeTeam, recordsOf, sharesOf, states, type Team, VERSION, viaFile } from "./fixtures";
import { collect, ok } from "./flow";

const WEEK = "2026-W47";

/** Flips one character of a base64url text in the middle: a tampered ciphertext. */
function flip(text: string): string {
  const i = Math.floor(text.length / 2);
  return text.slice(0, i) + (text[i] === "A" ? "B" : "A") + text.slice(i + 1);
}

/** A deep copy, for "the state did not change". */
const snapshot = <T>(value: T): T => structuredClone(value);

let team: Team;
let files: SharesFile[];
let held: CustodianState;
let requested: CustodianState;
let request: RequestFile;
let lead0: LeadState;
let answered: LeadState;
let answer: AnswerFile;
let released: CustodianState;
let aggregateShare: AggregateShareFile;

beforeAll(async () => {
  team = await makeTeam();
  const fresh = await states(team);
  lead0 = fresh.lead;
  files = await Promise.all([1, 2, 3, 4, 5].map((n) => sharesOf(team, n, [WEEK])));
  held = await collect(team, fresh.custodian, files);
  const built = ok(await buildRequest(held, team.config, team.custodian, WEEK, VERSION));
  requested = built.state;
  request = built.request;
  const a = ok(await answerRequest(lead0, team.config, team.lead, viaFile(request), VERSION));
  answered = a.state;
  answer = a.answer;
  const r = ok(await importAnswer(requested, team.config, viaFile(answer), VERSION));
  if (r.outcome !== "released") throw new Error("withheld");
  released = r.state;
  aggregateShare = r.aggregateShare;
}, 60_000);

describe("shares file: refused whole, state unchanged", () => {
  it.each([
    ["newer format", (f: SharesFile) => ({ ...f, format: "ai-adoption-meter/shares@2" }), "formatVersion"],
    ["older format", (f: SharesFile) => ({ ...f, format: "ai-adoption-meter/shares@0" }), "formatVersion"],
    ["another team", (f: SharesFile) => ({ ...f, teamId: "0".repeat(64) }), "wrongTeam"],
    ["another key", (f: SharesFile) => ({ ...f, leadKey: "0".repeat(16) }), "wrongKey"],
    ["a request given as shares", () => request, "malformed"],
    ["not a file of ours", () => ({ hello: 1 }), "malformed"],
    ["a damaged field", (f: SharesFile) => ({ ...f, reports: [{ ...f.reports[0], week: "W47" }] }), "malformed"],
  ] as const)("%s", async (_name, change, kind) => {
    const before = snapshot(held);
    const result = await importSharesFile(held, team.config, team.custodian, viaFile(change(files[0] as SharesFile)));
    expect(result).toMatchObject({ ok: false, kind });
    expect(result.state).toBe(held);
    expect(held).toEqual(before);
  });

  it("a file made under another team setting (same keys, other k) is another team", async () => {
    const other = { ...team.config, k: 6 };
    const records = (await recordsOf(other, 9)).filter((r) => r.week === WEEK);
    const file = await buildSharesFile({ team: other, records, sender: "Employee 9", generatorVersion: VERSION });
    expect(await importSharesFile(held, team.config, team.custodian, viaFile(file))).toMatchObject({
      ok: false,
      kind: "wrongTeam",
    });
  });
});

describe("shares file: refused per report", () => {
  it.each([
    [
      "the custodian's share",
      (r: SharesFile["reports"][number]) => ({
        ...r,
        custodianShare: { ...r.custodianShare, ciphertext: flip(r.custodianShare.ciphertext) },
      }),
    ],
    [
      "the sender label",
      (r: SharesFile["reports"][number]) => ({ ...r, sender: { ...r.sender, ciphertext: flip(r.sender.ciphertext) } }),
    ],
    [
      "the public share (bound into every ciphertext)",
      (r: SharesFile["reports"][number]) => ({ ...r, publicShare: flip(r.publicShare) }),
    ],
    ["the week (bound into every ciphertext)", (r: SharesFile["reports"][number]) => ({ ...r, week: "2026-W46" })],
  ])("tampered %s", async (_name, change) => {
    const file = await sharesOf(team, 6, [WEEK]);
    const tampered = { ...file, reports: file.reports.map(change) };
    const result = ok(await importSharesFile(held, team.config, team.custodian, viaFile(tampered)));
    expect(result.reports.map((r) => !r.ok && r.kind)).toEqual(["tampered"]);
    expect(result.state.waiting).toEqual(held.waiting);
  });

  it("a second report of the same member for the same week (another device) is refused; other weeks are taken", async () => {
    const other = await recordsOf(team.config, 42);
    const file = await buildSharesFile({
      team: team.config,
      records: other,
      sender: "Employee 1",
      generatorVersion: VERSION,
    });
    const result = ok(await importSharesFile(held, team.config, team.custodian, viaFile(file)));
    expect(result.reports.map((r) => (r.ok ? `${r.week} ok` : `${r.week} ${r.kind}`))).toEqual([
      "2026-W45 ok",
      "2026-W46 ok",
      "2026-W47 secondReport",
      "2026-W48 ok",
    ]);
  });
});

describe("request: refused, the lead's state unchanged", () => {
  it.each([
    ["newer format", (r: RequestFile) => ({ ...r, format: "ai-adoption-meter/protected-request@2" }), "formatVersion"],
    ["another team", (r: RequestFile) => ({ ...r, teamId: "1".repeat(64) }), "wrongTeam"],
    ["another key", (r: RequestFile) => ({ ...r, custodianKey: "1".repeat(16) }), "wrongKey"],
    [
      "a batch id that does not match",
      (r: RequestFile) => ({ ...r, batch: { ...r.batch, id: "2026-W46-batch-1" } }),
      "wrongBatch",
    ],
    [
      "a tampered verify key",
      (r: RequestFile) => ({
        ...r,
        verifyKey: r.verifyKey && { ...r.verifyKey, ciphertext: flip(r.verifyKey.ciphertext) },
      }),
      "tampered",
    ],
    ["an answer given as a request", () => answer, "malformed"],
  ] as const)("%s", async (_name, change, kind) => {
    const before = snapshot(lead0);
    expect(await answerRequest(lead0, team.config, team.lead, viaFile(change(request)), VERSION)).toMatchObject({
      ok: false,
      kind,
    });
    expect(lead0).toEqual(before);
  });

  it("replayed: the same request again", async () => {
    expect(await answerRequest(answered, team.config, team.lead, viaFile(request), VERSION)).toMatchObject({
      ok: false,
      kind: "replayed",
    });
  });

  it("reordered: request 1 after request 2 (request 1 cancelled, request 2 answered first)", async () => {
    const cancelled = cancelRequest(requested);
    expect(cancelled.batches[0]?.status).toBe("withheld");
    expect(await importAnswer(cancelled, team.config, viaFile(answer), VERSION)).toMatchObject({ kind: "wrongBatch" });
    const later = await collect(
      team,
      cancelled,
      await Promise.all([1, 2, 3, 4, 5].map((n) => sharesOf(team, n, ["2026-W48"]))),
    );
    const second = ok(await buildRequest(later, team.config, team.custodian, "2026-W48", VERSION));
    expect(second.request.batch).toEqual({ id: "2026-W48-batch-2", sequence: 2, week: "2026-W48" });
    // No answer came back yet, so the verify key travels again.
    expect(second.request.verifyKey).not.toBeNull();
    const took = ok(await answerRequest(lead0, team.config, team.lead, viaFile(second.request), VERSION));
    expect(took.valid).toBe(5);
    const before = snapshot(took.state);
    expect(await answerRequest(took.state, team.config, team.lead, viaFile(request), VERSION)).toMatchObject({
      ok: false,
      kind: "outOfOrder",
    });
    expect(took.state).toEqual(before);
  }, 30_000);

  it("a request without the verify key before the lead has it", async () => {
    const keyless = { ...request, verifyKey: null };
    expect(await answerRequest(lead0, team.config, team.lead, viaFile(keyless), VERSION)).toMatchObject({
      ok: false,
      kind: "outOfOrder",
    });
  });

  it("a tampered lead share rejects that report only", async () => {
    const tampered = {
      ...request,
      reports: request.reports.map((r, i) =>
        i === 0 ? { ...r, leadShare: { ...r.leadShare, ciphertext: flip(r.leadShare.ciphertext) } } : r,
      ),
    };
    const result = ok(await answerRequest(lead0, team.config, team.lead, viaFile(tampered), VERSION));
    expect(result.rejected).toEqual([{ reportId: request.reports[0]?.reportId, reason: "undecryptable" }]);
    expect(result.valid).toBe(4);
  });

  it("a tampered custodian preparation share fails the proof of that report", async () => {
    const tampered = {
      ...request,
      reports: request.reports.map((r, i) => (i === 1 ? { ...r, custodianPrepShare: flip(r.custodianPrepShare) } : r)),
    };
    const result = ok(await answerRequest(lead0, team.config, team.lead, viaFile(tampered), VERSION));
    expect(result.rejected.map((r) => r.reason)).toEqual(["proofFailed"]);
  });
});

describe("answer: refused, the custodian's state unchanged", () => {
  const firstValid = (a: AnswerFile) => a.valid[0] as AnswerFile["valid"][number];
  it.each([
    ["older format", (a: AnswerFile) => ({ ...a, format: "ai-adoption-meter/protected-answer@0" }), "formatVersion"],
    ["another team", (a: AnswerFile) => ({ ...a, teamId: "2".repeat(64) }), "wrongTeam"],
    ["another key", (a: AnswerFile) => ({ ...a, leadKey: "2".repeat(16) }), "wrongKey"],
    [
      "another batch",
      (a: AnswerFile) => ({ ...a, batch: { ...a.batch, id: `${WEEK}-batch-7`, sequence: 7 } }),
      "wrongBatch",
    ],
    ["another request", (a: AnswerFile) => ({ ...a, requestDigest: "3".repeat(64) }), "wrongBatch"],
    ["a report left out", (a: AnswerFile) => ({ ...a, valid: a.valid.slice(1) }), "wrongBatch"],
    [
      "a report named twice",
      (a: AnswerFile) => ({ ...a, rejected: [{ reportId: firstValid(a).reportId, reason: "proofFailed" }] }),
      "wrongBatch",
    ],
    [
      "a failing proof called valid",
      (a: AnswerFile) => ({
        ...a,
        valid: [{ ...firstValid(a), leadPrepShare: flip(firstValid(a).leadPrepShare) }, ...a.valid.slice(1)],
      }),
      "tampered",
    ],
    [
      "a wrong preparation message",
      (a: AnswerFile) => ({
        ...a,
        valid: [{ ...firstValid(a), prepMessage: flip(firstValid(a).prepMessage) }, ...a.valid.slice(1)],
      }),
      "tampered",
    ],
  ] as const)("%s", async (_name, change, kind) => {
    const before = snapshot(requested);
    expect(await importAnswer(requested, team.config, viaFile(change(answer)), VERSION)).toMatchObject({
      ok: false,
      kind,
    });
    expect(requested).toEqual(before);
  });

  it("replayed: the same answer again", async () => {
    expect(await importAnswer(released, team.config, viaFile(answer), VERSION)).toMatchObject({
      ok: false,
      kind: "replayed",
    });
  });
});

describe("aggregate share: refused, the lead's state unchanged", () => {
  it.each([
    [
      "newer format",
      (s: AggregateShareFile) => ({ ...s, format: "ai-adoption-meter/protected-aggregate-share@2" }),
      "formatVersion",
    ],
    ["another team", (s: AggregateShareFile) => ({ ...s, teamId: "4".repeat(64) }), "wrongTeam"],
    ["another key", (s: AggregateShareFile) => ({ ...s, custodianKey: "4".repeat(16) }), "wrongKey"],
    [
      "another batch",
      (s: AggregateShareFile) => ({ ...s, batch: { ...s.batch, id: `${WEEK}-batch-3`, sequence: 3 } }),
      "wrongBatch",
    ],
    ["another answer", (s: AggregateShareFile) => ({ ...s, answerDigest: "5".repeat(64) }), "wrongBatch"],
    ["a changed count", (s: AggregateShareFile) => ({ ...s, reports: s.reports + 1 }), "wrongBatch"],
    [
      "a tampered share",
      (s: AggregateShareFile) => ({ ...s, share: { ...s.share, ciphertext: flip(s.share.ciphertext) } }),
      "tampered",
    ],
  ] as const)("%s", async (_name, change, kind) => {
    const before = snapshot(answered);
    expect(
      await combineAggregateShare(answered, team.config, team.lead, viaFile(change(aggregateShare))),
    ).toMatchObject({ ok: false, kind });
    expect(answered).toEqual(before);
  });

  it("after every refusal the real files still give exactly the plain sums, once", async () => {
    const combined = ok(await combineAggregateShare(answered, team.config, team.lead, viaFile(aggregateShare)));
    const records = (await Promise.all([1, 2, 3, 4, 5].map((n) => recordsOf(team.config, n))))
      .flat()
      .filter((r) => r.week === WEEK);
    expect(combined.totals).toEqual(plainWeekTotals(records, team.config.layout, WEEK));
    expect(await combineAggregateShare(combined.state, team.config, team.lead, viaFile(aggregateShare))).toMatchObject({
      ok: false,
      kind: "replayed",
    });
    expect(await teamIdOf(team.config)).toBe(aggregateShare.teamId);
  });
});
