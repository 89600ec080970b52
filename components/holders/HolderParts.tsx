import type { ReactNode } from "react";
import type { DueFile, FileVerdict, NextStep } from "../../lib/holders/hand-offs";
import type { WorkProgress } from "../../lib/holders/worker-client";
import type { MessageKey } from "../../lib/messages/message-key";
import { useT } from "../messages";

/** The words of each guided step. */
const STEP_TEXT: Record<NextStep["kind"], MessageKey> = {
  createKey: "holderStepCreateKey",
  startOver: "holderStepStartOver",
  custodianTeamKey: "holderStepCustodianTeamKey",
  leadTeam: "holderStepLeadTeam",
  members: "holderStepMembers",
  collect: "holderStepCollect",
  prepareRequest: "holderStepPrepareRequest",
  sendRequest: "holderStepSendRequest",
  importAnswer: "holderStepImportAnswer",
  sendSum: "holderStepSendSum",
  importRequest: "holderStepImportRequest",
  sendAnswer: "holderStepSendAnswer",
  importSum: "holderStepImportSum",
  figuresIn: "holderStepFiguresIn",
};

/** The one next step, e.g. "2 of 4: send this request to Dana, your lead", with its action. */
export function StepCard({ step, children }: { step: NextStep; children?: ReactNode }) {
  const t = useT();
  const text = t(STEP_TEXT[step.kind], [...step.params]);
  return (
    <div className="card" data-testid="next-step" data-step={step.kind}>
      <h2>{step.index === null ? t("holderStepSetUp", text) : t("holderStepOf", [String(step.index), "4", text])}</h2>
      {children}
    </div>
  );
}

/** A public key with a copy button. */
export function PublicKeyField({ publicKey, onCopy }: { publicKey: string; onCopy: () => void }) {
  const t = useT();
  return (
    <div className="field">
      <label htmlFor="public-key">{t("holderPublicKeyLabel")}</label>
      <input id="public-key" readOnly value={publicKey} data-testid="public-key" onFocus={(e) => e.target.select()} />
      <button type="button" className="secondary" onClick={onCopy}>
        {t("holderCopy")}
      </button>
    </div>
  );
}

/** The verdict of each file of the last import. */
export function VerdictList({ verdicts }: { verdicts: readonly FileVerdict[] }) {
  const t = useT();
  if (verdicts.length === 0) return null;
  return (
    <ul data-testid="verdicts" aria-label={t("holderVerdicts")}>
      {verdicts.map((verdict, index) => (
        <li
          // biome-ignore lint/suspicious/noArrayIndexKey: the same file may be listed twice, each with its verdict.
          key={`${verdict.fileName}-${index}`}
          data-file={verdict.fileName}
          data-ok={verdict.ok}
          className={verdict.ok ? undefined : "notice"}
        >
          <strong>{verdict.fileName}</strong>:{" "}
          {verdict.ok ? t("holderTaken", verdict.message) : t("holderRefused", verdict.message)}
        </li>
      ))}
    </ul>
  );
}

/** A progress bar for work in the page's worker. */
export function WorkBar({ progress }: { progress: WorkProgress | null }) {
  const t = useT();
  if (!progress) return null;
  return (
    <p>
      <label>
        {t("holderWorking", [String(progress.done), String(progress.total)])}
        <progress value={progress.done} max={Math.max(progress.total, 1)} data-testid="work-progress" />
      </label>
    </p>
  );
}

/** The files due, each with a save button. */
export function DueFiles({ due, onSave }: { due: readonly DueFile[]; onSave: (file: DueFile) => void }) {
  const t = useT();
  if (due.length === 0) return null;
  return (
    <ul className="plain" data-testid="due-files">
      {due.map((file) => (
        <li key={file.fileName} data-file={file.fileName}>
          <button type="button" onClick={() => onSave(file)}>
            {t("holderSave", file.fileName)}
          </button>{" "}
          {file.handedOut && <span className="muted">{t("holderHandedOut")}</span>}
        </li>
      ))}
    </ul>
  );
}

/** A file picker for hand-off files; reads each file's text. */
export function HandOffInput({
  id,
  label,
  onFiles,
}: {
  id: string;
  label: string;
  onFiles: (files: { name: string; text: string }[]) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="file"
        multiple
        accept=".json,application/json"
        data-testid={id}
        onChange={async (event) => {
          const picked = [...(event.target.files ?? [])];
          event.target.value = "";
          onFiles(await Promise.all(picked.map(async (file) => ({ name: file.name, text: await file.text() }))));
        }}
      />
    </div>
  );
}
