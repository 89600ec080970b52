import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HolderDatabase } from "../../../lib/db/holder-database";
import { type CustodianAnswer, custodianService } from "../../../lib/holders/custodian-service";
import type { DueFile, WithoutTeam } from "../../../lib/holders/hand-offs";
import { type LeadAnswer, leadService } from "../../../lib/holders/lead-service";
import { buildSharesFile } from "../../../lib/sharing/employee";
import { plainWeekTotals } from "../../../lib/sharing/measurement";
import type { TeamConfig } from "../../../lib/sharing/team-config";
import { readTeamKeyFile } from "../../../lib/sharing/team-config";
import { DEFAULT_TASK_CATEGORIES } from "../../../lib/tagging/categories";
import { recordsOf, TOOLS, VERSION } from "../sharing/fixtures";

// The custodian's page and the lead's section as their workers run them, over their own
// databases, with files passed as text the way people pass them.

const noProgress = () => {};
const WEEK = "2026-W48";
let custodianDb: HolderDatabase;
let leadDb: HolderDatabase;
let custodian: ReturnType<typeof custodianService>;
let lead: ReturnType<typeof leadService>;

beforeEach(() => {
  custodianDb = new HolderDatabase(`custodian-${crypto.randomUUID()}`);
  leadDb = new HolderDatabase(`lead-${crypto.randomUUID()}`);
  custodian = custodianService(custodianDb);
  lead = leadService(leadDb);
});
afterEach(async () => {
  await Promise.all([custodianDb.delete(), leadDb.delete()]);
});

const c = (request: WithoutTeam<Parameters<typeof custodian>[0]>) =>
  custodian({ ...request, policyTeam: null } as Parameters<typeof custodian>[0], noProgress);
const l = (request: WithoutTeam<Parameters<typeof lead>[0]>) =>
  lead({ ...request, policyTeam: null } as Parameters<typeof lead>[0], noProgress);

/** Both holders set up through their pages' requests: keys, the lead's team key file, the custodian's member list. */
async function setUp(members: number): Promise<TeamConfig> {
  const custodianKey = (await c({ type: "createKey", now: 1 })).view.publicKey as string;
  expect((await l({ type: "view" })).view.step.kind).toBe("createKey");
  await l({ type: "createKey", now: 1 });
  expect((await l({ type: "view" })).view.step.kind).toBe("leadTeam");
  const set = await l({
    type: "setTeam",
    version: VERSION,
    draft: {
      teamLabel: "Finance",
      leadName: "Dana",
      custodianName: "Sam",
      custodianKey,
      k: 5,
      noiseEpsilon: 0,
      layout: { toolIds: [...TOOLS], categoryIds: DEFAULT_TASK_CATEGORIES.map((x) => x.id).sort(), roundingMinutes: 5 },
    },
  });
  const teamKey = set.view.teamKeyFile as DueFile;
  expect(teamKey.fileName).toBe("team-key-finance.json");
  expect((await c({ type: "view" })).view.step.kind).toBe("custodianTeamKey");
  const imported = await c({ type: "importTeamKey", name: teamKey.fileName, text: teamKey.text });
  expect(imported.verdicts[0]?.ok).toBe(true);
  expect(imported.view.step.kind).toBe("members");
  await c({ type: "setMembers", members: Array.from({ length: members }, (_, i) => `Employee ${i + 1}`) });
  const read = await readTeamKeyFile(JSON.parse(teamKey.text));
  if (!read.ok) throw new Error(read.message);
  return read.team;
}

async function sharesText(team: TeamConfig, n: number, sender = `Employee ${n}`, memberCode: string | null = null) {
  const records = (await recordsOf(team, n)).filter((r) => r.week === WEEK);
  return {
    name: `shares-${n}.json`,
    text: JSON.stringify(await buildSharesFile({ team, records, sender, memberCode, generatorVersion: VERSION })),
  };
}

function dueOf(answer: CustodianAnswer | LeadAnswer, kind: DueFile["kind"]): DueFile {
  const file = answer.view.due.find((d) => d.kind === kind);
  if (!file) throw new Error(`no ${kind} due`);
  return file;
}

describe("custodian and lead services", () => {
  it("six employees' week goes through all four steps and equals direct sharing's totals", async () => {
    const team = await setUp(6);
    const files = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => sharesText(team, n)));
    const taken = await c({ type: "import", files, onlyNew: false, version: VERSION });
    expect(taken.verdicts.map((v) => v.ok)).toEqual([true, true, true, true, true, true]);
    expect(taken.view.step).toMatchObject({ kind: "prepareRequest", index: 1, params: [WEEK, "6"] });

    const requested = await c({ type: "buildRequest", week: WEEK, version: VERSION });
    const request = dueOf(requested, "request");
    expect(requested.view.step).toMatchObject({ kind: "sendRequest", index: 2, params: ["Dana", request.fileName] });
    expect(request.fileName).toBe(`protected-request-${WEEK}-batch-1-for-dana.json`);
    await c({ type: "handedOut", files: [request] });
    expect((await c({ type: "view" })).view.step).toMatchObject({ kind: "importAnswer", index: 3 });

    const answered = await l({
      type: "import",
      files: [{ name: request.fileName, text: request.text }],
      onlyNew: false,
      version: VERSION,
    });
    expect(answered.verdicts[0]).toMatchObject({ ok: true });
    const answer = dueOf(answered, "answer");
    expect(answered.view.step).toMatchObject({ kind: "sendAnswer", index: 2, params: ["Sam", answer.fileName] });
    // A replayed request gets its verdict and changes nothing.
    const replay = await l({
      type: "import",
      files: [{ name: "again.json", text: request.text }],
      onlyNew: false,
      version: VERSION,
    });
    expect(replay.verdicts[0]).toMatchObject({ ok: false, message: expect.stringMatching(/already answered/) });
    await l({ type: "handedOut", files: [answer] });

    const released = await c({
      type: "import",
      files: [{ name: answer.fileName, text: answer.text }],
      onlyNew: false,
      version: VERSION,
    });
    expect(released.verdicts[0]?.ok).toBe(true);
    const sum = dueOf(released, "aggregateShare");
    expect(released.view.step).toMatchObject({ kind: "sendSum", index: 4 });

    const combined = await l({
      type: "import",
      files: [{ name: sum.fileName, text: sum.text }],
      onlyNew: false,
      version: VERSION,
    });
    expect(combined.verdicts[0]?.ok).toBe(true);
    const records = (await Promise.all([1, 2, 3, 4, 5, 6].map((n) => recordsOf(team, n))))
      .flat()
      .filter((r) => r.week === WEEK);
    expect(combined.view.totals).toEqual([plainWeekTotals(records, team.layout, WEEK)]);
    expect(combined.view.step).toMatchObject({ kind: "figuresIn", index: 4 });
  });

  it("refuses a batch of k − 1 and keeps the reports waiting", async () => {
    const team = await setUp(6);
    const files = await Promise.all([1, 2, 3, 4].map((n) => sharesText(team, n)));
    const taken = await c({ type: "import", files, onlyNew: false, version: VERSION });
    expect(taken.view.readyWeeks).toEqual([]);
    expect(taken.view.step).toMatchObject({ kind: "collect" });
    const refused = await c({ type: "buildRequest", week: WEEK, version: VERSION });
    expect(refused.verdicts[0]).toMatchObject({ ok: false });
    expect(refused.view.due).toEqual([]);
    expect(refused.view.waiting).toEqual([{ week: WEEK, reports: 4 }]);
  });

  it("a lead's own forged shares files get nowhere", async () => {
    const team = await setUp(6);
    const real = [await sharesText(team, 1)];
    const forged = await Promise.all([7, 8, 9, 10].map((n) => sharesText(team, n, `Forged ${n}`)));
    // At the lead's own page: never taken.
    const atLead = await l({ type: "import", files: forged, onlyNew: false, version: VERSION });
    expect(atLead.verdicts.every((v) => !v.ok)).toBe(true);
    // Slipped to the custodian: senders not on the member list are refused, so the week never fills.
    const atCustodian = await c({ type: "import", files: [...real, ...forged], onlyNew: false, version: VERSION });
    expect(atCustodian.verdicts.map((v) => v.ok)).toEqual([true, false, false, false, false]);
    expect(atCustodian.view.waiting).toEqual([{ week: WEEK, reports: 1 }]);
  });

  it("a folder read again passes over files it saw; a shares file read by hand again is a duplicate", async () => {
    const team = await setUp(6);
    const file = await sharesText(team, 1);
    expect((await c({ type: "import", files: [file], onlyNew: true, version: VERSION })).verdicts).toHaveLength(1);
    expect((await c({ type: "import", files: [file], onlyNew: true, version: VERSION })).verdicts).toEqual([]);
    const byHand = await c({ type: "import", files: [file], onlyNew: false, version: VERSION });
    expect(byHand.verdicts[0]?.ok).toBe(false);
    expect(byHand.view.waiting).toEqual([{ week: WEEK, reports: 1 }]);
  });

  it("member codes: given once through the page, then a report naming that member is taken only with the code", async () => {
    const team = await setUp(6);
    const given = await c({ type: "issueCode", name: "Employee 1" });
    const code = given.issued?.code as string;
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(given.view.membersWithCode).toEqual(["Employee 1"]);
    // The view never holds the code: it is shown once, with the answer that made it.
    expect(JSON.stringify((await c({ type: "view" })).view)).not.toContain(code);

    const missing = await c({
      type: "import",
      files: [{ ...(await sharesText(team, 1)), name: "missing.json" }],
      onlyNew: false,
      version: VERSION,
    });
    expect(missing.verdicts[0]).toMatchObject({ ok: false, message: expect.stringMatching(/without the member code/) });
    const wrong = await c({
      type: "import",
      files: [{ ...(await sharesText(team, 1, "Employee 1", "AAAA-AAAA")), name: "wrong.json" }],
      onlyNew: false,
      version: VERSION,
    });
    expect(wrong.verdicts[0]).toMatchObject({ ok: false, message: expect.stringMatching(/without the member code/) });
    expect(wrong.view.waiting).toEqual([]);
    // Typed in lower case and without the dash, the code still matches.
    const typed = code.toLowerCase().replace("-", "");
    const right = await c({
      type: "import",
      files: [await sharesText(team, 1, "employee 1", typed)],
      onlyNew: false,
      version: VERSION,
    });
    expect(right.verdicts[0]).toMatchObject({ ok: true });
    expect(right.view.waiting).toEqual([{ week: WEEK, reports: 1 }]);
    // A member without a code is taken as before.
    const other = await c({ type: "import", files: [await sharesText(team, 2)], onlyNew: false, version: VERSION });
    expect(other.verdicts[0]).toMatchObject({ ok: true });
  });

  it("gives a new code that replaces the old one, and none to a name not on the list", async () => {
    const team = await setUp(6);
    const first = (await c({ type: "issueCode", name: "Employee 1" })).issued?.code as string;
    const second = (await c({ type: "issueCode", name: "Employee 1" })).issued?.code as string;
    expect(second).not.toBe(first);
    const old = await c({
      type: "import",
      files: [await sharesText(team, 1, "Employee 1", first)],
      onlyNew: false,
      version: VERSION,
    });
    expect(old.verdicts[0]?.ok).toBe(false);
    const stranger = await c({ type: "issueCode", name: "Ghost" });
    expect(stranger.issued).toBeUndefined();
    expect(stranger.verdicts[0]).toMatchObject({ ok: false, message: expect.stringMatching(/not on your list/) });
    expect(stranger.view.members).not.toContain("Ghost");
  });

  it("the lead learns how many late reports wait at the custodian's, per week, from the request", async () => {
    const team = await setUp(7);
    const files = await Promise.all([1, 2, 3, 4, 5].map((n) => sharesText(team, n)));
    // A report of an earlier week, alone there: it waits for a batch of at least k.
    const earlier = (await recordsOf(team, 6)).filter((r) => r.week === "2026-W47");
    const lateFile = {
      name: "late.json",
      text: JSON.stringify(
        await buildSharesFile({ team, records: earlier, sender: "Employee 6", generatorVersion: VERSION }),
      ),
    };
    await c({ type: "import", files: [...files, lateFile], onlyNew: false, version: VERSION });
    const requested = await c({ type: "buildRequest", week: WEEK, version: VERSION });
    expect(requested.view.waiting).toEqual([{ week: "2026-W47", reports: 1 }]);
    const request = dueOf(requested, "request");
    expect((await l({ type: "view" })).view.waitingAtCustodian).toEqual([]);
    const answered = await l({
      type: "import",
      files: [{ name: request.fileName, text: request.text }],
      onlyNew: false,
      version: VERSION,
    });
    // Counts per week only: the lead learns that one report of W47 waits, never whose.
    expect(answered.view.waitingAtCustodian).toEqual([{ week: "2026-W47", reports: 1 }]);
    expect(JSON.stringify(answered.view)).not.toContain("Employee 6");
  });

  it("report ids stay used up when either holder starts over, so no batch under a new setting re-cuts an earlier one", async () => {
    const team = await setUp(6);
    const files = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => sharesText(team, n)));
    await c({ type: "import", files, onlyNew: false, version: VERSION });
    const request = dueOf(await c({ type: "buildRequest", week: WEEK, version: VERSION }), "request");
    await l({
      type: "import",
      files: [{ name: request.fileName, text: request.text }],
      onlyNew: false,
      version: VERSION,
    });

    // The same team key again on the lead's side keeps what was answered.
    const leadTeam = (await l({ type: "view" })).view.team as TeamConfig;
    const custodianKey = leadTeam.custodian.publicKey;
    const draft = {
      teamLabel: "Finance",
      leadName: "Dana",
      custodianName: "Sam",
      custodianKey,
      k: 5,
      noiseEpsilon: 0,
      layout: leadTeam.layout,
    };
    expect((await l({ type: "setTeam", version: VERSION, draft })).view.batches).toHaveLength(1);

    // The custodian starts over and sets the team up again: the batched reports are not taken again.
    await c({ type: "startOver" });
    const teamKey = (await l({ type: "view" })).view.teamKeyFile as DueFile;
    await c({ type: "importTeamKey", name: teamKey.fileName, text: teamKey.text });
    await c({ type: "setMembers", members: [1, 2, 3, 4, 5, 6].map((n) => `Employee ${n}`) });
    const again = await c({ type: "import", files, onlyNew: false, version: VERSION });
    expect(again.verdicts.every((v) => !v.ok && /already in a batch/.test(v.message))).toBe(true);
    expect(again.view.waiting).toEqual([]);

    // A custodian that lost everything (a new profile, a new key) could batch them again under a new
    // team setting: the lead, started over, still rejects every report id it saw.
    const freshDb = new HolderDatabase(`custodian-${crypto.randomUUID()}`);
    const fresh = custodianService(freshDb);
    const f = (request: WithoutTeam<Parameters<typeof fresh>[0]>) =>
      fresh({ ...request, policyTeam: null } as Parameters<typeof fresh>[0], noProgress);
    const freshKey = (await f({ type: "createKey", now: 1 })).view.publicKey as string;
    await l({ type: "startOver" });
    await l({ type: "setTeam", version: VERSION, draft: { ...draft, teamLabel: "Finance 2", custodianKey: freshKey } });
    const freshTeamKey = (await l({ type: "view" })).view.teamKeyFile as DueFile;
    await f({ type: "importTeamKey", name: freshTeamKey.fileName, text: freshTeamKey.text });
    await f({ type: "setMembers", members: [1, 2, 3, 4, 5, 6].map((n) => `Employee ${n}`) });
    const newTeam = (await l({ type: "view" })).view.team as TeamConfig;
    const refiled = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => sharesText(newTeam, n)));
    expect(
      (await f({ type: "import", files: refiled, onlyNew: false, version: VERSION })).verdicts.every((v) => v.ok),
    ).toBe(true);
    const second = dueOf(await f({ type: "buildRequest", week: WEEK, version: VERSION }), "request");
    const answered = await l({
      type: "import",
      files: [{ name: second.fileName, text: second.text }],
      onlyNew: false,
      version: VERSION,
    });
    expect(answered.verdicts[0]?.message).toMatch(/0 valid, 6 rejected/);
    await freshDb.delete();
  });

  it.each([
    ["not JSON", "{"],
    ["a direct team report", JSON.stringify({ format: "ai-adoption-meter/aggregate@1" })],
    ["a newer shares format", JSON.stringify({ format: "ai-adoption-meter/shares@2" })],
  ])("the custodian refuses %s with a verdict", async (_name, text) => {
    await setUp(6);
    const answer = await c({ type: "import", files: [{ name: "x.json", text }], onlyNew: false, version: VERSION });
    expect(answer.verdicts).toEqual([{ fileName: "x.json", ok: false, message: expect.any(String) }]);
    expect(answer.view.waiting).toEqual([]);
  });
});
