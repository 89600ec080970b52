import { useT, useUserText } from "../../components/messages";
import { NumberField } from "../../components/NumberField";
import type { SettingsView } from "../../lib/messages/protocol";
import type { Settings } from "../../lib/settings/settings";
import { NUMBER_KEYS, type NumberKey, type SaveSettings } from "./use-settings-view";

/** What a text field holds as a setting: a number when it reads as one, else the text (refused with a message). */
function asSetting(text: string): unknown {
  const trimmed = text.trim();
  return trimmed !== "" && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
}

/** Tracking and prompt settings, saved together; what policy sets is shown and not editable. */
export function SettingsForm({
  view,
  form,
  setForm,
  errors,
  message,
  save,
}: {
  view: SettingsView;
  form: Record<NumberKey, string>;
  setForm: (form: Record<NumberKey, string>) => void;
  errors: Record<string, string>;
  message: { text: string; kind: "ok" | "error" } | null;
  save: SaveSettings;
}) {
  const t = useT();
  const userText = useUserText();
  const { settings, locked } = view;
  const isLocked = (key: keyof Settings) => locked.includes(key);
  const lockedNote = (key: keyof Settings) => (isLocked(key) ? t("optionsLocked", String(settings[key])) : undefined);
  const numberField = (key: NumberKey, label: string, help?: string) => (
    <NumberField
      name={key}
      label={label}
      help={help}
      value={form[key]}
      error={userText(errors[key])}
      lockedNote={lockedNote(key)}
      onChange={(value) => setForm({ ...form, [key]: value })}
    />
  );

  async function submitSettings(event: React.FormEvent) {
    event.preventDefault();
    const patch: Record<string, unknown> = {};
    for (const key of NUMBER_KEYS) if (!isLocked(key)) patch[key] = asSetting(form[key]);
    await save(patch);
  }

  return (
    <form onSubmit={submitSettings} noValidate>
      <section aria-labelledby="tracking-heading">
        <h2 id="tracking-heading">{t("optionsTrackingHeading")}</h2>
        {numberField("idleThresholdSec", t("optionsIdleLabel"), t("optionsIdleHelp"))}
        {numberField("sessionGapMin", t("optionsGapLabel"), t("optionsGapHelp"))}
        {numberField("retentionDays", t("optionsRetentionLabel"), t("optionsRetentionHelp"))}
      </section>
      <section aria-labelledby="prompt-heading">
        <h2 id="prompt-heading">{t("optionsPromptHeading")}</h2>
        <label className="check">
          <input
            type="checkbox"
            checked={settings.promptEnabled}
            disabled={isLocked("promptEnabled")}
            onChange={(event) => void save({ promptEnabled: event.target.checked })}
          />
          {t("optionsPromptEnabled")}
        </label>
        {numberField("promptMinMinutes", t("optionsPromptMinLabel"))}
        {numberField("promptDailyLimit", t("optionsPromptLimitLabel"))}
        <label className="check">
          <input
            type="checkbox"
            checked={settings.promptNotifications}
            disabled={isLocked("promptNotifications")}
            onChange={(event) => void save({ promptNotifications: event.target.checked })}
          />
          {t("optionsPromptNotifications")}
        </label>
      </section>
      <div className="actions">
        <button type="submit">{t("optionsSave")}</button>
      </div>
      {message && (
        <p className={message.kind === "error" ? "notice" : "muted"} role="status" data-testid="settings-message">
          {message.text}
        </p>
      )}
    </form>
  );
}
