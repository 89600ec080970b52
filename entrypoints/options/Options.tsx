import { useT } from "../../components/messages";
import { DataSection, PrivacySection, TeamSection } from "./DataSections";
import { PolicySection } from "./PolicySection";
import { ProtectedSharingSection } from "./ProtectedSharingSection";
import { SettingsForm } from "./SettingsForm";
import { ToolsSection } from "./ToolsSection";
import { useSettingsView } from "./use-settings-view";

/** Settings and privacy: one section per concern, in the order a person reads them. */
export function Options() {
  const t = useT();
  const { view, form, setForm, errors, message, missingAccess, load, save } = useSettingsView();
  if (!view || !form) return <main aria-busy="true" />;
  return (
    <main>
      <h1>{t("optionsHeading")}</h1>
      <p>{t("optionsIntro")}</p>
      <PolicySection organization={view.organization} />
      <SettingsForm view={view} form={form} setForm={setForm} errors={errors} message={message} save={save} />
      <ToolsSection view={view} missingAccess={missingAccess} save={save} load={load} />
      <PrivacySection />
      <ProtectedSharingSection />
      <DataSection />
      <TeamSection />
    </main>
  );
}
