/** The policy over the person's settings: what it locks, the settings in force, and the other values in force. */
import { DEFAULT_SETTINGS, type Settings } from "../settings/settings";
import { DEFAULT_TASK_CATEGORIES, type TaskCategory } from "../tagging/categories";
import {
  type EXPORT_FIELDS,
  GROUPS,
  POLICY_FIELDS,
  type Policy,
  type PolicyField,
  type TAGGING_FIELDS,
  type TARGET_FIELDS,
} from "./policy-schema";

/** The policy values that are not user settings, with every default filled in. */
export interface PolicyValues {
  /** Whether people may add tools of their own. */
  allowUserTools: boolean;
  /** Team name for team reports, or null. */
  teamLabel: string | null;
  /** Day of the training, YYYY-MM-DD, or null. */
  trainingDate: string | null;
  /** The task list people tag visits with. */
  taskCategories: readonly TaskCategory[];
  tagging: {
    enabled: boolean;
    /** Active minutes a visit needs before it is asked about. */
    minMinutes: number;
    /** Most prompts per local day. */
    dailyLimit: number;
    notifications: boolean;
  };
  export: {
    /** Minutes in the team report are multiples of this. */
    roundingMinutes: number;
    /** Local noise ε; 0 means no noise. */
    noiseEpsilon: number;
    /** k: figures from fewer reports are suppressed; never below 5. */
    minGroupSize: number;
  };
  targets: {
    /** Target weekly active rate, 0–1, or null. */
    weeklyActiveRate: number | null;
    /** Target minutes saved per person-week, or null. */
    minutesSavedPerPersonWeek: number | null;
  };
  /** Cost of one working hour for ROI, or null. */
  hourlyCost: number | null;
  /** People in the team, or null. */
  teamSize: number | null;
}

/** Defaults used where no policy (or no valid value) sets a field; user settings keep their own defaults. */
export const POLICY_DEFAULTS: PolicyValues = {
  allowUserTools: true,
  teamLabel: null,
  trainingDate: null,
  taskCategories: DEFAULT_TASK_CATEGORIES,
  // The prompt's defaults are the person's settings' defaults.
  tagging: {
    enabled: DEFAULT_SETTINGS.promptEnabled,
    minMinutes: DEFAULT_SETTINGS.promptMinMinutes,
    dailyLimit: DEFAULT_SETTINGS.promptDailyLimit,
    notifications: DEFAULT_SETTINGS.promptNotifications,
  },
  export: { roundingMinutes: 5, noiseEpsilon: 0, minGroupSize: 5 },
  targets: { weeklyActiveRate: null, minutesSavedPerPersonWeek: null },
  hourlyCost: null,
  teamSize: null,
};

/** A policy path options can mark "Set by your organization": a top-level field or a sub-field such as `tagging.enabled`. */
export type LockedField =
  | Exclude<PolicyField, keyof typeof GROUPS | "allowUserTools">
  | `tagging.${keyof typeof TAGGING_FIELDS}`
  | `export.${keyof typeof EXPORT_FIELDS}`
  | `targets.${keyof typeof TARGET_FIELDS}`;

/**
 * The fields a policy sets, in schema order, as policy paths (`tagging.minMinutes`). Custom
 * tools count as locked only when `allowUserTools` is false: otherwise people may still
 * add their own next to the organization's.
 */
export function lockedFields(policy: Policy): LockedField[] {
  const locked: LockedField[] = [];
  for (const key of Object.keys(POLICY_FIELDS) as PolicyField[]) {
    const value = policy[key];
    if (key === "customTools") {
      if (policy.allowUserTools === false) locked.push("customTools");
      continue;
    }
    if (value === undefined || key === "allowUserTools" || key === "protectedSharing") continue;
    if (key === "tagging" || key === "export" || key === "targets") {
      for (const sub of Object.keys(GROUPS[key])) {
        if ((value as Record<string, unknown>)[sub] !== undefined) locked.push(`${key}.${sub}` as LockedField);
      }
      continue;
    }
    locked.push(key);
  }
  return locked;
}

/** Which user setting each policy path overrides. */
const SETTING_OF: Partial<Record<LockedField, keyof Settings>> = {
  approvedToolIds: "approvedToolIds",
  customTools: "customTools",
  idleThresholdSec: "idleThresholdSec",
  sessionGapMin: "sessionGapMin",
  retentionDays: "retentionDays",
  "tagging.enabled": "promptEnabled",
  "tagging.minMinutes": "promptMinMinutes",
  "tagging.dailyLimit": "promptDailyLimit",
  "tagging.notifications": "promptNotifications",
};

/** The user settings a policy overrides: options shows them as set by the organization and refuses changes. */
export function lockedSettings(policy: Policy): (keyof Settings)[] {
  return lockedFields(policy).flatMap((field) => {
    const setting = SETTING_OF[field];
    return setting ? [setting] : [];
  });
}

/**
 * The settings in effect: each field the policy sets wins over the user's value. Custom
 * tools are the organization's plus, when people may add their own, the user's (an id
 * the organization uses is the organization's). For use, not for storing back.
 */
export function applyPolicy(settings: Settings, policy: Policy): Settings {
  const orgTools = policy.customTools ?? [];
  const orgIds = new Set(orgTools.map((tool) => tool.id));
  const allowUserTools = policy.allowUserTools ?? POLICY_DEFAULTS.allowUserTools;
  const userTools = allowUserTools ? settings.customTools.filter((tool) => !orgIds.has(tool.id)) : [];
  return {
    ...settings,
    idleThresholdSec: policy.idleThresholdSec ?? settings.idleThresholdSec,
    sessionGapMin: policy.sessionGapMin ?? settings.sessionGapMin,
    retentionDays: policy.retentionDays ?? settings.retentionDays,
    ...(policy.approvedToolIds ? { approvedToolIds: policy.approvedToolIds } : {}),
    customTools: [...orgTools, ...userTools],
    promptEnabled: policy.tagging?.enabled ?? settings.promptEnabled,
    promptMinMinutes: policy.tagging?.minMinutes ?? settings.promptMinMinutes,
    promptDailyLimit: policy.tagging?.dailyLimit ?? settings.promptDailyLimit,
    promptNotifications: policy.tagging?.notifications ?? settings.promptNotifications,
  };
}

/** The non-settings policy values in effect: the policy's where set, `POLICY_DEFAULTS` elsewhere. */
export function policyValues(policy: Policy): PolicyValues {
  const d = POLICY_DEFAULTS;
  return {
    allowUserTools: policy.allowUserTools ?? d.allowUserTools,
    teamLabel: policy.teamLabel ?? d.teamLabel,
    trainingDate: policy.trainingDate ?? d.trainingDate,
    taskCategories: policy.taskCategories ?? d.taskCategories,
    tagging: { ...d.tagging, ...policy.tagging },
    export: { ...d.export, ...policy.export },
    targets: { ...d.targets, ...policy.targets },
    hourlyCost: policy.hourlyCost ?? d.hourlyCost,
    teamSize: policy.teamSize ?? d.teamSize,
  };
}
