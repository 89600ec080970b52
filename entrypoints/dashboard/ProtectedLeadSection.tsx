import { useCallback, useEffect, useState } from "react";
import {
  DueFiles,
  HandOffInput,
  PublicKeyField,
  StepCard,
  VerdictList,
  WorkBar,
} from "../../components/holders/HolderParts";
import { useT } from "../../components/messages";
import { HolderDatabase } from "../../lib/db/holder-database";
import type { DueFile, FileVerdict, WithoutTeam } from "../../lib/holders/hand-offs";
import type { LeadAnswer, LeadRequest, LeadView } from "../../lib/holders/lead-service";
import { viewTotalsOf, weeksSinceTrainingFor } from "../../lib/holders/protected-totals";
import { type WorkProgress, workerClient } from "../../lib/holders/worker-client";
import type { ProtectedSharingView, SettingsView } from "../../lib/messages/protocol";
import { saveTextFile } from "../../lib/platform/download";
import {
  canChooseFolder,
  chooseFolder,
  exchangeWithFolder,
  type HandOffFolder,
  rememberedFolder,
  rememberFolder,
} from "../../lib/platform/hand-off-folder";
import { extensionVersion } from "../../lib/platform/pages";
import { sendMessage } from "../../lib/platform/send-message";
import type { WeekTotals } from "../../lib/team/metrics";
import { ProtectedFigures } from "./ProtectedFigures";
import LeadWorker from "./protected.worker.ts?worker";

const db = new HolderDatabase();
let ask: ((request: LeadRequest, onProgress?: (p: WorkProgress) => void) => Promise<LeadAnswer>) | null = null;
/** The lead's protected-sharing worker, started on first use. */
function askLead(request: LeadRequest, onProgress?: (p: WorkProgress) => void): Promise<LeadAnswer> {
  ask ??= workerClient<LeadRequest, LeadAnswer>(new LeadWorker());
  return ask(request, onProgress);
}

/**
 * The lead's protected sharing on the dashboard (issue 13): key, team key file, hand-offs, the
 * team's figures. The combined batches' week totals go to `onTotals`, so the dashboard's main view,
 * its releases and leadership's export use them as they use direct files.
 */
export function ProtectedLeadSection({
  onTotals,
}: {
  /** The combined batches' week totals, and the reports still waiting for a batch or a sum. */
  onTotals: (totals: readonly WeekTotals[], waiting: number) => void;
}) {
  const t = useT();
  const [sharing, setSharing] = useState<ProtectedSharingView | null>(null);
  const [settings, setSettings] = useState<SettingsView | null>(null);
  const [view, setView] = useState<LeadView | null>(null);
  const [verdicts, setVerdicts] = useState<readonly FileVerdict[]>([]);
  const [progress, setProgress] = useState<WorkProgress | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [folder, setFolder] = useState<HandOffFolder | null>(null);
  const [draft, setDraft] = useState({ teamLabel: "", leadName: "", custodianName: "", custodianKey: "", k: "" });

  const run = useCallback(
    async (request: WithoutTeam<LeadRequest>, withProgress = false) => {
      if (!sharing) return null;
      setProblem(null);
      if (withProgress) setProgress({ done: 0, total: 1 });
      try {
        const answer = await askLead(
          { ...request, policyTeam: sharing.policyTeam } as LeadRequest,
          withProgress ? setProgress : undefined,
        );
        setView(answer.view);
        if (request.type !== "view" && request.type !== "handedOut") setVerdicts(answer.verdicts);
        return answer;
      } catch (error) {
        setProblem(error instanceof Error ? error.message : String(error));
        return null;
      } finally {
        setProgress(null);
      }
    },
    [sharing],
  );

  useEffect(() => {
    void sendMessage("getProtectedSharing", {}).then(setSharing);
    void sendMessage("getSettingsView", {}).then(setSettings);
    void rememberedFolder(db, "lead").then(setFolder);
  }, []);
  useEffect(() => {
    void run({ type: "view" });
  }, [run]);
  const trainingDate = settings?.organization.trainingDate ?? null;
  useEffect(() => {
    // Only once the settings are known, so weeks since training are counted from the training date in force.
    if (!view || !settings) return;
    const late = view.waitingAtCustodian.reduce((sum, week) => sum + week.reports, 0);
    onTotals(
      view.team ? viewTotalsOf(view.totals, weeksSinceTrainingFor(trainingDate)) : [],
      view.team ? late + view.waitingForSum : 0,
    );
  }, [view, settings, trainingDate, onTotals]);

  async function saveDue(file: DueFile) {
    saveTextFile(file.fileName, file.text, "application/json");
    if (file.kind !== "teamKey") await run({ type: "handedOut", files: [file] });
  }

  async function exchange() {
    if (!view || !folder) return;
    setNote(null);
    const result = await exchangeWithFolder(
      folder,
      view.due.filter((file) => !file.handedOut),
    );
    if (!result) {
      setProblem(t("holderFolderDenied"));
      return;
    }
    const written = view.due.filter((file) => result.written.includes(file.fileName));
    if (written.length > 0) await run({ type: "handedOut", files: written });
    const answer = await run({ type: "import", files: result.files, onlyNew: true, version: extensionVersion() }, true);
    const fresh = answer?.view.due.filter((file) => !file.handedOut) ?? [];
    if (fresh.length > 0) {
      const again = await exchangeWithFolder(folder, fresh);
      if (again) await run({ type: "handedOut", files: fresh.filter((file) => again.written.includes(file.fileName)) });
    }
    setNote(t("holderExchanged", [String(result.written.length + fresh.length), String(answer?.verdicts.length ?? 0)]));
  }

  if (!view || !sharing) return null;
  const step = view.step;
  const team = view.team;
  return (
    <section aria-labelledby="protected-lead-heading" className="no-print" data-testid="protected-lead">
      <h2 id="protected-lead-heading">{t("leadHeading")}</h2>
      <p>{t("leadIntro")}</p>
      <StepCard step={step}>
        {step.kind === "createKey" && (
          <button type="button" onClick={() => void run({ type: "createKey", now: Date.now() })}>
            {t("holderCreateKey")}
          </button>
        )}
        {step.kind === "startOver" && (
          <button type="button" className="danger" onClick={() => void run({ type: "startOver" })}>
            {t("holderStartOver")}
          </button>
        )}
        {step.kind === "sendAnswer" && (
          <DueFiles due={view.due.filter((file) => file.fileName === step.params[1])} onSave={saveDue} />
        )}
        <WorkBar progress={progress} />
      </StepCard>
      {problem && (
        <p className="notice" role="alert">
          {problem}
        </p>
      )}
      <VerdictList verdicts={verdicts} />
      {view.waitingForSum > 0 && <p data-testid="lead-waiting">{t("leadWaitingForSum", String(view.waitingForSum))}</p>}
      {team && view.batches.length > 0 && (
        <div data-testid="lead-late-reports">
          {view.waitingAtCustodian.length === 0 ? (
            <p className="muted">{t("leadLateNone", team.custodian.name)}</p>
          ) : (
            <>
              <p>{t("leadLateHeading", [team.custodian.name, String(team.k)])}</p>
              <ul>
                {view.waitingAtCustodian.map((w) => (
                  <li key={w.week} data-week={w.week}>
                    {t("leadLateWeek", [w.week, String(w.reports)])}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}

      {view.publicKey && (
        <PublicKeyField
          publicKey={view.publicKey}
          onCopy={() => void navigator.clipboard.writeText(view.publicKey ?? "").then(() => setNote(t("holderCopied")))}
        />
      )}

      {view.publicKey && !sharing.policyTeam && (
        <form
          aria-label={t("leadTeamFormLabel")}
          onSubmit={(event) => {
            event.preventDefault();
            void run({
              type: "setTeam",
              version: extensionVersion(),
              draft: {
                teamLabel: draft.teamLabel,
                leadName: draft.leadName,
                custodianName: draft.custodianName,
                custodianKey: draft.custodianKey,
                k: draft.k.trim() === "" ? sharing.minGroupSize : Number(draft.k),
                noiseEpsilon: 0,
                layout: sharing.localLayout,
              },
            });
          }}
        >
          {(
            [
              ["teamLabel", "leadTeamLabel"],
              ["leadName", "leadOwnName"],
              ["custodianName", "leadCustodianName"],
              ["custodianKey", "leadCustodianKey"],
              ["k", "leadK"],
            ] as const
          ).map(([field, label]) => (
            <div className="field" key={field}>
              <label htmlFor={`lead-${field}`}>{t(label, String(sharing.minGroupSize))}</label>
              <input
                id={`lead-${field}`}
                value={draft[field]}
                onChange={(event) => setDraft({ ...draft, [field]: event.target.value })}
              />
            </div>
          ))}
          <button type="submit">{t("leadMakeTeamKey")}</button>
        </form>
      )}
      {view.teamKeyFile && (
        <div className="actions">
          <button type="button" onClick={() => void saveDue(view.teamKeyFile as DueFile)}>
            {t("leadSaveTeamKey", view.teamKeyFile.fileName)}
          </button>
        </div>
      )}
      {team && (
        <p data-testid="lead-team">{t("leadTeamSummary", [team.teamLabel, team.custodian.name, String(team.k)])}</p>
      )}

      <HandOffInput
        id="lead-import"
        label={t("leadImportLabel")}
        onFiles={(files) => void run({ type: "import", files, onlyNew: false, version: extensionVersion() }, true)}
      />
      {!canChooseFolder() && <p className="muted">{t("holderFolderUnsupported")}</p>}
      {canChooseFolder() && (
        <div className="actions">
          <button
            type="button"
            className="secondary"
            onClick={async () => {
              const chosen = await chooseFolder("lead-hand-offs");
              if (chosen) {
                await rememberFolder(db, "lead", chosen);
                setFolder(chosen);
              }
            }}
          >
            {t("holderChooseFolder")}
          </button>
          {folder && (
            <button type="button" onClick={() => void exchange()}>
              {t("holderExchange")}
            </button>
          )}
        </div>
      )}
      {folder && <p className="muted">{t("holderFolderChosen", folder.name)}</p>}
      {note && <p role="status">{note}</p>}
      <DueFiles due={view.due} onSave={saveDue} />
      {team && (
        <ProtectedFigures
          totals={view.totals}
          team={team}
          trainingDate={settings?.organization.trainingDate ?? null}
          teamSize={settings?.organization.dashboard.teamSize ?? null}
        />
      )}
    </section>
  );
}
