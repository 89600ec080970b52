import { useT } from "../../components/messages";
import type { TeamViewState } from "./useTeamView";

/** Says that the sample team is shown, with one button to remove all its files. */
export function SampleBanner({ state }: { state: TeamViewState }) {
  const t = useT();
  const { sampleFileIds } = state.files;
  if (sampleFileIds.length === 0) return null;
  return (
    <p className="notice no-print" data-testid="sample-banner">
      {t("dashboardSampleShown")}{" "}
      <button type="button" className="secondary" onClick={() => void state.removeFiles(sampleFileIds)}>
        {t("dashboardSampleRemove")}
      </button>
    </p>
  );
}
