import { useCallback, useEffect, useRef, useState } from "react";
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
import type { CustodianAnswer, CustodianRequest, CustodianView } from "../../lib/holders/custodian-service";
import type { DueFile, FileVerdict, WithoutTeam } from "../../lib/holders/hand-offs";
import { type WorkProgress, workerClient } from "../../lib/holders/worker-client";
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
import type { TeamConfig } from "../../lib/sharing/team-config";
import CustodianWorker from "./custodian.worker.ts?worker";

const db = new HolderDatabase();
/** The page's worker: it owns the custodian's state; preparing a batch runs there. */
const ask = workerClient<CustodianRequest, CustodianAnswer>(new CustodianWorker());

type Ask = WithoutTeam<CustodianRequest>;

/** The custodian's page (issue 13): collects the team's shares and hands batches to the lead. */
export function Custodian() {
  const t = useT();
  const [policyTeam, setPolicyTeam] = useState<TeamConfig | null | undefined>(undefined);
  const [view, setView] = useState<CustodianView | null>(null);
  const [verdicts, setVerdicts] = useState<readonly FileVerdict[]>([]);
  const [progress, setProgress] = useState<WorkProgress | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [membersText, setMembersText] = useState("");
  const [folder, setFolder] = useState<HandOffFolder | null>(null);
  // A member code just given: shown until the custodian closes it, never again afterwards.
  const [issued, setIssued] = useState<{ name: string; code: string } | null>(null);
  const membersLoaded = useRef(false);

  const run = useCallback(
    async (request: Ask, withProgress = false) => {
      if (policyTeam === undefined) return null;
      setProblem(null);
      if (withProgress) setProgress({ done: 0, total: 1 });
      try {
        const answer = await ask(
          { ...request, policyTeam } as CustodianRequest,
          withProgress ? setProgress : undefined,
        );
        setView(answer.view);
        if (!membersLoaded.current) {
          membersLoaded.current = true;
          setMembersText(answer.view.members.join("\n"));
        }
        if (request.type !== "view" && request.type !== "handedOut") setVerdicts(answer.verdicts);
        return answer;
      } catch (error) {
        setProblem(error instanceof Error ? error.message : String(error));
        return null;
      } finally {
        setProgress(null);
      }
    },
    [policyTeam],
  );

  useEffect(() => {
    void sendMessage("getProtectedSharing", {}).then((sharing) => setPolicyTeam(sharing.policyTeam));
    void rememberedFolder(db, "custodian").then(setFolder);
  }, []);
  useEffect(() => {
    void run({ type: "view" });
  }, [run]);

  async function saveDue(file: DueFile) {
    saveTextFile(file.fileName, file.text, "application/json");
    await run({ type: "handedOut", files: [file] });
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
    // Files this exchange made (a new request, a sum) are written at once as well.
    const fresh = answer?.view.due.filter((file) => !file.handedOut) ?? [];
    if (fresh.length > 0) {
      const again = await exchangeWithFolder(folder, fresh);
      if (again) await run({ type: "handedOut", files: fresh.filter((file) => again.written.includes(file.fileName)) });
    }
    setNote(t("holderExchanged", [String(result.written.length + fresh.length), String(answer?.verdicts.length ?? 0)]));
  }

  if (!view) return <main aria-busy="true" />;
  const team = view.team;
  const step = view.step;
  const waitingTotal = view.waiting.reduce((sum, week) => sum + week.reports, 0);

  return (
    <main>
      <h1>{t("custodianHeading")}</h1>
      <p>{t("custodianIntro")}</p>

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
        {step.kind === "prepareRequest" && (
          <button
            type="button"
            onClick={() =>
              void run({ type: "buildRequest", week: step.params[0] ?? "", version: extensionVersion() }, true)
            }
          >
            {t("custodianPrepare", step.params[0] ?? "")}
          </button>
        )}
        {(step.kind === "sendRequest" || step.kind === "sendSum") && (
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

      <section aria-labelledby="waiting-heading">
        <h2 id="waiting-heading">{t("holderWaiting", String(waitingTotal))}</h2>
        {view.waiting.length === 0 ? (
          <p className="muted">{t("holderWaitingNone")}</p>
        ) : (
          <ul data-testid="waiting-weeks">
            {view.waiting.map((week) => (
              <li key={week.week} data-week={week.week}>
                {t("holderWaitingWeek", [week.week, String(week.reports), String(team?.k ?? 5)])}
              </li>
            ))}
          </ul>
        )}
        {view.readyWeeks.length > 1 &&
          view.readyWeeks.slice(1).map((week) => (
            <button
              key={week}
              type="button"
              className="secondary"
              onClick={() => void run({ type: "buildRequest", week, version: extensionVersion() }, true)}
            >
              {t("custodianPrepare", week)}
            </button>
          ))}
      </section>

      <section aria-labelledby="files-heading">
        <h2 id="files-heading">{t("custodianImportLabel")}</h2>
        <HandOffInput
          id="custodian-import"
          label={t("custodianImportLabel")}
          onFiles={(files) => void run({ type: "import", files, onlyNew: false, version: extensionVersion() }, true)}
        />
        {canChooseFolder() ? (
          <div className="actions">
            <button
              type="button"
              className="secondary"
              onClick={async () => {
                const chosen = await chooseFolder("custodian-hand-offs");
                if (chosen) {
                  await rememberFolder(db, "custodian", chosen);
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
        ) : (
          <p className="muted">{t("holderFolderUnsupported")}</p>
        )}
        {folder && <p className="muted">{t("holderFolderChosen", folder.name)}</p>}
        {note && <p role="status">{note}</p>}
        <DueFiles due={view.due} onSave={saveDue} />
      </section>

      <section aria-labelledby="batches-heading">
        <h2 id="batches-heading">{t("custodianBatchesHeading")}</h2>
        <ul data-testid="batches">
          {view.batches.map((batch) => (
            <li key={batch.id} data-batch={batch.id} data-status={batch.status}>
              {t("custodianBatchRow", [
                batch.id,
                String(batch.reports),
                batch.status === "requested"
                  ? t("custodianStatusRequested")
                  : batch.status === "released"
                    ? t("custodianStatusReleased", String(batch.validReports ?? 0))
                    : t("custodianStatusWithheld", String(batch.validReports ?? 0)),
              ])}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="team-heading">
        <h2 id="team-heading">{t("protectedHeading")}</h2>
        {view.publicKey ? (
          <>
            <PublicKeyField
              publicKey={view.publicKey}
              onCopy={() =>
                void navigator.clipboard.writeText(view.publicKey ?? "").then(() => setNote(t("holderCopied")))
              }
            />
          </>
        ) : (
          <button type="button" onClick={() => void run({ type: "createKey", now: Date.now() })}>
            {t("holderCreateKey")}
          </button>
        )}
        {team && (
          <p data-testid="custodian-team">
            {t(view.teamSource === "policy" ? "custodianTeamFromPolicy" : "custodianTeamFromFile", [
              team.teamLabel,
              team.lead.name,
            ])}
          </p>
        )}
        {view.publicKey && policyTeam === null && (
          <HandOffInput
            id="custodian-team-key"
            label={t("custodianTeamKeyLabel")}
            onFiles={(files) => {
              const [file] = files;
              if (file) void run({ type: "importTeamKey", name: file.name, text: file.text });
            }}
          />
        )}
        {team && (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void run({ type: "setMembers", members: membersText.split("\n") });
            }}
          >
            <div className="field">
              <label htmlFor="members">{t("custodianMembersLabel")}</label>
              <textarea
                id="members"
                rows={8}
                value={membersText}
                onChange={(event) => setMembersText(event.target.value)}
              />
            </div>
            <button type="submit">{t("custodianMembersSave")}</button>
          </form>
        )}
        {team && view.members.length > 0 && (
          <>
            <h3>{t("custodianCodesHeading")}</h3>
            <p className="muted">{t("custodianCodesIntro", team.lead.name)}</p>
            {issued && (
              <div className="card" role="status" data-testid="issued-code" data-member={issued.name}>
                <p>
                  {t("custodianCodeIssued", issued.name)} <strong data-testid="issued-code-value">{issued.code}</strong>
                </p>
                <p className="muted">{t("custodianCodeOnce", issued.name)}</p>
                <button type="button" className="secondary" onClick={() => setIssued(null)}>
                  {t("custodianCodeDone")}
                </button>
              </div>
            )}
            <ul data-testid="member-codes">
              {view.members.map((name) => {
                const hasCode = view.membersWithCode.includes(name);
                return (
                  <li key={name} data-member={name} data-code={hasCode ? "yes" : "no"}>
                    {name}: {t(hasCode ? "custodianCodeHas" : "custodianCodeNone")}{" "}
                    <button
                      type="button"
                      className="secondary"
                      aria-label={t(hasCode ? "custodianCodeGiveNewFor" : "custodianCodeGiveFor", name)}
                      onClick={async () => {
                        setIssued(null);
                        const answer = await run({ type: "issueCode", name });
                        if (answer?.issued) setIssued(answer.issued);
                      }}
                    >
                      {t(hasCode ? "custodianCodeGiveNew" : "custodianCodeGive")}
                    </button>
                  </li>
                );
              })}
            </ul>
          </>
        )}
      </section>
    </main>
  );
}
