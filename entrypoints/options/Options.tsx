import { useCallback, useEffect, useRef, useState } from "react";
import { useT, useUserText } from "../../components/messages";
import { NumberField } from "../../components/NumberField";
import { CATALOG } from "../../lib/catalog/catalog";
import type { SettingsView } from "../../lib/messages/protocol";
import { saveJsonFile } from "../../lib/platform/download";
import { pageUrl } from "../../lib/platform/pages";
import { dropHostAccess, hasHostAccess, requestHostAccess } from "../../lib/platform/permissions";
import { watchManagedPolicyInPage } from "../../lib/platform/policy-watch";
import { sendMessage } from "../../lib/platform/send-message";
import { type CustomToolDraft, customToolFromDraft } from "../../lib/settings/custom-tool";
import type { Settings } from "../../lib/settings/settings";
import { DEFAULT_APPROVED_TOOL_IDS } from "../../lib/settings/tracked-tools";
import { localDate } from "../../lib/tracking/day-split";
import { ProtectedSharingSection } from "./ProtectedSharingSection";

type NumberKey = "idleThresholdSec" | "sessionGapMin" | "retentionDays" | "promptMinMinutes" | "promptDailyLimit";
const NUMBER_KEYS: NumberKey[] = [
  "idleThresholdSec",
  "sessionGapMin",
  "retentionDays",
  "promptMinMinutes",
  "promptDailyLimit",
];

/** What a text field holds as a setting: a number when it reads as one, else the text (refused with a message). */
function asSetting(text: string): unknown {
  const trimmed = text.trim();
  return trimmed !== "" && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
}

export function Options() {
  const t = useT();
  const userText = useUserText();
  const [view, setView] = useState<SettingsView | null>(null);
  const [form, setForm] = useState<Record<NumberKey, string> | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ text: string; kind: "ok" | "error" } | null>(null);
  const [missingAccess, setMissingAccess] = useState<string[]>([]);
  const [draft, setDraft] = useState<CustomToolDraft>({ name: "", host: "", pathPrefix: "" });
  const [draftErrors, setDraftErrors] = useState<Partial<Record<keyof CustomToolDraft, string>>>({});
  const [dataMessage, setDataMessage] = useState<string | null>(null);
  const deleteDialog = useRef<HTMLDialogElement>(null);

  const load = useCallback(async () => {
    const next = await sendMessage("getSettingsView", {});
    setView(next);
    setForm(
      Object.fromEntries(NUMBER_KEYS.map((key) => [key, String(next.settings[key])])) as Record<NumberKey, string>,
    );
    const missing: string[] = [];
    for (const tool of next.settings.customTools) if (!(await hasHostAccess(tool.hosts))) missing.push(tool.id);
    setMissingAccess(missing);
  }, []);

  useEffect(() => {
    void load();
    // A policy change while the page is open shows at once.
    return watchManagedPolicyInPage(() => void load());
  }, [load]);

  async function save(patch: Partial<Record<keyof Settings, unknown>>, successText = t("optionsSaved")) {
    const result = await sendMessage("saveSettings", { patch });
    if (!result.ok) {
      setErrors(result.errors);
      setMessage({ text: t("optionsNotSaved"), kind: "error" });
      return false;
    }
    setErrors({});
    setMessage({ text: successText, kind: "ok" });
    await load();
    return true;
  }

  if (!view || !form) return <main aria-busy="true" />;
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
  const approved = new Set(settings.approvedToolIds ?? DEFAULT_APPROVED_TOOL_IDS);
  const usersMayAddTools = view.organization.allowUserTools;

  async function submitSettings(event: React.FormEvent) {
    event.preventDefault();
    if (!form) return;
    const patch: Record<string, unknown> = {};
    for (const key of NUMBER_KEYS) if (!isLocked(key)) patch[key] = asSetting(form[key]);
    await save(patch);
  }

  async function addTool(event: React.FormEvent) {
    event.preventDefault();
    if (!view) return;
    const checked = customToolFromDraft(draft, [...CATALOG, ...view.settings.customTools]);
    if (!checked.ok) {
      setDraftErrors(checked.errors);
      return;
    }
    // The prompt must come from this click, before anything else is awaited.
    const granted = await requestHostAccess(checked.tool.hosts);
    if (!granted) {
      setDraftErrors({ host: t("optionsCustomDenied", checked.tool.hosts.join(", ")) });
      return;
    }
    setDraftErrors({});
    const own = view.settings.customTools.filter((tool) => !view.organization.customToolIds.includes(tool.id));
    if (await save({ customTools: [...own, checked.tool] })) {
      setDraft({ name: "", host: "", pathPrefix: "" });
    }
  }

  async function removeTool(id: string) {
    if (!view) return;
    const tool = view.settings.customTools.find((candidate) => candidate.id === id);
    const own = view.settings.customTools.filter(
      (candidate) => !view.organization.customToolIds.includes(candidate.id),
    );
    if (await save({ customTools: own.filter((candidate) => candidate.id !== id) })) {
      if (tool) await dropHostAccess(tool.hosts);
    }
  }

  async function downloadMyData() {
    setDataMessage(null);
    try {
      const data = await sendMessage("exportPersonalData", {});
      saveJsonFile(`ai-adoption-meter-my-data-${localDate(Date.now())}.json`, data);
    } catch (error) {
      setDataMessage(t("optionsDownloadFailed", String(error)));
    }
  }

  async function deleteEverything() {
    deleteDialog.current?.close();
    await sendMessage("deleteAllData", {});
    setDataMessage(t("optionsDeleted"));
  }

  return (
    <main>
      <h1>{t("optionsHeading")}</h1>
      <p>{t("optionsIntro")}</p>

      <section aria-labelledby="policy-heading" data-testid="policy">
        <h2 id="policy-heading">{t("optionsPolicyHeading")}</h2>
        {view.organization.fields.length === 0 && view.organization.issues.length === 0 ? (
          <p className="muted">{t("optionsPolicyNone")}</p>
        ) : (
          <>
            <p>{t("optionsPolicyIntro")}</p>
            {view.organization.teamLabel && (
              <p data-testid="policy-team">{t("optionsPolicyTeam", view.organization.teamLabel)}</p>
            )}
            {view.organization.trainingDate && (
              <p data-testid="policy-training">
                {t(
                  "optionsPolicyTraining",
                  new Date(`${view.organization.trainingDate}T12:00:00`).toLocaleDateString(),
                )}
              </p>
            )}
            {view.organization.fields.length > 0 && (
              <table>
                <caption>{t("optionsPolicySetHeading")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("optionsPolicyField")}</th>
                    <th scope="col">{t("optionsPolicyValue")}</th>
                  </tr>
                </thead>
                <tbody>
                  {view.organization.fields.map((entry) => (
                    <tr key={entry.field}>
                      <th scope="row">
                        <code>{entry.field}</code>
                      </th>
                      <td>{entry.value}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {view.organization.issues.length > 0 && (
              <>
                <h3>{t("optionsPolicyIgnoredHeading")}</h3>
                <ul data-testid="policy-issues">
                  {view.organization.issues.map((issue) => (
                    <li key={`${issue.field}:${issue.message}`}>
                      {t("optionsPolicyIgnored", [issue.field, issue.message])}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </>
        )}
      </section>

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

      <section aria-labelledby="tools-heading">
        <h2 id="tools-heading">{t("optionsToolsHeading")}</h2>
        <p className="muted">{t("optionsToolsIntro")}</p>
        {isLocked("approvedToolIds") && <p className="managed">{t("optionsLocked", [...approved].join(", "))}</p>}
        <ul className="plain tool-grid" aria-label={t("optionsToolsHeading")}>
          {CATALOG.map((tool) => (
            <li key={tool.id}>
              <label className="check">
                <input
                  type="checkbox"
                  checked={approved.has(tool.id)}
                  disabled={isLocked("approvedToolIds")}
                  onChange={(event) => {
                    const next = new Set(approved);
                    if (event.target.checked) next.add(tool.id);
                    else next.delete(tool.id);
                    void save({ approvedToolIds: CATALOG.map((c) => c.id).filter((id) => next.has(id)) });
                  }}
                />
                {tool.name}
              </label>
            </li>
          ))}
        </ul>

        <h3>{t("optionsCustomHeading")}</h3>
        <p className="muted">{t("optionsCustomIntro")}</p>
        {settings.customTools.length === 0 && <p className="muted">{t("optionsCustomNone")}</p>}
        <ul className="plain" aria-label={t("optionsCustomHeading")}>
          {settings.customTools.map((tool) => (
            <li key={tool.id} className="card" data-tool-id={tool.id}>
              <strong>{tool.name}</strong>{" "}
              <span className="muted">{`${tool.hosts.join(", ")}${tool.pathPrefix ?? ""}`}</span>
              {missingAccess.includes(tool.id) && (
                <p className="notice">
                  {t("optionsCustomMissingAccess", tool.hosts.join(", "))}{" "}
                  <button
                    type="button"
                    className="secondary"
                    onClick={async () => {
                      if (await requestHostAccess(tool.hosts)) await load();
                    }}
                  >
                    {t("optionsCustomGrant")}
                  </button>
                </p>
              )}
              {view.organization.customToolIds.includes(tool.id) ? (
                <p className="managed">{t("optionsCustomFromOrganization")}</p>
              ) : (
                usersMayAddTools && (
                  <button type="button" className="secondary" onClick={() => void removeTool(tool.id)}>
                    {t("optionsCustomRemove", tool.name)}
                  </button>
                )
              )}
            </li>
          ))}
        </ul>
        {usersMayAddTools ? (
          <form onSubmit={addTool} noValidate aria-label={t("optionsCustomAdd")}>
            {(["name", "host", "pathPrefix"] as const).map((field) => (
              <div className="field" key={field}>
                <label htmlFor={`custom-${field}`}>
                  {t(
                    field === "name"
                      ? "optionsCustomName"
                      : field === "host"
                        ? "optionsCustomHost"
                        : "optionsCustomPath",
                  )}
                </label>
                <input
                  id={`custom-${field}`}
                  value={draft[field]}
                  aria-invalid={draftErrors[field] ? true : undefined}
                  aria-describedby={draftErrors[field] ? `custom-${field}-error` : undefined}
                  onChange={(event) => setDraft({ ...draft, [field]: event.target.value })}
                />
                {draftErrors[field] && (
                  <span id={`custom-${field}-error`} className="field-error" role="alert">
                    {userText(draftErrors[field])}
                  </span>
                )}
              </div>
            ))}
            <button type="submit">{t("optionsCustomAdd")}</button>
          </form>
        ) : (
          <p className="managed">{t("optionsCustomNotAllowed")}</p>
        )}
      </section>

      <section aria-labelledby="privacy-heading">
        <h2 id="privacy-heading">{t("optionsPrivacyHeading")}</h2>
        <p>{t("optionsPrivacyStored")}</p>
        <p>{t("optionsPrivacyNever")}</p>
        <p>{t("optionsPrivacyNetwork")}</p>
        <p>{t("optionsPrivacyReport")}</p>
      </section>

      <ProtectedSharingSection />

      <section aria-labelledby="data-heading">
        <h2 id="data-heading">{t("optionsDataHeading")}</h2>
        <p>{t("optionsDataIntro")}</p>
        <div className="actions">
          <button type="button" onClick={downloadMyData}>
            {t("optionsDownload")}
          </button>
          <a className="button-link" href={pageUrl("share")}>
            {t("popupShare")}
          </a>
          <button type="button" className="danger" onClick={() => deleteDialog.current?.showModal()}>
            {t("optionsDelete")}
          </button>
        </div>
        {dataMessage && (
          <p role="status" data-testid="data-message">
            {dataMessage}
          </p>
        )}
        <dialog ref={deleteDialog} aria-labelledby="delete-title" aria-describedby="delete-text">
          <h2 id="delete-title">{t("optionsDeleteConfirmTitle")}</h2>
          <p id="delete-text">{t("optionsDeleteConfirmText")}</p>
          {/* Cancel comes first, so it has the focus when the dialog opens. */}
          <div className="actions">
            <button type="button" className="secondary" onClick={() => deleteDialog.current?.close()}>
              {t("optionsCancel")}
            </button>
            <button type="button" className="danger" onClick={deleteEverything}>
              {t("optionsDeleteConfirm")}
            </button>
          </div>
        </dialog>
      </section>

      <section aria-labelledby="team-heading">
        <h2 id="team-heading">{t("optionsTeamHeading")}</h2>
        <p>{t("optionsTeamIntro")}</p>
        <a href={pageUrl("dashboard")}>{t("linkDashboard")}</a>
      </section>
    </main>
  );
}
