import type { SettingsView } from "../messages/protocol";
import type { Settings } from "../settings/settings";
import { describePolicyValue } from "./describe-value";
import { lockedFields, type Policy, type PolicyIssue, policyValues } from "./policy";

/** The settings view the pages show: the settings in force, what policy sets, and its invalid fields. */
export function settingsView(
  { settings, locked, policy }: { settings: Settings; locked: (keyof Settings)[]; policy: Policy },
  issues: readonly PolicyIssue[],
): SettingsView {
  const values = policyValues(policy);
  return {
    settings,
    categories: [...values.taskCategories],
    locked,
    organization: {
      fields: lockedFields(policy).map((field) => ({ field, value: describePolicyValue(policy, field) })),
      issues: [...issues],
      teamLabel: values.teamLabel,
      trainingDate: values.trainingDate,
      allowUserTools: values.allowUserTools,
      customToolIds: (policy.customTools ?? []).map((tool) => tool.id),
      dashboard: {
        minGroupSize: values.export.minGroupSize,
        weeklyActiveRateTarget: values.targets.weeklyActiveRate,
        minutesSavedTarget: values.targets.minutesSavedPerPersonWeek,
        hourlyCost: values.hourlyCost,
        teamSize: values.teamSize,
      },
    },
  };
}
