import { useCallback, useEffect, useState } from "react";
import { useT } from "../../components/messages";
import type { SettingsView } from "../../lib/messages/protocol";
import { hasHostAccess } from "../../lib/platform/permissions";
import { watchManagedPolicyInPage } from "../../lib/platform/policy-watch";
import { sendMessage } from "../../lib/platform/send-message";
import type { Settings } from "../../lib/settings/settings";

/** The number settings the form edits as text. */
export type NumberKey =
  | "idleThresholdSec"
  | "sessionGapMin"
  | "retentionDays"
  | "promptMinMinutes"
  | "promptDailyLimit";
export const NUMBER_KEYS: NumberKey[] = [
  "idleThresholdSec",
  "sessionGapMin",
  "retentionDays",
  "promptMinMinutes",
  "promptDailyLimit",
];

/** Saves a change; false when it was refused (the messages are then shown). */
export type SaveSettings = (patch: Partial<Record<keyof Settings, unknown>>, successText?: string) => Promise<boolean>;

/** The settings view in force, kept fresh (a policy change shows at once), and how to change it. */
export function useSettingsView() {
  const t = useT();
  const [view, setView] = useState<SettingsView | null>(null);
  const [form, setForm] = useState<Record<NumberKey, string> | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ text: string; kind: "ok" | "error" } | null>(null);
  const [missingAccess, setMissingAccess] = useState<string[]>([]);

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

  const save: SaveSettings = async (patch, successText = t("optionsSaved")) => {
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
  };

  return { view, form, setForm, errors, message, missingAccess, load, save };
}
