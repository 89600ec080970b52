import { Buffer } from "buffer";
import { describe, expect, it } from "vitest";
import { cryptoRandomBytes, fromBase64Url } from "../../../lib/sharing/bytes";
import {
  buildRequest,
  dropWaitingReport,
  importAnswer,
  importSharesFile,
  issueMemberCode,
  withMembers,
} from "../../../lib/sharing/custodian";
import { buildSharesFile, reportContext, shardMeasurement } from "../../../lib/sharing/employee";
import type { SharesFile } from "../../../lib/sharing/formats";
import { openWith } from "../../../lib/sharing/hpke";
import { answerRequest } from "../../../lib/sharing/lead";
import { encodeWeeklyRecord, plainWeekTotals } from "../../../lib/sharing/measurement";
import { teamIdOf } from "../../../lib/sharing/team-config";
import { COUNT_BITS, decodeInputShares, sharingVdaf } from "../../../lib/sharing/vdaf";
import { makeTeam, recordsOf, seededBytes, sharesOf, states, type Team, VERSION, viaFile } from "./fixtures";
import { collect, ok, runBatch } from "./flow";

const WEEK = "2026-W47";

/**
 * A cheating client: a shares file whose week claims `minutes` active minutes on the first tool,
 * encoded by hand past the encoder's cap (the first bit element of the entry carries the whole
 * value, which no honest 13-bit encoding can).
 */
async function forgedMinutesFile(team: Team, n: number, minutes: bigint): Promise<SharesFile> {
  const record = (await recordsOf(team.config, n)).find((r) => r.week === WEEK);
  if (!record) throw new Error("no record");
  const honest = await buildSharesFile({
    team: team.config,
    records: [record],
    sender: `Employee ${n}`,
    generatorVersion: VERSION,
  });
  const vdaf = sharingVdaf(team.config.layout);
  const counts = vdaf.parts[0]?.prio3.flp;
  const encode = counts.encode.bind(counts);
  counts.encode = (measurement: number[]) => {
    const encoded = encode(measurement.map((v, i) => (i === 2 ? 0 : v)));
    encoded[2 * COUNT_BITS] = minutes; // entry 2 = active minutes of the first tool
    return encoded;
  };
  const report = await shardMeasurement({
    vdaf,
    team: team.config,
    teamId: await teamIdOf(team.config),
    week: record.week,
    reportId: record.id,
    measurement: encodeWeeklyRecord(record, team.config.layout),
    sender: `Employee ${n}`,
    random: cryptoRandomBytes,
  });
  return { ...honest, reports: [report] };
}

describe("attacks that must fail", () => {
  it("a report claiming 10^6 minutes is rejected by its proof and not summed", async () => {
    const team = await makeTeam();
    const { custodian, lead } = await states(team);
    const honest = await Promise.all([1, 2, 3, 4, 5].map((n) => sharesOf(team, n, [WEEK])));
    const forged = await forgedMinutesFile(team, 6, 1_000_000n);
    const held = await collect(team, custodian, [...honest, forged]);
    const batch = await runBatch(team, held, lead, WEEK);
    expect(batch.answer.valid).toHaveLength(5);
    const forgedId = forged.reports[0]?.reportId;
    expect(batch.answer.rejected).toEqual([
      { reportId: forgedId, reason: "proofFailed", leadPrepShare: expect.any(String) },
    ]);
    // The custodian checked the rejection with both preparation shares, and knows whom to ask.
    expect(batch.custodian.batches[0]?.status).toBe("released");
    const records = (await Promise.all([1, 2, 3, 4, 5].map((n) => recordsOf(team.config, n))))
      .flat()
      .filter((r) => r.week === WEEK);
    expect(batch.totals).toEqual(plainWeekTotals(records, team.config.layout, WEEK));
    expect(batch.totals?.tools[0]?.activeMinutes).toBeLessThan(1_000_000);
  }, 60_000);

  it("a lead that calls a valid report out of range is caught by the custodian, and nothing is released", async () => {
    const team = await makeTeam();
    const { custodian, lead } = await states(team);
    const files = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => sharesOf(team, n, [WEEK])));
    const held = await collect(team, custodian, files);
    const built = ok(await buildRequest(held, team.config, team.custodian, WEEK, VERSION));
    const answered = ok(await answerRequest(lead, team.config, team.lead, viaFile(built.request), VERSION));
    const [victim, ...rest] = answered.answer.valid;
    if (!victim) throw new Error("no valid report");
    // The lead moves Employee n's valid report to the rejected list, with its own true preparation share.
    const lying = {
      ...answered.answer,
      valid: rest,
      rejected: [{ reportId: victim.reportId, reason: "proofFailed" as const, leadPrepShare: victim.leadPrepShare }],
    };
    const caught = await importAnswer(built.state, team.config, viaFile(lying), VERSION);
    expect(caught).toMatchObject({
      ok: false,
      kind: "tampered",
      message: expect.stringMatching(/rejected a valid report/),
    });
    const sender = built.state.ledger.find((entry) => entry.reportId === victim.reportId)?.sender as string;
    expect(caught.ok ? "" : caught.message).toContain(sender);
    // The request stays open: nothing was summed, and an honest answer is still taken.
    expect(built.state.batches[0]?.status).toBe("requested");
    const honest = ok(await importAnswer(built.state, team.config, viaFile(answered.answer), VERSION));
    expect(honest.outcome).toBe("released");
  }, 60_000);

  it("a rejection is listed with its sender, so the custodian can ask the person", async () => {
    const team = await makeTeam();
    const { custodian, lead } = await states(team);
    const honest = await Promise.all([1, 2, 3, 4, 5].map((n) => sharesOf(team, n, [WEEK])));
    const held = await collect(team, custodian, [...honest, await forgedMinutesFile(team, 6, 1_000_000n)]);
    const built = ok(await buildRequest(held, team.config, team.custodian, WEEK, VERSION));
    const answered = ok(await answerRequest(lead, team.config, team.lead, viaFile(built.request), VERSION));
    const released = ok(await importAnswer(built.state, team.config, viaFile(answered.answer), VERSION));
    expect(released.rejectedReports).toEqual([
      { reportId: expect.any(String), week: WEEK, sender: "Employee 6", reason: "proofFailed" },
    ]);
  }, 60_000);

  it("the same forgery with an in-range value passes, so the proof is what rejected it", async () => {
    const team = await makeTeam();
    const { custodian, lead } = await states(team);
    const honest = await Promise.all([1, 2, 3, 4, 5].map((n) => sharesOf(team, n, [WEEK])));
    const held = await collect(team, custodian, [...honest, await forgedMinutesFile(team, 6, 1n)]);
    const batch = await runBatch(team, held, lead, WEEK);
    expect(batch.answer.valid).toHaveLength(6);
  }, 60_000);

  it("a batch of k − 1 is refused and its reports keep waiting", async () => {
    const team = await makeTeam();
    const { custodian } = await states(team);
    const held = await collect(team, custodian, await Promise.all([1, 2, 3, 4].map((n) => sharesOf(team, n, [WEEK]))));
    const refused = await buildRequest(held, team.config, team.custodian, WEEK, VERSION);
    expect(refused).toMatchObject({ ok: false, kind: "tooFewReports" });
    expect(held.waiting).toHaveLength(4);
    expect(held.ledger).toHaveLength(0);
  });

  it("fewer than k valid after verification: the batch is withheld, nothing is summed, the reports are used up", async () => {
    const team = await makeTeam();
    const { custodian, lead } = await states(team);
    const honest = await Promise.all([1, 2, 3, 4].map((n) => sharesOf(team, n, [WEEK])));
    const held = await collect(team, custodian, [...honest, await forgedMinutesFile(team, 5, 9_999n)]);
    const batch = await runBatch(team, held, lead, WEEK);
    expect(batch.totals).toBeNull();
    expect(batch.custodian.batches[0]?.status).toBe("withheld");
    expect(batch.custodian.ledger).toHaveLength(5);
    expect(batch.custodian.waiting).toHaveLength(0);
  }, 60_000);

  it("a report id used twice is refused: by the custodian's import, its ledger, and the lead", async () => {
    const team = await makeTeam();
    const { custodian, lead } = await states(team);
    const files = await Promise.all([1, 2, 3, 4, 5].map((n) => sharesOf(team, n, [WEEK])));
    let held = await collect(team, custodian, files);
    const again = ok(await importSharesFile(held, team.config, team.custodian, viaFile(files[0])));
    expect(again.reports.map((r) => !r.ok && r.kind)).toEqual(["duplicate"]);
    const batch = await runBatch(team, held, lead, WEEK);
    held = batch.custodian;
    const late = ok(await importSharesFile(held, team.config, team.custodian, viaFile(files[0])));
    expect(late.reports.map((r) => !r.ok && r.kind)).toEqual(["alreadyBatched"]);
    // A custodian who cheats its own ledger and re-batches the same reports gets nothing from the lead.
    const cheating = {
      ...held,
      ledger: [],
      waiting: (await collect(team, { ...held, ledger: [], waiting: [] }, files)).waiting,
    };
    const rebuilt = ok(await buildRequest(cheating, team.config, team.custodian, WEEK, VERSION));
    const answered = ok(await answerRequest(batch.lead, team.config, team.lead, viaFile(rebuilt.request), VERSION));
    expect(answered.valid).toBe(0);
    expect(answered.rejected.map((r) => r.reason)).toEqual(Array(5).fill("reused"));
  }, 60_000);

  describe("a lead who makes four shares@1 files of their own cannot get them into a batch", () => {
    // The lead knows both public keys (they are in policy), so it can make files that open.
    const forgeries = async (team: Team, senders: string[]) =>
      Promise.all(
        senders.map(async (sender, i) => {
          const records = (await recordsOf(team.config, 100 + i)).filter((r) => r.week === WEEK);
          return buildSharesFile({ team: team.config, records, sender, generatorVersion: VERSION });
        }),
      );

    it("with the custodian's member list: invented senders are refused, and one real report stays below k", async () => {
      const team = await makeTeam();
      const members = ["Employee 1", "Employee 2", "Employee 3", "Employee 4", "Employee 5", "Employee 6"];
      const { custodian } = await states(team);
      let held = withMembers(custodian, members);
      held = await collect(team, held, [await sharesOf(team, 1, [WEEK])]);
      for (const file of await forgeries(team, ["Temp A", "Temp B", "Temp C", "Temp D"])) {
        const result = ok(await importSharesFile(held, team.config, team.custodian, viaFile(file)));
        expect(result.reports.map((r) => !r.ok && r.kind)).toEqual(["unknownSender"]);
        held = result.state;
      }
      expect(held.waiting).toHaveLength(1);
      expect(await buildRequest(held, team.config, team.custodian, WEEK, VERSION)).toMatchObject({
        kind: "tooFewReports",
      });
    });

    it("claiming real members: each one who already sent makes the forgery a second report", async () => {
      const team = await makeTeam();
      const { custodian } = await states(team);
      let held = await collect(team, custodian, await Promise.all([1, 2, 3, 4].map((n) => sharesOf(team, n, [WEEK]))));
      for (const file of await forgeries(team, ["Employee 1", "Employee 2", "employee 3 ", "EMPLOYEE 4"])) {
        const result = ok(await importSharesFile(held, team.config, team.custodian, viaFile(file)));
        expect(result.reports.map((r) => !r.ok && r.kind)).toEqual(["secondReport"]);
        held = result.state;
      }
      expect(held.waiting).toHaveLength(4);
    });

    it("with member codes: a forgery in the name of a member who has not sent yet is refused, and the member's own report is taken", async () => {
      const team = await makeTeam();
      const { custodian } = await states(team);
      let held = custodian;
      const codes = new Map<number, string>();
      for (const n of [1, 2, 3, 4, 5]) {
        const issued = issueMemberCode(held, `Employee ${n}`, seededBytes(n));
        held = issued.state;
        codes.set(n, issued.code);
      }
      expect(new Set(codes.values()).size).toBe(5);
      expect(codes.get(1)).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      held = await collect(team, held, [await sharesOf(team, 1, [WEEK], codes.get(1) as string)]);
      // The lead knows the names, not the codes: without one, or with a guess, nothing is taken.
      const forged = await forgeries(team, ["Employee 2", "Employee 3", "Employee 4", "Employee 5"]);
      for (const file of forged) {
        const result = ok(await importSharesFile(held, team.config, team.custodian, viaFile(file)));
        expect(result.reports.map((r) => !r.ok && r.kind)).toEqual(["wrongCode"]);
      }
      const guessed = await buildSharesFile({
        team: team.config,
        records: (await recordsOf(team.config, 200)).filter((r) => r.week === WEEK),
        sender: "Employee 2",
        memberCode: "AAAA-AAAA",
        generatorVersion: VERSION,
      });
      expect(ok(await importSharesFile(held, team.config, team.custodian, viaFile(guessed))).reports[0]).toMatchObject({
        kind: "wrongCode",
      });
      // The real members' files, code typed in lower case without the dash, are taken.
      for (const n of [2, 3, 4, 5]) {
        const code = (codes.get(n) as string).toLowerCase().replace("-", "");
        held = await collect(team, held, [await sharesOf(team, n, [WEEK], code)]);
      }
      expect(held.waiting.map((r) => r.sender)).toEqual([
        "Employee 1",
        "Employee 2",
        "Employee 3",
        "Employee 4",
        "Employee 5",
      ]);
    });

    it("without codes, a forgery that took a member's place is exposed by the member's own file and can be dropped", async () => {
      const team = await makeTeam();
      const { custodian } = await states(team);
      const [forged] = await forgeries(team, ["Employee 1"]);
      let held = await collect(team, custodian, [forged as SharesFile]);
      const real = await sharesOf(team, 1, [WEEK]);
      const conflict = ok(await importSharesFile(held, team.config, team.custodian, viaFile(real)));
      expect(conflict.reports[0]).toMatchObject({ ok: false, kind: "secondReport" });
      held = dropWaitingReport(held, forged?.reports[0]?.reportId as string);
      const retried = ok(await importSharesFile(held, team.config, team.custodian, viaFile(real)));
      expect(retried.reports[0]).toMatchObject({ ok: true, sender: "Employee 1" });
    });

    it("the lead's own side has no way in: it reads requests only, and a shares file is not one", async () => {
      const team = await makeTeam();
      const { lead } = await states(team);
      const [forged] = await forgeries(team, ["Temp A"]);
      expect(await answerRequest(lead, team.config, team.lead, viaFile(forged), VERSION)).toMatchObject({
        ok: false,
        kind: "malformed",
      });
    });
  });
});

describe("either share alone reveals nothing", () => {
  it("each decrypted input share differs from the measurement, looks uniform, and two shardings differ", async () => {
    const team = await makeTeam();
    const teamId = await teamIdOf(team.config);
    const vdaf = sharingVdaf(team.config.layout);
    const record = (await recordsOf(team.config, 3)).find((r) => r.week === WEEK);
    if (!record) throw new Error("no record");
    const measurement = encodeWeeklyRecord(record, team.config.layout);
    const encoded: bigint[] = vdaf.parts[0]?.prio3.flp.encode(measurement.counts);
    const share = async (file: SharesFile, holder: "lead" | "custodian") => {
      const report = file.reports[0];
      if (!report) throw new Error("no report");
      const context = reportContext(report.week, report.reportId, report.nonce, report.publicShare);
      const bytes =
        holder === "lead"
          ? await openWith(team.lead, "lead input share", teamId, context, report.leadShare)
          : await openWith(team.custodian, "custodian input share", teamId, context, report.custodianShare);
      return decodeInputShares(vdaf, bytes as Uint8Array)[0]?.measurementShare as bigint[];
    };
    const first = await sharesOf(team, 3, [WEEK]);
    const second = await sharesOf(team, 3, [WEEK]);
    for (const holder of ["lead", "custodian"] as const) {
      const a = await share(first, holder);
      const b = await share(second, holder);
      expect(a).not.toEqual(encoded);
      expect(a).not.toEqual(b);
      // A measurement entry is 0 or 1; a uniform element of the 128-bit field is above 2^64 but
      // with probability 2^-64. Each share's elements are all large.
      expect(a.filter((x) => x < 2n ** 64n)).toEqual([]);
    }
    // Same record, same report id, but no ciphertext or public share in common.
    expect(first.reports[0]?.reportId).toBe(second.reports[0]?.reportId);
    expect(first.reports[0]?.publicShare).not.toBe(second.reports[0]?.publicShare);
    expect(
      Buffer.from(fromBase64Url(first.reports[0]?.leadShare.ciphertext ?? "")).equals(
        Buffer.from(fromBase64Url(second.reports[0]?.leadShare.ciphertext ?? "")),
      ),
    ).toBe(false);
  });
});
