import { useEffect, useState } from "react";
import { ToolList } from "../../components/ToolList";
import { saveJsonFile } from "../../lib/platform/download";
import { t } from "../../lib/platform/i18n";
import { sendMessage } from "../../lib/platform/messaging";
import { pageUrl } from "../../lib/platform/pages";
import { loadSettings } from "../../lib/platform/storage-items";
import { type Settings, trackedTools } from "../../lib/settings/settings";
import { localDate } from "../../lib/tracking/day-split";

export function Options() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [downloadError, setDownloadError] = useState<string | null>(null);

  useEffect(() => {
    void loadSettings().then(setSettings);
  }, []);

  async function downloadMyData() {
    setDownloadError(null);
    try {
      const data = await sendMessage("exportPersonalData", {});
      saveJsonFile(`ai-adoption-meter-my-data-${localDate(Date.now())}.json`, data);
    } catch (error) {
      setDownloadError(t("optionsDownloadFailed", String(error)));
    }
  }

  return (
    <main>
      <h1>{t("optionsHeading")}</h1>
      <p>{t("optionsIntro")}</p>

      <section aria-labelledby="tracked-heading">
        <h2 id="tracked-heading">{t("optionsTrackedHeading")}</h2>
        {settings && <ToolList tools={trackedTools(settings)} label={t("popupTrackedLabel")} />}
      </section>

      <section aria-labelledby="data-heading">
        <h2 id="data-heading">{t("optionsDataHeading")}</h2>
        <p>{t("optionsDataIntro")}</p>
        <button type="button" onClick={downloadMyData}>
          {t("optionsDownload")}
        </button>
        {downloadError && (
          <p className="notice" role="alert">
            {downloadError}
          </p>
        )}
      </section>

      <section aria-labelledby="team-heading">
        <h2 id="team-heading">{t("optionsTeamHeading")}</h2>
        <a href={pageUrl("dashboard")}>{t("linkDashboard")}</a>
      </section>
    </main>
  );
}
