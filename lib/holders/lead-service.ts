import { type HolderDatabase, readHolderKey, writeHolderKey } from "../db/holder-database";
import { answerFileName, teamKeyFileName } from "../sharing/file-names";
import { AGGREGATE_SHARE_FORMAT, REQUEST_FORMAT, SHARES_FORMAT } from "../sharing/formats";
import { exportPublicKey, generateHolderKeyPair, importPublicKey } from "../sharing/key-pair";
import { answerRequest, combineAggregateShare, createLeadState, type LeadState, releasedTotals } from "../sharing/lead";
import type { WeekTotals } from "../sharing/measurement";
import { buildTeamKeyFile, type MeasurementLayout, type TeamConfig, teamIdOf } from "../sharing/team-config";
import { type DueFile, type FileVerdict, formatOf, jsonText, type NextStep, readJson } from "./hand-offs";
import { type HolderRecord, readHolderRecord, textDigest, withHandedOut, writeHolderRecord } from "./holder-store";
import { startOver, usedReportIds } from "./used-reports";
import type { WorkProgress } from "./worker-client";

/**
 * The lead's side of protected sharing (issue 13), as the dashboard's protected-sharing worker
 * runs it: the key pair, the team key file for teams without a policy, answering the custodian's
 * requests, combining the custodian's sums into week totals. Each change is written before the
 * answer goes back.
 */

/** What the lead's section shows. */
export interface LeadView {
  readonly publicKey: string | null;
  readonly team: TeamConfig | null;
  readonly teamSource: "policy" | "this-page" | null;
  readonly staleState: boolean;
  /** The team key file to hand to the team and the custodian (no-policy case). */
  readonly teamKeyFile: DueFile | null;
  readonly batches: readonly { id: string; week: string; status: "answered" | "combined"; valid: number }[];
  /** Valid reports in answered batches whose sum has not come back yet. */
  readonly waitingForSum: number;
  /**
   * Late reports the custodian holds per week for a later batch, as its last request said: counts
   * only, never who sent them (issue 13, "both dashboards say how many are waiting").
   */
  readonly waitingAtCustodian: readonly { week: string; reports: number }[];
  readonly totals: readonly WeekTotals[];
  readonly due: readonly DueFile[];
  readonly step: NextStep;
}

/** What the lead enters for the team key file. */
export interface LeadTeamDraft {
  readonly teamLabel: string;
  readonly custodianName: string;
  readonly custodianKey: string;
  readonly leadName: string;
  readonly k: number;
  /** 0 for none. */
  readonly noiseEpsilon: number;
  /** From the lead's own settings: the task list and rounding in force, the organization's tools. */
  readonly layout: MeasurementLayout;
}

/** A request of the lead's section. */
export type LeadRequest =
  | { type: "view"; policyTeam: TeamConfig | null }
  | { type: "createKey"; policyTeam: TeamConfig | null; now: number }
  | { type: "setTeam"; policyTeam: TeamConfig | null; draft: LeadTeamDraft; version: string }
  | { type: "startOver"; policyTeam: TeamConfig | null }
  | {
      type: "import";
      policyTeam: TeamConfig | null;
      files: { name: string; text: string }[];
      onlyNew: boolean;
      version: string;
    }
  | { type: "handedOut"; policyTeam: TeamConfig | null; files: DueFile[] };

/** The answer to every request. */
export interface LeadAnswer {
  readonly view: LeadView;
  readonly verdicts: readonly FileVerdict[];
}

type Record = HolderRecord<LeadState> & { teamKeyFile?: string | null };

/** The lead's service over its database. */
export function leadService(db: HolderDatabase) {
  async function load(policyTeam: TeamConfig | null) {
    const [key, record] = await Promise.all([readHolderKey(db, "lead"), readHolderRecord<LeadState>(db, "lead")]);
    const policyTeamId = policyTeam ? await teamIdOf(policyTeam) : null;
    const stale = record !== null && policyTeamId !== null && record.teamId !== policyTeamId;
    const stored = (await db.states.get("lead"))?.value as { teamKeyFile?: unknown } | undefined;
    const teamKeyFile = typeof stored?.teamKeyFile === "string" ? stored.teamKeyFile : null;
    return { key, record: stale || !record ? null : ({ ...record, teamKeyFile } as Record), stale };
  }

  async function recordFor(team: TeamConfig, existing: Record | null): Promise<Record> {
    if (existing) return existing;
    const record: Record = {
      team,
      teamId: await teamIdOf(team),
      // Report ids seen under an earlier team setting are never taken again.
      state: { ...(await createLeadState(team)), seenReportIds: await usedReportIds(db) },
      handedOut: [],
      seen: [],
      teamKeyFile: null,
    };
    await writeHolderRecord(db, "lead", record);
    return record;
  }

  async function view(policyTeam: TeamConfig | null): Promise<LeadView> {
    const { key, record, stale } = await load(policyTeam);
    const team = policyTeam ?? record?.team ?? null;
    const state = record?.state ?? null;
    const due: DueFile[] = [];
    for (const batch of state?.batches ?? []) {
      if (team && batch.status === "answered" && batch.answer) {
        const fileName = answerFileName(batch.ref, team.custodian.name);
        due.push({
          fileName,
          text: jsonText(batch.answer),
          kind: "answer",
          handedOut: record?.handedOut.includes(fileName) ?? false,
        });
      }
    }
    const batches = (state?.batches ?? []).map((batch) => ({
      id: batch.ref.id,
      week: batch.ref.week,
      status: batch.status,
      valid: batch.validIds.length,
    }));
    const teamKeyText = record?.teamKeyFile ?? null;
    const teamKeyFile =
      team && !policyTeam && teamKeyText
        ? { fileName: teamKeyFileName(team.teamLabel), text: teamKeyText, kind: "teamKey" as const, handedOut: false }
        : null;
    return {
      publicKey: key?.publicKey ?? null,
      team,
      teamSource: policyTeam ? "policy" : team ? "this-page" : null,
      staleState: stale,
      teamKeyFile,
      batches,
      waitingForSum: batches.filter((b) => b.status === "answered").reduce((sum, b) => sum + b.valid, 0),
      waitingAtCustodian: (state?.waiting ?? []).filter((w) => w.reports > 0),
      totals: state ? releasedTotals(state) : [],
      due,
      step: leadStep({ hasKey: key !== null, team, stale, due, batches }),
    };
  }

  const answer = async (policyTeam: TeamConfig | null, verdicts: FileVerdict[] = []): Promise<LeadAnswer> => ({
    view: await view(policyTeam),
    verdicts,
  });

  return async function handle(request: LeadRequest, progress: (p: WorkProgress) => void): Promise<LeadAnswer> {
    const { policyTeam } = request;
    switch (request.type) {
      case "view":
        return answer(policyTeam);
      case "createKey": {
        if (!(await readHolderKey(db, "lead"))) {
          const pair = await generateHolderKeyPair();
          await writeHolderKey(db, {
            role: "lead",
            pair,
            publicKey: await exportPublicKey(pair),
            createdAt: request.now,
          });
        }
        return answer(policyTeam);
      }
      case "setTeam": {
        const key = await readHolderKey(db, "lead");
        const { draft } = request;
        const refused = (message: string) => answer(policyTeam, [{ fileName: "team", ok: false, message }]);
        if (!key) return refused("Create your key pair first.");
        if (policyTeam) return refused("Your organization's policy sets the team; it cannot be changed here.");
        try {
          await importPublicKey(draft.custodianKey.trim());
        } catch (error) {
          return refused(error instanceof Error ? error.message : String(error));
        }
        if (draft.custodianKey.trim() === key.publicKey)
          return refused("The custodian's key must not be your own key.");
        const team: TeamConfig = {
          teamLabel: draft.teamLabel.trim(),
          lead: { name: draft.leadName.trim(), publicKey: key.publicKey },
          custodian: { name: draft.custodianName.trim(), publicKey: draft.custodianKey.trim() },
          k: draft.k,
          noiseEpsilon: draft.noiseEpsilon > 0 ? draft.noiseEpsilon : null,
          layout: draft.layout,
        };
        let file: unknown;
        try {
          file = await buildTeamKeyFile(team, request.version);
        } catch {
          return refused("Check the team name, both names (1 to 80 characters) and k (at least 5).");
        }
        const existing = (await load(null)).record;
        const teamId = await teamIdOf(team);
        if (existing && existing.state.batches.length > 0 && existing.teamId !== teamId) {
          return refused("You already answered requests for the current team setting; start over first to change it.");
        }
        await writeHolderRecord(db, "lead", {
          team,
          teamId,
          // The same team setting again keeps what was answered; another one starts with the ids seen so far.
          state:
            existing && existing.teamId === teamId
              ? existing.state
              : { ...(await createLeadState(team)), seenReportIds: await usedReportIds(db) },
          handedOut: existing && existing.teamId === teamId ? existing.handedOut : [],
          seen: existing && existing.teamId === teamId ? existing.seen : [],
          teamKeyFile: jsonText(file),
        } as Record);
        return answer(policyTeam, [
          { fileName: teamKeyFileName(team.teamLabel), ok: true, message: "Team key file ready." },
        ]);
      }
      case "startOver":
        await startOver(db, "lead");
        return answer(policyTeam);
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
        const seen = new Set(current.seen);
        const verdicts: FileVerdict[] = [];
        progress({ done: 0, total: request.files.length });
        for (const [index, file] of request.files.entries()) {
          const digest = await textDigest(file.text);
          if (!(request.onlyNew && seen.has(digest))) {
            seen.add(digest);
            const result = await importOne(current, team, key.pair, file, request.version);
            current = { ...result.record, seen: [...seen] };
            verdicts.push(result.verdict);
            await writeHolderRecord(db, "lead", current);
          }
          progress({ done: index + 1, total: request.files.length });
        }
        return answer(policyTeam, verdicts);
      }
      case "handedOut": {
        const { record } = await load(policyTeam);
        if (!record) return answer(policyTeam);
        await writeHolderRecord(db, "lead", await withHandedOut(record, request.files));
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
  if (format === REQUEST_FORMAT || format?.startsWith("ai-adoption-meter/protected-request@")) {
    const result = await answerRequest(record.state, team, pair, json.value, version);
    if (!result.ok) return refused(result.message);
    const message = `Request ${result.answer.batch.id} answered: ${result.valid} valid, ${result.rejected.length} rejected. Send the answer to ${team.custodian.name}.`;
    return { record: { ...record, state: result.state }, verdict: { fileName: file.name, ok: true, message } };
  }
  if (format === AGGREGATE_SHARE_FORMAT || format?.startsWith("ai-adoption-meter/protected-aggregate-share@")) {
    const result = await combineAggregateShare(record.state, team, pair, json.value);
    if (!result.ok) return refused(result.message);
    const message = `The team's figures of ${result.totals.week} are in: ${result.totals.reporting} people.`;
    return { record: { ...record, state: result.state }, verdict: { fileName: file.name, ok: true, message } };
  }
  if (format === SHARES_FORMAT || format?.startsWith("ai-adoption-meter/shares@")) {
    // The lead never takes reports: the custodian collects them, so nobody can slip in companions.
    return refused(`Shares files go to ${team.custodian.name}, the custodian; the lead never takes them.`);
  }
  return refused("This is not a file for the lead's protected sharing: requests and sums from the custodian are.");
}

/** The lead's one next step. */
export function leadStep(input: {
  hasKey: boolean;
  team: TeamConfig | null;
  stale: boolean;
  due: readonly DueFile[];
  batches: readonly { week: string; status: "answered" | "combined" }[];
}): NextStep {
  if (!input.hasKey) return { kind: "createKey", index: null, params: [] };
  if (input.stale) return { kind: "startOver", index: null, params: [] };
  if (!input.team) return { kind: "leadTeam", index: null, params: [] };
  const custodian = input.team.custodian.name;
  const answerDue = input.due.find((file) => file.kind === "answer" && !file.handedOut);
  if (answerDue) return { kind: "sendAnswer", index: 2, params: [custodian, answerDue.fileName] };
  if (input.batches.some((batch) => batch.status === "answered"))
    return { kind: "importSum", index: 3, params: [custodian] };
  const last = input.batches.at(-1);
  if (last) return { kind: "figuresIn", index: 4, params: [last.week, custodian] };
  return { kind: "importRequest", index: 1, params: [custodian] };
}
