import type { MessageHandlers } from "../../messages/protocol";
import { settingsView } from "../../policy/settings-view";
import type { HandlerContext } from "./context";

/** The settings in force, with what the organization's policy sets, and the person's changes. */
export function settingsHandlers({
  tracking,
  policy,
}: HandlerContext): Pick<MessageHandlers, "getSettingsView" | "saveSettings"> {
  return {
    async getSettingsView() {
      const [effective, { issues }] = await Promise.all([policy.effectiveSettings(), policy.read()]);
      return settingsView(effective, issues);
    },
    saveSettings: ({ patch }) => tracking.saveSettings(patch),
  };
}
