import { useEffect } from "react";
import { useT } from "../../components/messages";
import { FileLog } from "./FileLog";
import { ImportSection } from "./ImportSection";
import { LeadSettingsForm } from "./LeadSettingsForm";
import { ProtectedLeadSection } from "./ProtectedLeadSection";
import { SampleBanner } from "./SampleBanner";
import { TeamViewSection } from "./TeamViewSection";
import { useTeamView } from "./useTeamView";

/** The team lead's dashboard: import, the import log, the lead's settings, and the team view. */
export function Dashboard() {
  const t = useT();
  const state = useTeamView();
  // The chart code is read, and then one chart made and dropped, each in an idle moment of its
  // own while the page waits for its first files: so neither the loading nor the first chart is
  // a long task taken while an import runs or its figures arrive (issue 16).
  useEffect(() => {
    let id = requestIdleCallback(() => {
      void import("../../components/BarChart").then((module) => {
        id = requestIdleCallback(() => module.warmUpCharts(document.createElement("canvas")));
      });
    });
    return () => cancelIdleCallback(id);
  }, []);
  return (
    <main className="dashboard">
      <h1>{t("dashboardHeading")}</h1>
      <p>{t("dashboardIntro", String(state.k))}</p>
      <ImportSection state={state} />
      <SampleBanner state={state} />
      <FileLog state={state} />
      <LeadSettingsForm state={state} />
      <ProtectedLeadSection onTotals={state.setProtectedTotals} />
      <TeamViewSection state={state} />
    </main>
  );
}
