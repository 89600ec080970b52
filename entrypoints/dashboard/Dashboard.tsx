import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { DataTable } from "../../components/DataTable";
import { KpiCard } from "../../components/KpiCard";
import { LazyBarChart as BarChart } from "../../components/LazyBarChart";
import { useT } from "../../components/messages";
import { CATALOG } from "../../lib/catalog/catalog";
import type { SettingsView } from "../../lib/messages/protocol";
import { saveJsonFile, saveTextFile } from "../../lib/platform/download";
import { extensionVersion } from "../../lib/platform/pages";
import { sendMessage } from "../../lib/platform/send-message";
import { type Figure, HIDDEN_ROW_ID, isSuppressed, plotValue, type Shown, type TeamView } from "../../lib/team/metrics";
import { SAMPLE_TEAM_LABEL, SAMPLE_TEAM_SIZE } from "../../lib/team/sample-data";
import {
  clearTeamData,
  type ImportedFileRow,
  type ImportOutcome,
  type ImportProgress,
  listFiles,
  removeFile,
  TeamDatabase,
  unsavedAfter,
} from "../../lib/team/team-database";
import { buildTeamReportExport, safeLabel, toCsv } from "../../lib/team/team-report-format";
import type { ImportRulesMessage } from "../../lib/team/team-worker-protocol";
import { type TeamWorkerAsk, teamWorkerClient } from "../../lib/team/team-worker-client";
import { localDate } from "../../lib/tracking/day-split";
import { ProtectedLeadSection } from "./ProtectedLeadSection";
import TeamWorker from "./team.worker.ts?worker";

const db = new TeamDatabase();

/** The dashboard's worker: imports and figures run there, so the page stays responsive. */
const ask = teamWorkerClient(new TeamWorker());

/** An error's message, for showing. */
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Files listed one by one at most; beyond that the list shows the problems and a count. */
const LISTED_FILES = 100;

/** Every file in a dropped folder (or the dropped files themselves). */
async function droppedFiles(items: DataTransferItemList): Promise<File[]> {
  const entries = [...items]
    .map((item) => item.webkitGetAsEntry())
    .filter((entry): entry is FileSystemEntry => entry !== null);
  const files: File[] = [];
  const walk = async (entry: FileSystemEntry): Promise<void> => {
    if (entry.isFile) {
      files.push(await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject)));
    } else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
        if (batch.length === 0) break;
        for (const child of batch) await walk(child);
      }
    }
  };
  for (const entry of entries) await walk(entry);
  return files;
}

export function Dashboard() {
  const t = useT();
  const [settings, setSettings] = useState<SettingsView | null>(null);
  const [files, setFiles] = useState<ImportedFileRow[]>([]);
  const [view, setView] = useState<TeamView | null>(null);
  const [waiting, setWaiting] = useState(0);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  // Files that were valid but could not be saved are in no log entry: they are kept here to be listed.
  const [unsaved, setUnsaved] = useState<ImportOutcome[]>([]);
  const [problem, setProblem] = useState<{ key: "dashboardImportError" | "dashboardViewError"; detail: string } | null>(
    null,
  );
  const [dragging, setDragging] = useState(false);
  const [teamSizeText, setTeamSizeText] = useState("");
  const [hourlyCostText, setHourlyCostText] = useState("");
  const [teamLabelText, setTeamLabelText] = useState("");
  const [teamLabel, setTeamLabel] = useState<string | null>(null);
  const [teamSize, setTeamSize] = useState<number | null>(null);
  const [hourlyCost, setHourlyCost] = useState<number | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  const org = settings?.organization.dashboard;
  const k = org?.minGroupSize ?? 5;
  const effectiveTeamSize = org?.teamSize ?? teamSize;
  const effectiveHourlyCost = org?.hourlyCost ?? hourlyCost;
  // The report's team label is the lead's own (policy, or the setting here); never one from a file.
  const effectiveTeamLabel = safeLabel(settings?.organization.teamLabel) ?? teamLabel;
  // What a file may name: the catalog and this browser's custom tools, the task list in force.
  const rules = useMemo<ImportRulesMessage>(
    () => ({
      toolIds: [
        ...CATALOG.map((tool) => tool.id),
        ...(settings?.settings.customTools ?? []).map((tool) => tool.id),
        ...(settings?.organization.customToolIds ?? []),
      ],
      categoryIds: (settings?.categories ?? []).map((category) => category.id),
      readerVersion: extensionVersion(),
    }),
    [settings],
  );

  // Answers can arrive out of order; only the newest request may set what is shown.
  const latestRefresh = useRef(0);
  const refresh = useCallback(
    async (reread = false) => {
      const request = ++latestRefresh.current;
      const options = {
        teamSize: effectiveTeamSize,
        hourlyCost: effectiveHourlyCost,
        k,
        targets: {
          weeklyActiveRate: org?.weeklyActiveRateTarget ?? null,
          minutesSavedPerPersonWeek: org?.minutesSavedTarget ?? null,
        },
      };
      // The file list, with its Remove and Clear controls, never waits for the figures.
      const listed = listFiles(db).then((nextFiles) => {
        if (request === latestRefresh.current) setFiles(nextFiles);
      });
      const answer = await ask({ type: "view", options, reread });
      await listed;
      if (request !== latestRefresh.current) return;
      if (answer.type === "view") {
        setView(answer.view);
        setWaiting(answer.waiting);
      }
      setProblem((shown) => (shown?.key === "dashboardViewError" ? null : shown));
    },
    [effectiveTeamSize, effectiveHourlyCost, k, org],
  );
  // An import started before a settings change must refresh with the settings in force when it ends.
  const refreshNow = useRef(refresh);
  refreshNow.current = refresh;

  useEffect(() => {
    void sendMessage("getSettingsView", {}).then(setSettings);
  }, []);
  useEffect(() => {
    if (settings) refresh().catch((error) => setProblem({ key: "dashboardViewError", detail: messageOf(error) }));
  }, [settings, refresh]);
  // Folder picking is not in the React type of <input>.
  useEffect(() => {
    folderInput.current?.setAttribute("webkitdirectory", "");
  }, []);

  /** Refreshes after a change on the page, showing why when the figures cannot be computed. */
  async function refreshAfter(reread = false) {
    try {
      await refreshNow.current(reread);
    } catch (error) {
      setProblem({ key: "dashboardViewError", detail: messageOf(error) });
    }
  }

  async function run(request: TeamWorkerAsk) {
    if (request.type === "import" && request.files.length === 0) return;
    setProblem(null);
    setProgress({ done: 0, total: request.type === "import" ? request.files.length : SAMPLE_TEAM_SIZE });
    try {
      const answer = await ask(request, setProgress);
      if (answer.type === "imported") setUnsaved((earlier) => unsavedAfter(earlier, answer.outcomes));
    } catch (error) {
      setProblem({ key: "dashboardImportError", detail: messageOf(error) });
    } finally {
      // Whatever happened, the progress bar goes and the list shows what was stored.
      setProgress(null);
      await refreshAfter();
    }
  }

  const categoryLabels = useMemo(
    () => Object.fromEntries((settings?.categories ?? []).map((c) => [c.id, c.label])),
    [settings],
  );
  const categoryLabel = (id: string) => (id === HIDDEN_ROW_ID ? t("dashboardHiddenRow") : (categoryLabels[id] ?? id));
  const toolName = (id: string) =>
    id === HIDDEN_ROW_ID ? t("dashboardHiddenRow") : (CATALOG.find((tool) => tool.id === id)?.name ?? id);
  const hiddenText = (figure: Shown<Figure> | Shown<unknown>) =>
    isSuppressed(figure as Shown<Figure>) ? t("dashboardHidden", (figure as { reason: string }).reason) : null;
  const number = (figure: Shown<Figure>, digits = 0) =>
    isSuppressed(figure) || figure.value === null
      ? null
      : figure.value.toLocaleString(undefined, { maximumFractionDigits: digits });
  const percent = (figure: Shown<Figure>) =>
    isSuppressed(figure) || figure.value === null ? null : `${Math.round(figure.value * 100)} %`;
  const ofText = (figure: Shown<Figure>) =>
    isSuppressed(figure) || figure.denominator === null
      ? null
      : t("dashboardOf", [
          figure.numerator.toLocaleString(undefined, { maximumFractionDigits: 1 }),
          figure.denominator.toLocaleString(),
          figure.denominatorLabel ?? "",
        ]);
  /** A figure as text, or why it is hidden. */
  const shown = (figure: Shown<Figure>, format: (figure: Shown<Figure>) => string | null) =>
    format(figure) ?? hiddenText(figure);
  const chartHidden = t("chartHiddenValue", String(view?.k ?? k));

  const sampleShown = files.some((file) => file.team === SAMPLE_TEAM_LABEL);
  // Problems first, then the newest; a large import lists a hundred files and counts the rest.
  const listedFiles = useMemo(
    () =>
      [...files]
        .sort(
          (a, b) => Number(a.verdict === "imported") - Number(b.verdict === "imported") || (b.id ?? 0) - (a.id ?? 0),
        )
        .slice(0, LISTED_FILES),
    [files],
  );
  const verdictCounts = useMemo(() => {
    const counts = new Map<string, number>();
    for (const file of files) counts.set(file.verdict, (counts.get(file.verdict) ?? 0) + 1);
    return counts;
  }, [files]);
  const hasData = view !== null && view.period !== null;
  const denominatorLabel = effectiveTeamSize ? t("denominatorTeam") : t("denominatorReported");

  function exportReport(kind: "json" | "csv") {
    if (!view) return;
    const report = buildTeamReportExport(view, {
      team: effectiveTeamLabel,
      waitingReports: waiting,
      generatorVersion: extensionVersion(),
      now: Date.now(),
      categoryLabels,
    });
    const name = `ai-adoption-team-report-${localDate(Date.now())}`;
    if (kind === "json") saveJsonFile(`${name}.json`, report);
    else saveTextFile(`${name}.csv`, toCsv(report), "text/csv");
  }

  return (
    <main className="dashboard">
      <h1>{t("dashboardHeading")}</h1>
      <p>{t("dashboardIntro", String(k))}</p>

      <section aria-labelledby="import-heading" className="no-print">
        <h2 id="import-heading">{t("dashboardImportHeading")}</h2>
        {/* biome-ignore lint/a11y/noStaticElementInteractions: the drop zone is a convenience; the buttons inside do the same from the keyboard. */}
        <div
          className={`drop-zone${dragging ? " dragging" : ""}`}
          data-testid="drop-zone"
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={async (event) => {
            event.preventDefault();
            setDragging(false);
            await run({ type: "import", files: await droppedFiles(event.dataTransfer.items), now: Date.now(), rules });
          }}
        >
          <p>{t("dashboardDrop")}</p>
          <div className="actions">
            <button type="button" onClick={() => fileInput.current?.click()}>
              {t("dashboardChooseFiles")}
            </button>
            <button type="button" className="secondary" onClick={() => folderInput.current?.click()}>
              {t("dashboardChooseFolder")}
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => void run({ type: "importSample", seed: Date.now() % 100_000, now: Date.now(), rules })}
            >
              {t("dashboardSample")}
            </button>
          </div>
          <input
            ref={fileInput}
            type="file"
            multiple
            accept=".json,application/json"
            hidden
            data-testid="file-input"
            onChange={(event) => {
              void run({ type: "import", files: [...(event.target.files ?? [])], now: Date.now(), rules });
              event.target.value = "";
            }}
          />
          <input
            ref={folderInput}
            type="file"
            multiple
            hidden
            data-testid="folder-input"
            onChange={(event) => {
              void run({ type: "import", files: [...(event.target.files ?? [])], now: Date.now(), rules });
              event.target.value = "";
            }}
          />
        </div>
        {progress && (
          <div role="status">
            <label htmlFor="import-progress">
              {t("dashboardImporting", [String(progress.done), String(progress.total)])}
            </label>
            <progress id="import-progress" max={progress.total} value={progress.done} />
          </div>
        )}
        {problem && (
          <p className="notice" role="alert" data-testid="dashboard-error">
            {t(problem.key, problem.detail)}
          </p>
        )}
      </section>

      {sampleShown && (
        <p className="notice no-print" data-testid="sample-banner">
          {t("dashboardSampleShown")}{" "}
          <button
            type="button"
            className="secondary"
            onClick={async () => {
              for (const file of files)
                if (file.team === SAMPLE_TEAM_LABEL && file.id !== undefined) await removeFile(db, file.id);
              await refreshAfter(true);
            }}
          >
            {t("dashboardSampleRemove")}
          </button>
        </p>
      )}

      <section aria-labelledby="files-heading" className="no-print">
        <h2 id="files-heading">{t("dashboardFilesHeading")}</h2>
        {files.length === 0 && unsaved.length === 0 ? (
          <p className="muted">{t("dashboardFilesEmpty")}</p>
        ) : (
          <>
            {unsaved.length > 0 && (
              <p className="notice" role="alert" data-testid="files-unsaved">
                {t("dashboardFilesUnsaved", String(unsaved.length))}
              </p>
            )}
            <p data-testid="files-summary">
              {t("dashboardFilesSummary", [
                String(files.length),
                String(verdictCounts.get("imported") ?? 0),
                String((verdictCounts.get("partly duplicate") ?? 0) + (verdictCounts.get("duplicate") ?? 0)),
                String(verdictCounts.get("updated") ?? 0),
                String(verdictCounts.get("conflict") ?? 0),
                String(verdictCounts.get("rejected") ?? 0),
              ])}
              {files.length > listedFiles.length &&
                ` ${t("dashboardFilesMore", String(files.length - listedFiles.length))}`}
            </p>
            <div className="table-scroll">
              <table data-testid="files">
                <thead>
                  <tr>
                    <th scope="col">{t("dashboardFile")}</th>
                    <th scope="col">{t("dashboardVerdict")}</th>
                    <th scope="col">{t("dashboardRecords")}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t("dashboardRemoveFile", "")}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {unsaved.map((outcome) => (
                    <tr key={`unsaved:${outcome.name}`} data-verdict="failed" data-file={outcome.name}>
                      <th scope="row">{outcome.name}</th>
                      <td>{t("dashboardVerdictFailed", outcome.reason ?? "")}</td>
                      <td>–</td>
                      <td>
                        <button
                          type="button"
                          className="secondary small"
                          aria-label={t("dashboardRemoveFile", outcome.name)}
                          onClick={() => setUnsaved((all) => all.filter((other) => other !== outcome))}
                        >
                          ✕
                        </button>
                      </td>
                    </tr>
                  ))}
                  {listedFiles.map((file) => (
                    <tr key={file.id} data-verdict={file.verdict} data-file={file.name}>
                      <th scope="row">{file.name}</th>
                      <td>
                        {file.verdict === "imported"
                          ? t("dashboardVerdictImported")
                          : file.verdict === "partly duplicate"
                            ? t("dashboardVerdictPartly")
                            : file.verdict === "duplicate"
                              ? t("dashboardVerdictDuplicate")
                              : file.verdict === "updated"
                                ? t("dashboardVerdictUpdated")
                                : file.verdict === "conflict"
                                  ? t("dashboardVerdictConflict", String(file.conflictCount ?? 0))
                                  : t("dashboardVerdictRejected", file.reason ?? "")}
                      </td>
                      <td>
                        {file.verdict === "rejected"
                          ? "–"
                          : t("dashboardAdded", [String(file.addedCount), String(file.recordCount - file.addedCount)])}
                      </td>
                      <td>
                        <button
                          type="button"
                          className="secondary small"
                          aria-label={t("dashboardRemoveFile", file.name)}
                          onClick={async () => {
                            if (file.id !== undefined) await removeFile(db, file.id);
                            await refreshAfter(true);
                          }}
                        >
                          ✕
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <button
              type="button"
              className="danger"
              onClick={async () => {
                if (!window.confirm(t("dashboardClearConfirm"))) return;
                await clearTeamData(db);
                setUnsaved([]);
                await refreshAfter(true);
              }}
            >
              {t("dashboardClearAll")}
            </button>
          </>
        )}
      </section>

      <section aria-labelledby="about-heading" className="no-print">
        <h2 id="about-heading">{t("dashboardSettingsHeading")}</h2>
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            const size = Number(teamSizeText);
            const cost = Number(hourlyCostText);
            setTeamSize(teamSizeText.trim() && Number.isInteger(size) && size > 0 ? size : null);
            setHourlyCost(hourlyCostText.trim() && Number.isFinite(cost) && cost >= 0 ? cost : null);
            setTeamLabel(safeLabel(teamLabelText));
          }}
        >
          <div className="field">
            <label htmlFor="team-label">{t("dashboardTeamLabel")}</label>
            <input
              id="team-label"
              value={settings?.organization.teamLabel != null ? settings.organization.teamLabel : teamLabelText}
              disabled={settings?.organization.teamLabel != null}
              maxLength={80}
              aria-describedby="team-label-help"
              onChange={(event) => setTeamLabelText(event.target.value)}
            />
            <span id="team-label-help" className="muted small">
              {settings?.organization.teamLabel != null
                ? t("dashboardSetByOrganization", settings.organization.teamLabel)
                : t("dashboardTeamLabelHelp")}
            </span>
          </div>
          <div className="field">
            <label htmlFor="team-size">{t("dashboardTeamSize")}</label>
            <input
              id="team-size"
              inputMode="numeric"
              value={org?.teamSize != null ? String(org.teamSize) : teamSizeText}
              disabled={org?.teamSize != null}
              aria-describedby="team-size-help"
              onChange={(event) => setTeamSizeText(event.target.value)}
            />
            <span id="team-size-help" className="muted small">
              {org?.teamSize != null
                ? t("dashboardSetByOrganization", String(org.teamSize))
                : t("dashboardTeamSizeHelp")}
            </span>
          </div>
          <div className="field">
            <label htmlFor="hourly-cost">{t("dashboardHourlyCost")}</label>
            <input
              id="hourly-cost"
              inputMode="decimal"
              value={org?.hourlyCost != null ? String(org.hourlyCost) : hourlyCostText}
              disabled={org?.hourlyCost != null}
              onChange={(event) => setHourlyCostText(event.target.value)}
            />
          </div>
          <button type="submit">{t("dashboardApply")}</button>
        </form>
      </section>

      <ProtectedLeadSection />

      <section aria-labelledby="view-heading">
        <h2 id="view-heading">{t("dashboardViewHeading")}</h2>
        {waiting > 0 && (
          <p className="notice" role="status" data-testid="waiting">
            {t("dashboardWaiting", [String(waiting), String(view?.k ?? k)])}
          </p>
        )}
        {!view || !hasData ? (
          <p data-testid="no-data">{t("dashboardNoData")}</p>
        ) : (
          <>
            <div className="kpis">
              <KpiCard
                testId="kpi-active-rate"
                title={t("kpiActiveRate", view.latestWeek ?? "")}
                value={percent(view.summary.weeklyActiveRate)}
                hidden={hiddenText(view.summary.weeklyActiveRate)}
                detail={[
                  ofText(view.summary.weeklyActiveRate),
                  view.targets.weeklyActiveRate
                    ? `${t("dashboardTarget", `${Math.round(view.targets.weeklyActiveRate.target * 100)} %`)}${
                        view.targets.weeklyActiveRate.met === null
                          ? ""
                          : ` · ${view.targets.weeklyActiveRate.met ? t("dashboardTargetMet") : t("dashboardTargetMissed")}`
                      }`
                    : null,
                ]
                  .filter(Boolean)
                  .join(" · ")}
                means={t("kpiActiveRateMeans")}
              />
              <KpiCard
                testId="kpi-retention"
                title={t("kpiRetention")}
                value={percent(view.summary.retention)}
                hidden={hiddenText(view.summary.retention)}
                detail={ofText(view.summary.retention)}
                means={t("kpiRetentionMeans")}
              />
              <KpiCard
                testId="kpi-saved-per-week"
                title={t("kpiSavedPerWeek")}
                value={number(view.summary.minutesSavedPerPersonWeek, 1)}
                hidden={hiddenText(view.summary.minutesSavedPerPersonWeek)}
                detail={[
                  ofText(view.summary.minutesSavedPerPersonWeek),
                  view.targets.minutesSavedPerPersonWeek
                    ? t("dashboardTarget", String(view.targets.minutesSavedPerPersonWeek.target))
                    : null,
                ]
                  .filter(Boolean)
                  .join(" · ")}
                means={t("kpiSavedPerWeekMeans")}
              />
              <KpiCard
                testId="kpi-saved-total"
                title={t("kpiSavedTotal")}
                value={number(view.summary.minutesSaved)}
                hidden={hiddenText(view.summary.minutesSaved)}
                means={t("kpiSavedTotalMeans", [view.period?.from ?? "", view.period?.to ?? ""])}
              />
              {view.summary.roi && (
                <KpiCard
                  testId="kpi-roi"
                  title={t("kpiRoi")}
                  value={
                    isSuppressed(view.summary.roi)
                      ? null
                      : view.summary.roi.value.toLocaleString(undefined, { maximumFractionDigits: 0 })
                  }
                  hidden={hiddenText(view.summary.roi)}
                  detail={
                    !isSuppressed(view.summary.roi) && view.summary.roi.atTarget !== null
                      ? t(
                          "kpiRoiTarget",
                          view.summary.roi.atTarget.toLocaleString(undefined, { maximumFractionDigits: 0 }),
                        )
                      : null
                  }
                  means={
                    isSuppressed(view.summary.roi)
                      ? t("kpiRoiMeans", ["–", String(effectiveHourlyCost ?? "–")])
                      : t("kpiRoiMeans", [
                          view.summary.roi.hoursSaved.toLocaleString(undefined, { maximumFractionDigits: 1 }),
                          String(view.summary.roi.hourlyCost),
                        ])
                  }
                />
              )}
            </div>

            <div className="charts">
              <figure>
                <figcaption>
                  <strong>{t("chartReports")}</strong> <span className="muted small">{t("chartReportsMeans")}</span>
                </figcaption>
                <BarChart
                  labels={view.weeks.map((w) => w.week.slice(5))}
                  values={view.weeks.map((w) => plotValue(w.reporting))}
                  label={t("chartReports")}
                  hiddenText={chartHidden}
                  format={(v) => String(v)}
                />
              </figure>
              <figure>
                <figcaption>
                  <strong>{t("chartActiveRate")}</strong>{" "}
                  <span className="muted small">{t("chartActiveRateMeans", denominatorLabel)}</span>
                </figcaption>
                <BarChart
                  labels={view.weeks.map((w) => w.week.slice(5))}
                  values={view.weeks.map((w) => plotValue(w.activeRate, 100))}
                  label={t("chartActiveRate")}
                  hiddenText={chartHidden}
                  format={(v) => `${Math.round(v)} %`}
                />
              </figure>
              <figure>
                <figcaption>
                  <strong>{t("chartAdoption")}</strong> <span className="muted small">{t("chartAdoptionMeans")}</span>
                </figcaption>
                <BarChart
                  labels={view.adoptionCurve.map((p) => String(p.weeksSinceTraining))}
                  values={view.adoptionCurve.map((p) => plotValue(p.activeRate, 100))}
                  label={t("chartAdoption")}
                  hiddenText={chartHidden}
                  format={(v) => `${Math.round(v)} %`}
                />
              </figure>
              <figure>
                <figcaption>
                  <strong>{t("chartTools")}</strong> <span className="muted small">{t("chartToolsMeans")}</span>
                </figcaption>
                <BarChart
                  labels={view.tools.map((row) => toolName(row.toolId))}
                  values={view.tools.map((row) => plotValue(row.activeMinutes))}
                  label={t("chartTools")}
                  hiddenText={chartHidden}
                  format={(v) => `${Math.round(v)} min`}
                />
              </figure>
            </div>

            <h3>{t("bandsHeading")}</h3>
            <p className="muted small">{t("bandsMeans")}</p>
            <DataTable
              testId="bands"
              rows={view.activeMinutesBands}
              rowKey={(row) => row.band}
              rowData={(row) => ({ "data-band": row.band })}
              columns={[
                { header: t("bandColumn"), cell: (row) => row.label },
                { header: t("bandPersonWeeks"), numeric: true, cell: (row) => shown(row.personWeeks, number) },
                { header: t("bandShare"), numeric: true, cell: (row) => shown(row.share, percent) },
              ]}
            />

            <h3>{t("useCasesHeading")}</h3>
            <p className="muted small">{t("useCasesMeans")}</p>
            <DataTable
              testId="use-cases"
              rows={view.useCases}
              rowKey={(row) => row.category}
              rowData={(row) => ({ "data-category": row.category })}
              columns={[
                { header: t("useCaseTask"), cell: (row) => categoryLabel(row.category) },
                { header: t("useCaseMinutes"), numeric: true, cell: (row) => shown(row.minutesSaved, number) },
                { header: t("useCaseTags"), numeric: true, cell: (row) => shown(row.tags, number) },
              ]}
            />

            <div className="table-scroll">
              <DataTable
                testId="weeks"
                caption={t("weeksTableCaption")}
                rows={view.weeks}
                rowKey={(row) => row.week}
                rowData={(row) => ({ "data-week": row.week })}
                columns={[
                  { header: t("columnWeek"), cell: (row) => row.week },
                  { header: t("columnReporting"), numeric: true, cell: (row) => shown(row.reporting, number) },
                  { header: t("columnActive"), numeric: true, cell: (row) => shown(row.active, number) },
                  { header: t("columnRate"), numeric: true, cell: (row) => shown(row.activeRate, percent) },
                  { header: t("columnSaved"), numeric: true, cell: (row) => shown(row.minutesSaved, number) },
                ]}
              />
            </div>

            <section aria-labelledby="export-heading" className="no-print">
              <h3 id="export-heading">{t("exportHeading")}</h3>
              <p className="muted small">{t("exportIntro")}</p>
              <div className="actions">
                <button type="button" onClick={() => exportReport("json")}>
                  {t("exportJson")}
                </button>
                <button type="button" onClick={() => exportReport("csv")}>
                  {t("exportCsv")}
                </button>
                <button type="button" className="secondary" onClick={() => window.print()}>
                  {t("exportPrint")}
                </button>
              </div>
            </section>
          </>
        )}
      </section>
    </main>
  );
}
