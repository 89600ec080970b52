import { describe, expect, it } from "vitest";
import { POLICY_DEFAULTS, parsePolicy } from "../../../lib/policy/policy";
import { DEFAULT_SETTINGS, SETTING_RANGES, settingsSchema } from "../../../lib/settings/settings";

// Settings and policy share their ranges and the prompt's defaults: each is written once.
describe("what the policy shares with the person's settings", () => {
  it.each([
    ["promptMinMinutes", "tagging", "minMinutes"],
    ["promptDailyLimit", "tagging", "dailyLimit"],
  ] as const)("%s and the policy's %s.%s accept the same numbers", (setting, group, field) => {
    const { min, max } = SETTING_RANGES[setting];
    for (const value of [min - 1, min, max, max + 1, min + 0.5]) {
      const inSettings = settingsSchema.shape[setting].safeParse(value).success;
      expect(parsePolicy({ [group]: { [field]: value } }).issues.length === 0, `${field} = ${value}`).toBe(inSettings);
    }
  });

  it("the prompt's defaults without a policy are the settings' defaults", () => {
    expect(POLICY_DEFAULTS.tagging).toEqual({
      enabled: DEFAULT_SETTINGS.promptEnabled,
      minMinutes: DEFAULT_SETTINGS.promptMinMinutes,
      dailyLimit: DEFAULT_SETTINGS.promptDailyLimit,
      notifications: DEFAULT_SETTINGS.promptNotifications,
    });
    expect(DEFAULT_SETTINGS).toMatchObject({
      promptEnabled: true,
      promptMinMinutes: 2,
      promptDailyLimit: 3,
      promptNotifications: false,
    });
  });
});
