import { useLiveQuery } from "dexie-react-hooks";
import { useCallback, useEffect, useState } from "react";
import { ToolList } from "../../components/ToolList";
import { UsageTable } from "../../components/UsageTable";
import { catalogTool } from "../../lib/catalog/catalog";
import { MeterDatabase } from "../../lib/db/database";
import type { TrackingStatus } from "../../lib/messages/protocol";
import { t } from "../../lib/platform/i18n";
import { sendMessage } from "../../lib/platform/messaging";
import { pageUrl } from "../../lib/platform/pages";
import { loadSettings } from "../../lib/platform/storage-items";
import { type Settings, trackedTools } from "../../lib/settings/settings";
import { localDate } from "../../lib/tracking/day-split";

const db = new MeterDatabase();

export function Popup() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [status, setStatus] = useState<TrackingStatus | null>(null);
  const today = useLiveQuery(() => db.days.where("date").equals(localDate(Date.now())).toArray(), []);

  useEffect(() => {
    void loadSettings().then(setSettings);
    void sendMessage("getStatus", {}).then(setStatus);
  }, []);

  const togglePause = useCallback(async () => {
    if (!status) return;
    setStatus(await sendMessage("setPaused", { paused: !status.paused }));
  }, [status]);

  const tools = settings ? trackedTools(settings) : [];
  const nameOf = (id: string) => tools.find((tool) => tool.id === id)?.name ?? catalogTool(id)?.name ?? id;
  const rows = (today ?? [])
    .map((day) => ({
      toolId: day.toolId,
      name: nameOf(day.toolId),
      activeSeconds: day.activeMs / 1000,
      visits: day.visits,
    }))
    .sort((a, b) => b.activeSeconds - a.activeSeconds);

  return (
    <main>
      <h1>{t("extensionName")}</h1>
      {status?.writeError && (
        <p className="notice" role="alert">
          {status.writeError}
        </p>
      )}
      <div className="status">
        <span data-testid="tracking-state">
          {status === null
            ? t("popupStatusLoading")
            : status.paused
              ? t("popupStatusPaused")
              : status.engagedToolId
                ? t("popupStatusEngaged", nameOf(status.engagedToolId))
                : t("popupStatusTracking")}
        </span>
        <button type="button" className="secondary" onClick={togglePause} disabled={status === null}>
          {status?.paused ? t("popupResume") : t("popupPause")}
        </button>
      </div>

      <h2>{t("popupTodayHeading")}</h2>
      {today === undefined ? null : rows.length === 0 ? (
        <p data-testid="empty-state">{t("popupNothingRecorded")}</p>
      ) : (
        <UsageTable
          rows={rows}
          caption={t("popupTodayCaption")}
          headers={{ tool: t("tableTool"), time: t("tableActiveTime"), visits: t("tableVisits") }}
        />
      )}

      <h2>{t("popupTrackedHeading", String(tools.length))}</h2>
      <ToolList tools={tools} label={t("popupTrackedLabel")} />

      <nav>
        <a href={pageUrl("options")} target="_blank" rel="noreferrer">
          {t("linkOptions")}
        </a>
        <a href={pageUrl("dashboard")} target="_blank" rel="noreferrer">
          {t("linkDashboard")}
        </a>
      </nav>
    </main>
  );
}
