import { useState } from "react";
import { useT } from "../../components/messages";
import { safeLabel } from "../../lib/team/team-report-format";
import type { TeamViewState } from "./useTeamView";

/** What the lead sets where policy leaves it open: team label, team size, hourly cost. */
export function LeadSettingsForm({ state }: { state: TeamViewState }) {
  const t = useT();
  const { settings, setLead } = state;
  const org = settings?.organization.dashboard;
  const [teamSizeText, setTeamSizeText] = useState("");
  const [hourlyCostText, setHourlyCostText] = useState("");
  const [teamLabelText, setTeamLabelText] = useState("");
  return (
    <section aria-labelledby="about-heading" className="no-print">
      <h2 id="about-heading">{t("dashboardSettingsHeading")}</h2>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          const size = Number(teamSizeText);
          const cost = Number(hourlyCostText);
          setLead({
            teamSize: teamSizeText.trim() && Number.isInteger(size) && size > 0 ? size : null,
            hourlyCost: hourlyCostText.trim() && Number.isFinite(cost) && cost >= 0 ? cost : null,
            teamLabel: safeLabel(teamLabelText),
          });
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
            {org?.teamSize != null ? t("dashboardSetByOrganization", String(org.teamSize)) : t("dashboardTeamSizeHelp")}
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
  );
}
