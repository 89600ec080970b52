import { useRef, useState } from "react";
import { useT } from "../../components/messages";
import { saveJsonFile } from "../../lib/platform/download";
import { pageUrl } from "../../lib/platform/pages";
import { sendMessage } from "../../lib/platform/send-message";
import { localDate } from "../../lib/time/local-date";

/** What is stored, what never is, and what never leaves the device, in plain words. */
export function PrivacySection() {
  const t = useT();
  return (
    <section aria-labelledby="privacy-heading">
      <h2 id="privacy-heading">{t("optionsPrivacyHeading")}</h2>
      <p>{t("optionsPrivacyStored")}</p>
      <p>{t("optionsPrivacyNever")}</p>
      <p>{t("optionsPrivacyNetwork")}</p>
      <p>{t("optionsPrivacyReport")}</p>
    </section>
  );
}

/** The person's own data: download it all, share the weekly report, or delete it all after confirming. */
export function DataSection() {
  const t = useT();
  const [dataMessage, setDataMessage] = useState<string | null>(null);
  const deleteDialog = useRef<HTMLDialogElement>(null);

  async function downloadMyData() {
    setDataMessage(null);
    try {
      const data = await sendMessage("exportPersonalData", {});
      saveJsonFile(`ai-adoption-meter-my-data-${localDate(Date.now())}.json`, data);
    } catch (error) {
      setDataMessage(t("optionsDownloadFailed", String(error)));
    }
  }

  async function deleteEverything() {
    deleteDialog.current?.close();
    await sendMessage("deleteAllData", {});
    setDataMessage(t("optionsDeleted"));
  }

  return (
    <section aria-labelledby="data-heading">
      <h2 id="data-heading">{t("optionsDataHeading")}</h2>
      <p>{t("optionsDataIntro")}</p>
      <div className="actions">
        <button type="button" onClick={downloadMyData}>
          {t("optionsDownload")}
        </button>
        <a className="button-link" href={pageUrl("share")}>
          {t("popupShare")}
        </a>
        <button type="button" className="danger" onClick={() => deleteDialog.current?.showModal()}>
          {t("optionsDelete")}
        </button>
      </div>
      {dataMessage && (
        <p role="status" data-testid="data-message">
          {dataMessage}
        </p>
      )}
      <dialog ref={deleteDialog} aria-labelledby="delete-title" aria-describedby="delete-text">
        <h2 id="delete-title">{t("optionsDeleteConfirmTitle")}</h2>
        <p id="delete-text">{t("optionsDeleteConfirmText")}</p>
        {/* Cancel comes first, so it has the focus when the dialog opens. */}
        <div className="actions">
          <button type="button" className="secondary" onClick={() => deleteDialog.current?.close()}>
            {t("optionsCancel")}
          </button>
          <button type="button" className="danger" onClick={deleteEverything}>
            {t("optionsDeleteConfirm")}
          </button>
        </div>
      </dialog>
    </section>
  );
}

/** Where the team lead's dashboard is. */
export function TeamSection() {
  const t = useT();
  return (
    <section aria-labelledby="team-heading">
      <h2 id="team-heading">{t("optionsTeamHeading")}</h2>
      <p>{t("optionsTeamIntro")}</p>
      <a href={pageUrl("dashboard")}>{t("linkDashboard")}</a>
    </section>
  );
}
