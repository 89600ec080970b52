import Dexie from "dexie";
import { useLiveQuery } from "dexie-react-hooks";
import { useCallback, useEffect, useMemo, useState } from "react";
import { DataTable } from "../../components/DataTable";
import { LazyBarChart as BarChart } from "../../components/LazyBarChart";
import { useT, useUserText } from "../../components/messages";
import { Switch } from "../../components/Switch";
import { type TagDraft, TagForm } from "../../components/TagForm";
import { ToolList } from "../../components/ToolList";
import { UsageTable } from "../../components/UsageTable";
import { MeterDatabase } from "../../lib/db/database";
import type { SettingsView, TrackingStatus } from "../../lib/messages/protocol";
import { type OpenSegmentView, readOpenSegment, watchOpenSegment } from "../../lib/platform/open-segment";
import { pageUrl } from "../../lib/platform/pages";
import { sendMessage } from "../../lib/platform/send-message";
import { saveTagAnswer } from "../../lib/platform/tag-client";
import { toolName } from "../../lib/settings/tool-name";
import { trackedTools } from "../../lib/settings/tracked-tools";
import { withUnrecordedTime } from "../../lib/stats/open-segment";
import { formatDuration, summarizeUsage, summaryStartDate } from "../../lib/stats/summary";
import type { PendingVisit } from "../../lib/tagging/service";
import { localDate } from "../../lib/time/local-date";
import type { FirstFigures } from "./handoff";

const db = new MeterDatabase();

/** While a segment is being measured, how often its time on screen moves on (ms). */
const OPEN_SEGMENT_REFRESH_MS = 30_000;

/** The toolbar popup; `first` holds the totals already on screen before it loaded, if any. */
export function Popup({ first = null }: { first?: FirstFigures | null }) {
  const t = useT();
  const userText = useUserText();
  const [now, setNow] = useState(() => Date.now());
  const today = localDate(now);
  const since = summaryStartDate(today);
  // Stats come straight from the daily totals: no wait for the service worker to start.
  const storedDays = useLiveQuery(() => db.days.where("date").aboveOrEqual(since).toArray(), [since]);
  // The segment being measured now counts too (issue 16): read where the engine keeps it.
  const [segment, setSegment] = useState<OpenSegmentView | null>(null);
  useEffect(() => {
    let current = true;
    const read = () =>
      void readOpenSegment().then((next) => {
        if (current) {
          setSegment(next);
          setNow(Date.now());
        }
      });
    read();
    const stop = watchOpenSegment(read);
    return () => {
      current = false;
      stop();
    };
  }, []);
  const openToolId = segment?.open?.toolId ?? null;
  useEffect(() => {
    if (openToolId === null) return;
    const timer = setInterval(() => setNow(Date.now()), OPEN_SEGMENT_REFRESH_MS);
    return () => clearInterval(timer);
  }, [openToolId]);
  // The tool's latest visit: what the open segment extends, and where its recorded part ends.
  const latestVisit = useLiveQuery(
    async () =>
      openToolId === null
        ? null
        : ((await db.visits
            .where("[toolId+start]")
            .between([openToolId, Dexie.minKey], [openToolId, Dexie.maxKey])
            .last()) ?? null),
    [openToolId],
  );
  const days = useMemo(
    () =>
      storedDays && segment && latestVisit !== undefined
        ? withUnrecordedTime(
            storedDays,
            segment.unrecorded,
            segment.open,
            latestVisit ?? undefined,
            now,
            segment.sessionGapMs,
          )
        : undefined,
    [storedDays, segment, latestVisit, now],
  );
  const tags = useLiveQuery(() => db.tags.where("date").aboveOrEqual(since).toArray(), [since]);
  const recent = useLiveQuery(() => db.visits.orderBy("start").reverse().limit(8).toArray(), []);
  const recentTags = useLiveQuery(
    async () => (recent ? db.tags.bulkGet(recent.map((visit) => visit.id ?? 0)) : []),
    [recent],
  );
  const [view, setView] = useState<SettingsView | null>(null);
  const [status, setStatus] = useState<TrackingStatus | null>(null);
  const [pending, setPending] = useState<PendingVisit[]>([]);
  const [editing, setEditing] = useState<number | null>(null);

  const refresh = useCallback(async () => {
    const [nextStatus, nextPending] = await Promise.all([
      sendMessage("getStatus", {}),
      sendMessage("getPendingVisits", {}),
    ]);
    setStatus(nextStatus);
    setPending(nextPending.visits);
  }, []);

  useEffect(() => {
    void sendMessage("getSettingsView", {}).then(setView);
    void refresh();
  }, [refresh]);

  const nameOf = useCallback((id: string) => toolName(id, view?.settings), [view]);
  const categoryLabel = (id: string) => view?.categories.find((c) => c.id === id)?.label ?? id;
  // Usage shows as soon as the daily totals are read; minutes saved join when the tags are.
  const summary = useMemo(() => (days ? summarizeUsage(days, tags ?? [], today) : null), [days, tags, today]);
  // Until the full figures are read, the ones painted before the popup loaded stay on screen.
  const totals = summary ?? (first?.today === today ? first.summary : null);
  const minutes = useCallback((value: number) => t("minutesShort", String(Math.round(value))), [t]);
  const weekTools = useMemo(() => summary?.week.perTool ?? [], [summary]);
  const toolLabels = useMemo(() => weekTools.map((tool) => nameOf(tool.toolId)), [weekTools, nameOf]);
  const toolValues = useMemo(() => weekTools.map((tool) => tool.activeSeconds / 60), [weekTools]);
  const trendLabels = useMemo(() => summary?.trend.map((point) => point.week.slice(5)) ?? [], [summary]);
  const trendValues = useMemo(() => summary?.trend.map((point) => point.activeSeconds / 60) ?? [], [summary]);

  async function save(visitId: number, draft: TagDraft) {
    const errors = await saveTagAnswer(visitId, draft);
    if (errors) return errors;
    setEditing(null);
    await refresh();
    return null;
  }

  const tools = view ? trackedTools(view.settings) : [];
  const visitHeading = (toolId: string, activeSeconds: number, start: number) =>
    t("tagVisitLabel", [
      nameOf(toolId),
      String(Math.max(1, Math.round(activeSeconds / 60))),
      new Date(start).toLocaleString(undefined, { weekday: "short", hour: "2-digit", minute: "2-digit" }),
    ]);

  return (
    <main>
      <header className="status">
        <h1>{t("extensionName")}</h1>
        <Switch
          checked={status ? !status.paused : true}
          disabled={status === null}
          label={t("popupPauseLabel")}
          onChange={async (on) => setStatus(await sendMessage("setPaused", { paused: !on }))}
        />
      </header>
      <p data-testid="tracking-state" className={status?.paused ? "notice" : "muted"} aria-live="polite">
        {status === null
          ? t("popupStatusLoading")
          : status.paused
            ? t("popupStatusPaused")
            : status.engagedToolId
              ? t("popupStatusEngaged", nameOf(status.engagedToolId))
              : t("popupStatusTracking")}
      </p>
      {status?.writeError && (
        <p className="notice" role="alert" data-testid="write-error">
          {userText(status.writeError)}
        </p>
      )}

      {pending.length > 0 && view && (
        <section aria-labelledby="pending-heading" data-testid="pending">
          <h2 id="pending-heading">{t("popupPendingHeading")}</h2>
          {pending.slice(0, 3).map((visit) => (
            <div className="card" key={visit.visitId} data-visit-id={visit.visitId}>
              <TagForm
                heading={visitHeading(visit.toolId, visit.activeSeconds, visit.start)}
                categories={view.categories}
                onSave={(draft) => save(visit.visitId, draft)}
                onSkip={async () => {
                  await sendMessage("skipTag", { visitId: visit.visitId });
                  await refresh();
                }}
                onNotToday={async () => {
                  await sendMessage("declineTagToday", { visitId: visit.visitId });
                  await refresh();
                }}
              />
            </div>
          ))}
        </section>
      )}

      {totals && (
        <section aria-label={t("popupThisWeek")} data-testid="stats">
          <div className="totals">
            <div className="card" data-testid="today-total">
              <h2>{t("popupToday")}</h2>
              <p className="big">{formatDuration(totals.today.activeSeconds)}</p>
              <p className="muted">{t("popupVisitsCount", String(totals.today.visits))}</p>
            </div>
            <div className="card" data-testid="week-total">
              <h2>{t("popupThisWeek")}</h2>
              <p className="big">{formatDuration(totals.week.activeSeconds)}</p>
              <p className="muted">{t("popupVisitsCount", String(totals.week.visits))}</p>
            </div>
          </div>
          {summary && (
            <>
              {summary.week.visits === 0 && summary.week.activeSeconds === 0 ? (
                <p data-testid="empty-state">{days?.length ? t("popupNothingThisWeek") : t("popupNothingRecorded")}</p>
              ) : (
                <>
                  <h2>{t("popupByToolHeading")}</h2>
                  <UsageTable
                    caption={t("popupWeekCaption")}
                    rows={summary.week.perTool.map((tool) => ({ ...tool, name: nameOf(tool.toolId) }))}
                  />
                  <BarChart labels={toolLabels} values={toolValues} label={t("popupByToolChart")} format={minutes} />
                </>
              )}
              <h2>{t("popupTrendHeading")}</h2>
              <BarChart labels={trendLabels} values={trendValues} label={t("popupTrendChart")} format={minutes} />

              <h2>{t("popupSavedHeading")}</h2>
              {tags === undefined ? null : summary.savedThisWeek.tags === 0 ? (
                <p className="muted" data-testid="saved-none">
                  {t("popupSavedNone")}
                </p>
              ) : (
                <>
                  <p data-testid="saved-total">
                    {t("popupSavedTotal", [String(summary.savedThisWeek.minutes), String(summary.savedThisWeek.tags)])}
                  </p>
                  <DataTable
                    rows={summary.savedThisWeek.perCategory}
                    rowKey={(entry) => entry.category}
                    columns={[
                      { header: t("tableCategory"), cell: (entry) => categoryLabel(entry.category) },
                      { header: t("tableMinutesSaved"), numeric: true, cell: (entry) => entry.minutes },
                      { header: t("tableAnswers"), numeric: true, cell: (entry) => entry.tags },
                    ]}
                  />
                </>
              )}
            </>
          )}
        </section>
      )}

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">{t("popupHistoryHeading")}</h2>
        {recent && recent.length === 0 && <p className="muted">{t("popupHistoryEmpty")}</p>}
        <ul className="plain history">
          {recent?.map((visit, index) => {
            const tag = recentTags?.[index];
            const id = visit.id ?? 0;
            return (
              <li key={id} data-visit-id={id}>
                <div className="history-row">
                  <span>
                    {visitHeading(visit.toolId, visit.activeMs / 1000, visit.start)}
                    {tag && (
                      <span className="muted small">
                        {" · "}
                        {t("popupTaggedAs", [categoryLabel(tag.category), String(tag.minutesSaved)])}
                      </span>
                    )}
                  </span>
                  <button
                    type="button"
                    className="secondary small"
                    aria-expanded={editing === id}
                    onClick={() => setEditing(editing === id ? null : id)}
                  >
                    {tag ? t("popupRetag") : t("popupTag")}
                  </button>
                </div>
                {editing === id && view && (
                  <TagForm
                    heading={visitHeading(visit.toolId, visit.activeMs / 1000, visit.start)}
                    categories={view.categories}
                    initial={
                      tag ? { category: tag.category, minutesSaved: tag.minutesSaved, note: tag.note ?? "" } : {}
                    }
                    onSave={(draft) => save(id, draft)}
                  />
                )}
              </li>
            );
          })}
        </ul>
      </section>

      <details>
        <summary>{t("popupTrackedHeading", String(tools.length))}</summary>
        {view?.locked.includes("approvedToolIds") && <p className="managed">{t("popupManaged")}</p>}
        <ToolList tools={tools} label={t("popupTrackedLabel")} />
      </details>

      <nav>
        <a href={pageUrl("options")} target="_blank" rel="noreferrer">
          {t("linkOptions")}
        </a>
        <a href={pageUrl("share")} target="_blank" rel="noreferrer">
          {t("popupShare")}
        </a>
        <a href={pageUrl("dashboard")} target="_blank" rel="noreferrer">
          {t("linkDashboard")}
        </a>
      </nav>
    </main>
  );
}
