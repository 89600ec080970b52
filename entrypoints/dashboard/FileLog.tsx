import { useT } from "../../components/messages";
import type { TeamViewState } from "./useTeamView";

/** The import log: each file's verdict, with Remove for each and Clear for all. It never waits for the figures. */
export function FileLog({ state }: { state: TeamViewState }) {
  const t = useT();
  const { files, unsaved } = state;
  return (
    <section aria-labelledby="files-heading" className="no-print">
      <h2 id="files-heading">{t("dashboardFilesHeading")}</h2>
      {files.total === 0 && unsaved.length === 0 ? (
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
              String(files.total),
              String(files.verdicts.imported ?? 0),
              String((files.verdicts["partly duplicate"] ?? 0) + (files.verdicts.duplicate ?? 0)),
              String(files.verdicts.updated ?? 0),
              String(files.verdicts.conflict ?? 0),
              String(files.verdicts.rejected ?? 0),
            ])}
            {files.total > files.listed.length &&
              ` ${t("dashboardFilesMore", String(files.total - files.listed.length))}`}
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
                        onClick={() => state.forgetUnsaved(outcome)}
                      >
                        ✕
                      </button>
                    </td>
                  </tr>
                ))}
                {files.listed.map((file) => (
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
                        onClick={() => {
                          if (file.id !== undefined) void state.removeFiles([file.id]);
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
            onClick={() => {
              if (window.confirm(t("dashboardClearConfirm"))) void state.clearAll();
            }}
          >
            {t("dashboardClearAll")}
          </button>
        </>
      )}
    </section>
  );
}
