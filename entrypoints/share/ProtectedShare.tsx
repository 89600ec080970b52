import { useState } from "react";
import { useT } from "../../components/messages";
import { type WorkProgress, workerClient } from "../../lib/holders/worker-client";
import type { ProtectedSharingView } from "../../lib/messages/protocol";
import { saveJsonFile } from "../../lib/platform/download";
import { extensionVersion } from "../../lib/platform/pages";
import type { AggregateFile } from "../../lib/report/aggregate-format";
import { sharesFileName } from "../../lib/sharing/file-names";
import type { ShardAnswer, ShardRequest } from "./shares.worker";
import SharesWorker from "./shares.worker.ts?worker";

let shard: ((request: ShardRequest, onProgress?: (p: WorkProgress) => void) => Promise<ShardAnswer>) | null = null;
/** The page's sharding worker, started on first use. */
function shardInWorker(request: ShardRequest, onProgress: (p: WorkProgress) => void): Promise<ShardAnswer> {
  shard ??= workerClient<ShardRequest, ShardAnswer>(new SharesWorker());
  return shard(request, onProgress);
}

/** Who can see what in protected sharing, in the words of issue 13. */
export function ProtectedWhoSees({ sharing }: { sharing: NonNullable<ProtectedSharingView["inForce"]> }) {
  const t = useT();
  return (
    <div className="card" data-testid="protected-who-sees">
      <p>{t("shareProtectedOn", [sharing.team.teamLabel, sharing.team.custodian.name])}</p>
      <ul>
        <li>{t("shareProtectedNobody")}</li>
        <li>{t("shareProtectedLead", [sharing.team.lead.name, String(sharing.team.k)])}</li>
        <li>{t("shareProtectedCustodian", sharing.team.custodian.name)}</li>
      </ul>
    </div>
  );
}

/**
 * Saves the previewed records as one `shares@1` file for the custodian: each week split into two
 * secret shares in a worker, with a progress bar.
 */
export function ProtectedSave({
  file,
  sharing,
  memberCode,
}: {
  file: AggregateFile;
  sharing: NonNullable<ProtectedSharingView["inForce"]>;
  /** The member code entered in the options for this team, or null. */
  memberCode: string | null;
}) {
  const t = useT();
  const [sender, setSender] = useState("");
  const [progress, setProgress] = useState<WorkProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<{ name: string; msPerWeek: number[] } | null>(null);
  const custodian = sharing.team.custodian.name;

  async function save() {
    setError(null);
    setSaved(null);
    if (sender.trim() === "") {
      setError(t("shareProtectedNameMissing", custodian));
      return;
    }
    setProgress({ done: 0, total: file.records.length });
    try {
      const answer = await shardInWorker(
        {
          team: sharing.team,
          records: file.records,
          sender,
          memberCode: memberCode ?? null,
          generatorVersion: extensionVersion(),
        },
        setProgress,
      );
      const name = sharesFileName(
        answer.file.reports.map((report) => report.week),
        custodian,
      );
      saveJsonFile(name, answer.file);
      setSaved({ name, msPerWeek: answer.msPerWeek });
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setProgress(null);
    }
  }

  return (
    <div data-testid="protected-save">
      <div className="field">
        <label htmlFor="sender">{t("shareProtectedNameLabel", custodian)}</label>
        <input
          id="sender"
          value={sender}
          maxLength={120}
          autoComplete="name"
          onChange={(event) => setSender(event.target.value)}
        />
        <span className="muted">{t("shareProtectedNameHelp", custodian)}</span>
      </div>
      <div className="actions">
        <button type="button" disabled={file.records.length === 0 || progress !== null} onClick={() => void save()}>
          {t("shareProtectedSave", custodian)}
        </button>
      </div>
      {progress && (
        <p>
          <label>
            {t("shareProtectedProgress", [String(progress.done), String(progress.total)])}
            <progress value={progress.done} max={progress.total} data-testid="shard-progress" />
          </label>
        </p>
      )}
      {error && (
        <p className="notice" role="alert">
          {error}
        </p>
      )}
      {saved && (
        <p role="status" data-testid="protected-saved" data-ms-per-week={saved.msPerWeek.join(",")}>
          {t("shareProtectedSaved", [saved.name, custodian])}
        </p>
      )}
    </div>
  );
}
