import { DataTable } from "../../components/DataTable";
import { KpiCard } from "../../components/KpiCard";
import { useT } from "../../components/messages";
import { saveJsonFile, saveTextFile } from "../../lib/platform/download";
import { extensionVersion } from "../../lib/platform/pages";
import { toolName as nameInForce } from "../../lib/settings/tool-name";
import { hoursText, moneyText, numberText, ofParts, percentText } from "../../lib/team/figure-text";
import { type Figure, HIDDEN_ROW_ID, isSuppressed, type Shown } from "../../lib/team/metrics";
import { buildTeamReportExport, toCsv } from "../../lib/team/team-report-format";
import { localDate } from "../../lib/time/local-date";
import { TeamCharts } from "./TeamCharts";
import type { TeamViewState } from "./useTeamView";

/** The released, suppressed team view: headline figures, charts, tables and the export. */
export function TeamViewSection({ state }: { state: TeamViewState }) {
  const t = useT();
  const { view, waiting, k, settings, teamSize, hourlyCost, teamLabel, protectedWeeks, protectedWaiting } = state;
  const fromBatches = new Set(protectedWeeks.weeks);
  const categoryLabels = Object.fromEntries((settings?.categories ?? []).map((c) => [c.id, c.label]));
  const categoryLabel = (id: string) => (id === HIDDEN_ROW_ID ? t("dashboardHiddenRow") : (categoryLabels[id] ?? id));
  const toolName = (id: string) =>
    id === HIDDEN_ROW_ID ? t("dashboardHiddenRow") : nameInForce(id, settings?.settings);
  const hiddenText = (figure: Shown<Figure> | Shown<unknown>) =>
    isSuppressed(figure as Shown<Figure>) ? t("dashboardHidden", (figure as { reason: string }).reason) : null;
  const number = (figure: Shown<Figure>, digits = 0) => numberText(figure, digits);
  const percent = percentText;
  const ofText = (figure: Shown<Figure>) => {
    const parts = ofParts(figure);
    return parts ? t("dashboardOf", parts) : null;
  };
  /** A figure as text, or why it is hidden. */
  const shown = (figure: Shown<Figure>, format: (figure: Shown<Figure>) => string | null) =>
    format(figure) ?? hiddenText(figure);
  const hasData = view !== null && view.period !== null;
  const denominatorLabel = teamSize ? t("denominatorTeam") : t("denominatorReported");

  function exportReport(kind: "json" | "csv") {
    if (!view) return;
    const report = buildTeamReportExport(view, {
      team: teamLabel,
      // Direct records held back by the release rule, and protected reports not in a summed batch yet.
      waitingReports: waiting + protectedWaiting,
      generatorVersion: extensionVersion(),
      now: Date.now(),
      categoryLabels,
      toolNames: Object.fromEntries(view.tools.map((row) => [row.toolId, nameInForce(row.toolId, settings?.settings)])),
    });
    const name = `ai-adoption-team-report-${localDate(Date.now())}`;
    if (kind === "json") saveJsonFile(`${name}.json`, report);
    else saveTextFile(`${name}.csv`, toCsv(report), "text/csv");
  }

  return (
    <section aria-labelledby="view-heading">
      <h2 id="view-heading">{t("dashboardViewHeading")}</h2>
      {waiting > 0 && (
        <p className="notice" role="status" data-testid="waiting">
          {t("dashboardWaiting", [String(waiting), String(view?.k ?? k)])}
        </p>
      )}
      {protectedWaiting > 0 && (
        <p className="notice" role="status" data-testid="protected-waiting">
          {t("dashboardProtectedWaiting", [String(protectedWaiting), String(view?.k ?? k)])}
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
                value={isSuppressed(view.summary.roi) ? null : moneyText(view.summary.roi.value)}
                hidden={hiddenText(view.summary.roi)}
                detail={
                  !isSuppressed(view.summary.roi) && view.summary.roi.atTarget !== null
                    ? t("kpiRoiTarget", moneyText(view.summary.roi.atTarget))
                    : null
                }
                means={
                  isSuppressed(view.summary.roi)
                    ? t("kpiRoiMeans", ["–", String(hourlyCost ?? "–")])
                    : t("kpiRoiMeans", [hoursText(view.summary.roi.hoursSaved), String(view.summary.roi.hourlyCost)])
                }
              />
            )}
          </div>

          <TeamCharts view={view} toolName={toolName} denominatorLabel={denominatorLabel} k={k} />

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
              rowData={(row) => ({
                "data-week": row.week,
                "data-source": fromBatches.has(row.week) ? "protected" : "direct",
              })}
              columns={[
                { header: t("columnWeek"), cell: (row) => row.week },
                { header: t("columnReporting"), numeric: true, cell: (row) => shown(row.reporting, number) },
                { header: t("columnActive"), numeric: true, cell: (row) => shown(row.active, number) },
                { header: t("columnRate"), numeric: true, cell: (row) => shown(row.activeRate, percent) },
                { header: t("columnSaved"), numeric: true, cell: (row) => shown(row.minutesSaved, number) },
              ]}
            />
          </div>

          {protectedWeeks.weeks.length > 0 && (
            <p className="muted small" data-testid="protected-weeks-note">
              {t("dashboardProtectedWeeks", [protectedWeeks.weeks.join(", "), String(view.k)])}
              {protectedWeeks.directLeftOut > 0 &&
                ` ${t("dashboardProtectedLeftOut", String(protectedWeeks.directLeftOut))}`}
            </p>
          )}

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
  );
}
