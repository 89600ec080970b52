import { useEffect, useRef, useState } from "react";
import { useT } from "../../components/messages";
import { droppedFiles } from "./read-files";
import type { TeamViewState } from "./useTeamView";

/** Picking, dropping or generating files to import, with the progress bar and any error. */
export function ImportSection({ state }: { state: TeamViewState }) {
  const t = useT();
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  // Folder picking is not in the React type of <input>.
  useEffect(() => {
    folderInput.current?.setAttribute("webkitdirectory", "");
  }, []);
  const { progress, problem } = state;
  const picked = (event: React.ChangeEvent<HTMLInputElement>) => {
    void state.importFiles([...(event.target.files ?? [])]);
    event.target.value = "";
  };

  return (
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
          await state.importFiles(await droppedFiles(event.dataTransfer.items));
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
          <button type="button" className="secondary" onClick={() => void state.importSample()}>
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
          onChange={picked}
        />
        <input ref={folderInput} type="file" multiple hidden data-testid="folder-input" onChange={picked} />
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
  );
}
