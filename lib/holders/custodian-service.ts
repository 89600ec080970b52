import type { HolderDatabase } from "../db/holder-database";
import { readHolderKey, writeHolderKey } from "../db/holder-database";
import {
  buildRequest,
  type CustodianState,
  createCustodianState,
  importAnswer,
  importSharesFile,
  issueMemberCode,
  senderKey,
  waitingByWeek,
  weeksReady,
  withMembers,
} from "../sharing/custodian";
import { aggregateShareFileName, requestFileName } from "../sharing/file-names";
import { ANSWER_FORMAT, SHARES_FORMAT } from "../sharing/formats";
import { exportPublicKey, generateHolderKeyPair } from "../sharing/key-pair";
import { readTeamKeyFile, type TeamConfig, teamIdOf } from "../sharing/team-config";
import { type DueFile, type FileVerdict, formatOf, jsonText, type NextStep, readJson } from "./hand-offs";
import { type HolderRecord, readHolderRecord, textDigest, withHandedOut, writeHolderRecord } from "./holder-store";
import { startOver, usedLedger } from "./used-reports";
import type { WorkProgress } from "./worker-client";

/**
 * The custodian's side of protected sharing (issue 13), as its page's worker runs it: the key
 * pair, the team, the member list, the imports with a verdict per file, the batches, the files
 * due, and the one next step. Each change is written before the answer goes back.
 */

/** What the custodian's page shows. */
export interface CustodianView {
  readonly publicKey: string | null;
  /** The team in force: the policy's, else the one imported on this page. */
  readonly team: TeamConfig | null;
  /** Where the team came from. */
  readonly teamSource: "policy" | "team-key-file" | null;
  /** The stored state belongs to another team setting than the policy's: start over to follow it. */
  readonly staleState: boolean;
  readonly members: readonly string[];
  /** Members who were given a member code (names only: a code is shown once, when it is made). */
  readonly membersWithCode: readonly string[];
  readonly waiting: readonly { week: string; reports: number }[];
  readonly readyWeeks: readonly string[];
  readonly batches: readonly {
    id: string;
    week: string;
    status: "requested" | "released" | "withheld";
    reports: number;
    validReports: number | null;
  }[];
  readonly due: readonly DueFile[];
  readonly step: NextStep;
}

/** A request of the custodian's page. */
export type CustodianRequest =
  | { type: "view"; policyTeam: TeamConfig | null }
  | { type: "createKey"; policyTeam: TeamConfig | null; now: number }
  | { type: "importTeamKey"; policyTeam: TeamConfig | null; name: string; text: string }
  | { type: "setMembers"; policyTeam: TeamConfig | null; members: string[] }
  /** Gives a member a new code (replacing an earlier one); the answer shows it, once. */
  | { type: "issueCode"; policyTeam: TeamConfig | null; name: string }
  | { type: "startOver"; policyTeam: TeamConfig | null }
  | {
      type: "import";
      policyTeam: TeamConfig | null;
      files: { name: string; text: string }[];
      /** From a folder: files read or written before are passed over without a verdict. */
      onlyNew: boolean;
      version: string;
    }
  | { type: "buildRequest"; policyTeam: TeamConfig | null; week: string; version: string }
  | { type: "handedOut"; policyTeam: TeamConfig | null; files: DueFile[] };

/** The answer to every request: the view, and the verdicts of an import. */
export interface CustodianAnswer {
  readonly view: CustodianView;
  readonly verdicts: readonly FileVerdict[];
  /** The code just given, to hand to that member in person; never in the view. */
  readonly issued?: { readonly name: string; readonly code: string };
}

type Record = HolderRecord<CustodianState>;

/** The custodian's service over its database. */
export function custodianService(db: HolderDatabase) {
  async function load(policyTeam: TeamConfig | null) {
    const [key, record] = await Promise.all([
      readHolderKey(db, "custodian"),
      readHolderRecord<CustodianState>(db, "custodian"),
    ]);
    const policyTeamId = policyTeam ? await teamIdOf(policyTeam) : null;
    const stale = record !== null && policyTeamId !== null && record.teamId !== policyTeamId;
    return { key, record: stale ? null : record, stale, policyTeamId };
  }

  /** The record for the team in force, made when there is none yet. */
  async function recordFor(team: TeamConfig, existing: Record | null): Promise<Record> {
    if (existing) return existing;
    const record: Record = {
      team,
      teamId: await teamIdOf(team),
      // Reports batched under an earlier team setting stay used up.
      state: { ...(await createCustodianState(team)), ledger: await usedLedger(db) },
      handedOut: [],
      seen: [],
    };
    await writeHolderRecord(db, "custodian", record);
    return record;
  }

  async function view(policyTeam: TeamConfig | null): Promise<CustodianView> {
    const { key, record, stale } = await load(policyTeam);
    const team = policyTeam ?? record?.team ?? null;
    const state = record?.state ?? null;
    const due: DueFile[] = [];
    for (const batch of state?.batches ?? []) {
      if (!team) break;
      if (batch.status === "requested" && batch.request) {
        const fileName = requestFileName(batch.ref, team.lead.name);
        due.push({
          fileName,
          text: jsonText(batch.request),
          kind: "request",
          handedOut: record?.handedOut.includes(fileName) ?? false,
        });
      }
      if (batch.status === "released" && batch.aggregateShare) {
        const fileName = aggregateShareFileName(batch.ref, team.lead.name);
        due.push({
          fileName,
          text: jsonText(batch.aggregateShare),
          kind: "aggregateShare",
          handedOut: record?.handedOut.includes(fileName) ?? false,
        });
      }
    }
    const waiting = state ? waitingByWeek(state) : [];
    const readyWeeks = state && team ? weeksReady(state, team) : [];
    const members = state?.members ?? [];
    return {
      publicKey: key?.publicKey ?? null,
      team,
      teamSource: policyTeam ? "policy" : team ? "team-key-file" : null,
      staleState: stale,
      members,
      membersWithCode: (state?.memberCodes ?? [])
        .map((c) => c.name)
        .filter((name) => members.some((m) => senderKey(m) === senderKey(name))),
      waiting,
      readyWeeks,
      batches: (state?.batches ?? []).map((batch) => ({
        id: batch.ref.id,
        week: batch.ref.week,
        status: batch.status,
        reports: batch.reportIds.length,
        validReports: batch.validReports,
      })),
      due,
      step: custodianStep({
        hasKey: key !== null,
        team,
        members: members.length,
        due,
        waiting,
        readyWeeks,
        stale,
      }),
    };
  }

  async function answer(policyTeam: TeamConfig | null, verdicts: FileVerdict[] = []): Promise<CustodianAnswer> {
    return { view: await view(policyTeam), verdicts };
  }

  return async function handle(
    request: CustodianRequest,
    progress: (p: WorkProgress) => void,
  ): Promise<CustodianAnswer> {
    const { policyTeam } = request;
    switch (request.type) {
      case "view":
        return answer(policyTeam);
      case "createKey": {
        // A lost key means a new key; an existing one is never replaced from here.
        if (!(await readHolderKey(db, "custodian"))) {
          const pair = await generateHolderKeyPair();
          await writeHolderKey(db, {
            role: "custodian",
            pair,
            publicKey: await exportPublicKey(pair),
            createdAt: request.now,
          });
        }
        return answer(policyTeam);
      }
      case "importTeamKey": {
        const json = readJson(request.text);
        if (!json.ok) return answer(policyTeam, [{ fileName: request.name, ok: false, message: json.message }]);
        const read = await readTeamKeyFile(json.value);
        if (!read.ok) return answer(policyTeam, [{ fileName: request.name, ok: false, message: read.message }]);
        const key = await readHolderKey(db, "custodian");
        if (!key || read.team.custodian.publicKey !== key.publicKey) {
          return answer(policyTeam, [
            { fileName: request.name, ok: false, message: "This team key names another custodian key than yours." },
          ]);
        }
        const existing = await readHolderRecord<CustodianState>(db, "custodian");
        if (
          existing &&
          existing.teamId !== read.teamId &&
          existing.state.batches.length + existing.state.waiting.length > 0
        ) {
          return answer(policyTeam, [
            {
              fileName: request.name,
              ok: false,
              message: "You already hold reports for another team setting; start over first to use this one.",
            },
          ]);
        }
        if (!existing || existing.teamId !== read.teamId) {
          await writeHolderRecord(db, "custodian", {
            team: read.team,
            teamId: read.teamId,
            state: {
              ...(await createCustodianState(read.team, { members: existing?.state.members ?? [] })),
              ledger: await usedLedger(db),
            },
            handedOut: [],
            seen: [],
          });
        }
        return answer(policyTeam, [
          { fileName: request.name, ok: true, message: `Team ${read.team.teamLabel} set up.` },
        ]);
      }
      case "startOver": {
        await startOver(db, "custodian");
        return answer(policyTeam);
      }
      case "setMembers": {
        const { record } = await load(policyTeam);
        const team = policyTeam ?? record?.team;
        if (!team) return answer(policyTeam);
        const current = await recordFor(team, record);
        await writeHolderRecord(db, "custodian", { ...current, state: withMembers(current.state, request.members) });
        return answer(policyTeam);
      }
      case "issueCode": {
        const { record } = await load(policyTeam);
        const name = request.name.trim();
        const refused = (message: string) => answer(policyTeam, [{ fileName: name || "member", ok: false, message }]);
        if (!record) return refused("Set up the team and its member list first.");
        if (!record.state.members.some((m) => senderKey(m) === senderKey(name))) {
          return refused(`"${name}" is not on your list of team members; add them first.`);
        }
        const issued = issueMemberCode(record.state, name);
        await writeHolderRecord(db, "custodian", { ...record, state: issued.state });
        return { ...(await answer(policyTeam)), issued: { name, code: issued.code } };
      }
      case "import": {
        const { key, record } = await load(policyTeam);
        const team = policyTeam ?? record?.team;
        if (!key || !team) {
          return answer(
            policyTeam,
            request.files.map((file) => ({
              fileName: file.name,
              ok: false,
              message: "Create your key and set up the team first.",
            })),
          );
        }
        let current = await recordFor(team, record);
        const verdicts: FileVerdict[] = [];
        const seen = new Set(current.seen);
        progress({ done: 0, total: request.files.length });
        for (const [index, file] of request.files.entries()) {
          const digest = await textDigest(file.text);
          if (request.onlyNew && seen.has(digest)) {
            progress({ done: index + 1, total: request.files.length });
            continue;
          }
          seen.add(digest);
          const verdict = await importOne(current, team, key.pair, file, request.version);
          current = { ...verdict.record, seen: [...seen] };
          verdicts.push(verdict.verdict);
          // Written after every file: a closed page loses at most the file being read.
          await writeHolderRecord(db, "custodian", current);
          progress({ done: index + 1, total: request.files.length });
        }
        return answer(policyTeam, verdicts);
      }
      case "buildRequest": {
        const { key, record } = await load(policyTeam);
        const team = policyTeam ?? record?.team;
        if (!key || !team || !record) return answer(policyTeam);
        progress({ done: 0, total: 1 });
        const built = await buildRequest(record.state, team, key.pair, request.week, request.version);
        if (!built.ok) return answer(policyTeam, [{ fileName: request.week, ok: false, message: built.message }]);
        await writeHolderRecord(db, "custodian", { ...record, state: built.state });
        progress({ done: 1, total: 1 });
        return answer(policyTeam, [
          {
            fileName: built.fileName,
            ok: true,
            message: `Request for ${request.week} prepared: ${built.request.reports.length} reports.`,
          },
        ]);
      }
      case "handedOut": {
        const { record } = await load(policyTeam);
        if (!record) return answer(policyTeam);
        await writeHolderRecord(db, "custodian", await withHandedOut(record, request.files));
        return answer(policyTeam);
      }
    }
  };
}

async function importOne(
  record: Record,
  team: TeamConfig,
  pair: CryptoKeyPair,
  file: { name: string; text: string },
  version: string,
): Promise<{ record: Record; verdict: FileVerdict }> {
  const refused = (message: string) => ({ record, verdict: { fileName: file.name, ok: false, message } });
  const json = readJson(file.text);
  if (!json.ok) return refused(json.message);
  const format = formatOf(json.value);
  if (format === SHARES_FORMAT || format?.startsWith("ai-adoption-meter/shares@")) {
    const result = await importSharesFile(record.state, team, pair, json.value);
    if (!result.ok) return refused(result.message);
    const refusedReports = result.reports.filter((report) => !report.ok);
    const message =
      refusedReports.length === 0
        ? `${result.accepted} report${result.accepted === 1 ? "" : "s"} taken.`
        : `${result.accepted} taken, ${refusedReports.length} refused: ${refusedReports
            .slice(0, 3)
            .map((report) => (report.ok ? "" : `${report.week}: ${report.message}`))
            .join(" ")}`;
    return {
      record: { ...record, state: result.state },
      verdict: { fileName: file.name, ok: result.accepted > 0, message },
    };
  }
  if (format === ANSWER_FORMAT || format?.startsWith("ai-adoption-meter/protected-answer@")) {
    const result = await importAnswer(record.state, team, json.value, version);
    if (!result.ok) return refused(result.message);
    const why = { proofFailed: "out of range", undecryptable: "did not open", reused: "already used" } as const;
    const rejections =
      result.rejectedReports.length === 0
        ? ""
        : ` ${team.lead.name} rejected: ${result.rejectedReports
            .slice(0, 10)
            .map((r) => `${r.sender || "?"} (${r.week}, ${why[r.reason]})`)
            .join(
              ", ",
            )}. Reports the extension makes pass their proofs and open: ask these people whether they sent them.`;
    const message =
      result.outcome === "released"
        ? `Answer taken: ${result.valid} valid, ${result.rejected} rejected. The sum is ready for ${team.lead.name}.${rejections}`
        : `${result.message}${rejections}`;
    return {
      record: { ...record, state: result.state },
      verdict: { fileName: file.name, ok: result.outcome === "released", message },
    };
  }
  if (format === "ai-adoption-meter/aggregate@1") {
    return refused("This is a direct team report for a lead, not protected shares; it is not taken here.");
  }
  return refused("This is not a file for the custodian: shares files from the team and the lead's answers are.");
}

/** The custodian's one next step. */
export function custodianStep(input: {
  hasKey: boolean;
  team: TeamConfig | null;
  members: number;
  due: readonly DueFile[];
  waiting: readonly { week: string; reports: number }[];
  readyWeeks: readonly string[];
  stale: boolean;
}): NextStep {
  const lead = input.team?.lead.name ?? "";
  if (!input.hasKey) return { kind: "createKey", index: null, params: [] };
  if (input.stale) return { kind: "startOver", index: null, params: [] };
  if (!input.team) return { kind: "custodianTeamKey", index: null, params: [] };
  if (input.members === 0) return { kind: "members", index: null, params: [] };
  const share = input.due.find((file) => file.kind === "aggregateShare" && !file.handedOut);
  if (share) return { kind: "sendSum", index: 4, params: [lead, share.fileName] };
  const request = input.due.find((file) => file.kind === "request");
  if (request && !request.handedOut) return { kind: "sendRequest", index: 2, params: [lead, request.fileName] };
  if (request) return { kind: "importAnswer", index: 3, params: [lead] };
  const week = input.readyWeeks[0];
  if (week) {
    const reports = input.waiting.find((w) => w.week === week)?.reports ?? 0;
    return { kind: "prepareRequest", index: 1, params: [week, String(reports)] };
  }
  return { kind: "collect", index: 1, params: [String(input.team.k)] };
}
