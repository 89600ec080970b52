import { CATALOG } from "../catalog/catalog";
import { type Policy, policyValues } from "../policy/policy";
import type { ProtectedSharingPolicy } from "../policy/protected-sharing";
import type { MeasurementLayout, TeamConfig } from "../sharing/team-config";

/**
 * The team configuration of protected sharing (issue 13) as the extension's pages build it: from
 * the organization's policy, or by the lead for the team key file. Every side must build the same
 * one, so the measurement layout holds the whole catalog and the organization's tools, in id
 * order, whatever each person chose to measure: a record never names a tool outside it.
 */

/** The layout: every catalog tool and the organization's custom tools, sorted; the task list; the rounding. */
export function layoutFor(input: {
  readonly organizationToolIds: readonly string[];
  readonly categoryIds: readonly string[];
  readonly roundingMinutes: number;
}): MeasurementLayout {
  const toolIds = [...new Set([...CATALOG.map((tool) => tool.id), ...input.organizationToolIds])].sort();
  // Every figure's people counted exactly (issue 13): team settings made from now on measure so.
  return { toolIds, categoryIds: [...input.categoryIds], roundingMinutes: input.roundingMinutes, people: "exact" };
}

/** The team configuration a policy sets, or null when it leaves protected sharing off. */
export function teamConfigFromPolicy(policy: Policy): TeamConfig | null {
  const sharing: ProtectedSharingPolicy | undefined = policy.protectedSharing;
  if (sharing?.mode !== "protected") return null;
  const values = policyValues(policy);
  return {
    teamLabel: sharing.team,
    lead: sharing.lead,
    custodian: sharing.custodian,
    k: values.export.minGroupSize,
    noiseEpsilon: sharing.noiseEpsilon ? sharing.noiseEpsilon : null,
    layout: layoutFor({
      organizationToolIds: (policy.customTools ?? []).map((tool) => tool.id),
      categoryIds: values.taskCategories.map((category) => category.id),
      roundingMinutes: values.export.roundingMinutes,
    }),
  };
}

/** The layout this device's policy gives (or the defaults): what a lead's team key file carries. */
export function localLayout(policy: Policy): MeasurementLayout {
  const values = policyValues(policy);
  return layoutFor({
    organizationToolIds: (policy.customTools ?? []).map((tool) => tool.id),
    categoryIds: values.taskCategories.map((category) => category.id),
    roundingMinutes: values.export.roundingMinutes,
  });
}
