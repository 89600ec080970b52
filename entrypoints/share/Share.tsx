import { useCallback, useEffect, useState } from "react";
import { DataTable } from "../../components/DataTable";
import { useT } from "../../components/messages";
import type { ProtectedSharingView } from "../../lib/messages/protocol";
import { saveJsonFile } from "../../lib/platform/download";
import { sendMessage } from "../../lib/platform/send-message";
import type { AggregateFile } from "../../lib/report/aggregate-format";
import type { Settings } from "../../lib/settings/settings";
import { toolName } from "../../lib/settings/tool-name";
import { addWeeks, isoWeekOf } from "../../lib/time/iso-week";
import { ProtectedSave, ProtectedWhoSees } from "./ProtectedShare";

const WEEK_CHOICES = [1, 2, 4, 8, 12] as const;

/** The preview of the team report: what it says, in words, as a table and as raw JSON. Saved only on click. */
export function Share() {
  const t = useT();
  const [weeks, setWeeks] = useState<number>(4);
  const [report, setReport] = useState<{ file: AggregateFile; fileName: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [labels, setLabels] = useState<Record<string, string>>({});
  const [settingsInForce, setSettingsInForce] = useState<Settings | null>(null);
  // Issue 13: with protected sharing on, the same records go to the custodian as shares.
  const [sharing, setSharing] = useState<ProtectedSharingView | null>(null);
  const protectedMode = sharing?.inForce ?? null;

  const load = useCallback(async (count: number, withoutLocalNoise: boolean) => {
    setSaved(null);
    const lastComplete = addWeeks(isoWeekOf(Date.now()), -1);
    const result = await sendMessage("buildTeamReport", {
      period: { from: addWeeks(lastComplete, -(count - 1)), to: lastComplete },
      withoutLocalNoise,
    });
    if (result.ok) {
      setReport({ file: result.file, fileName: result.fileName });
      setError(null);
    } else {
      setReport(null);
      setError(result.error);
    }
  }, []);

  useEffect(() => {
    void sendMessage("getProtectedSharing", {}).then(setSharing);
  }, []);
  useEffect(() => {
    if (sharing) void load(weeks, sharing.inForce !== null);
  }, [load, weeks, sharing]);
  useEffect(() => {
    void sendMessage("getSettingsView", {}).then((view) => {
      setLabels(Object.fromEntries(view.categories.map((category) => [category.id, category.label])));
      setSettingsInForce(view.settings);
    });
  }, []);

  const file = report?.file;
  const nameOf = (id: string) => toolName(id, settingsInForce);
  const count = file ? file.records.length : 0;

  return (
    <main>
      <h1>{t("shareHeading")}</h1>
      <p>{t("shareIntro")}</p>
      <div className="field">
        <label htmlFor="weeks">{t("sharePeriodLabel")}</label>
        <select id="weeks" value={weeks} onChange={(event) => setWeeks(Number(event.target.value))}>
          {WEEK_CHOICES.map((choice) => (
            <option key={choice} value={choice}>
              {choice === 1 ? t("sharePeriodOne") : t("sharePeriodOption", String(choice))}
            </option>
          ))}
        </select>
      </div>
      {error && (
        <p className="notice" role="alert">
          {t("shareError", error)}
        </p>
      )}
      {file && (
        <>
          <p data-testid="share-summary">
            {file.team
              ? t("shareSummary", [String(count), file.period.from, file.period.to, file.team])
              : t("shareSummaryNoTeam", [String(count), file.period.from, file.period.to])}
          </p>
          <p>{t("shareRounding", String(file.rounding.activeMinutes))}</p>
          {file.noiseEpsilon !== null && <p>{t("shareNoise", String(file.noiseEpsilon))}</p>}
          {protectedMode && <ProtectedWhoSees sharing={protectedMode} />}
          {count === 0 ? (
            <p className="notice" data-testid="share-empty">
              {t("shareNoRecords")}
            </p>
          ) : (
            <div className="table-scroll">
              <DataTable
                testId="share-table"
                caption={t("shareTableCaption")}
                rows={file.records}
                rowKey={(record) => record.id}
                rowData={(record) => ({ "data-week": record.week })}
                columns={[
                  { header: t("shareWeek"), cell: (record) => record.week },
                  {
                    header: t("shareSinceTraining"),
                    numeric: true,
                    cell: (record) => record.weeksSinceTraining ?? "–",
                  },
                  { header: t("shareActiveDays"), numeric: true, cell: (record) => record.activeDays },
                  {
                    header: t("shareTools"),
                    cell: (record) =>
                      record.tools.length === 0
                        ? t("shareNone")
                        : record.tools
                            .map((tool) => `${nameOf(tool.toolId)}: ${tool.visits}, ${tool.activeMinutes} min`)
                            .join("; "),
                  },
                  {
                    header: t("shareTasks"),
                    cell: (record) =>
                      record.tasks.length === 0
                        ? t("shareNone")
                        : record.tasks
                            .map(
                              (task) =>
                                `${labels[task.category] ?? task.category}: ${task.tags}, ${task.minutesSaved} min`,
                            )
                            .join("; "),
                  },
                  {
                    header: t("shareActive"),
                    cell: (record) => (record.features.active ? t("shareYes") : t("shareNo")),
                  },
                ]}
              />
            </div>
          )}
          <h2>{t("shareNotInHeading")}</h2>
          <ul>
            <li>{t("shareNotIn1")}</li>
            <li>{t("shareNotIn2")}</li>
            <li>{t("shareNotIn3")}</li>
            <li>{t("shareNotIn4")}</li>
            <li>{t("shareNotIn5")}</li>
            <li>{t("shareNotIn6")}</li>
          </ul>
          <h2>{t("shareRawHeading")}</h2>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable from the keyboard. */}
          <pre className="raw" data-testid="share-raw" tabIndex={0}>
            {JSON.stringify(file, null, 2)}
          </pre>
          {protectedMode ? (
            <ProtectedSave file={file} sharing={protectedMode} memberCode={sharing?.memberCode ?? null} />
          ) : (
            <div className="actions">
              <button
                type="button"
                disabled={count === 0}
                onClick={() => {
                  if (!report) return;
                  saveJsonFile(report.fileName, report.file);
                  setSaved(report.fileName);
                }}
              >
                {t("shareSave")}
              </button>
            </div>
          )}
          {saved && <p role="status">{t("shareSaved", saved)}</p>}
        </>
      )}
    </main>
  );
}
