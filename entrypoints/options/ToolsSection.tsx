import { useState } from "react";
import { useT, useUserText } from "../../components/messages";
import { CATALOG } from "../../lib/catalog/catalog";
import type { SettingsView } from "../../lib/messages/protocol";
import { dropHostAccess, requestHostAccess } from "../../lib/platform/permissions";
import { type CustomToolDraft, customToolFromDraft } from "../../lib/settings/custom-tool";
import { DEFAULT_APPROVED_TOOL_IDS } from "../../lib/settings/tracked-tools";
import type { SaveSettings } from "./use-settings-view";

/** Which catalog tools are tracked, and the custom tools: the organization's and the person's own. */
export function ToolsSection({
  view,
  missingAccess,
  save,
  load,
}: {
  view: SettingsView;
  /** Custom tools whose site access the browser does not grant now. */
  missingAccess: readonly string[];
  save: SaveSettings;
  load: () => Promise<void>;
}) {
  const t = useT();
  const userText = useUserText();
  const [draft, setDraft] = useState<CustomToolDraft>({ name: "", host: "", pathPrefix: "" });
  const [draftErrors, setDraftErrors] = useState<Partial<Record<keyof CustomToolDraft, string>>>({});
  const { settings, locked } = view;
  const isLocked = (key: "approvedToolIds") => locked.includes(key);
  const approved = new Set(settings.approvedToolIds ?? DEFAULT_APPROVED_TOOL_IDS);
  const usersMayAddTools = view.organization.allowUserTools;

  async function addTool(event: React.FormEvent) {
    event.preventDefault();
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
    const tool = view.settings.customTools.find((candidate) => candidate.id === id);
    const own = view.settings.customTools.filter(
      (candidate) => !view.organization.customToolIds.includes(candidate.id),
    );
    if (await save({ customTools: own.filter((candidate) => candidate.id !== id) })) {
      if (tool) await dropHostAccess(tool.hosts);
    }
  }

  return (
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
                  field === "name" ? "optionsCustomName" : field === "host" ? "optionsCustomHost" : "optionsCustomPath",
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
  );
}
