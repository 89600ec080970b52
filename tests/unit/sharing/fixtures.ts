import { vi } from "vitest";
import type { WeeklyRecord } from "../../../lib/report/aggregate-format";
import { buildTeamReport, type ReportDay, type ReportTag } from "../../../lib/report/builder";
import { type CustodianState, createCustodianState } from "../../../lib/sharing/custodian";
import { buildSharesFile } from "../../../lib/sharing/employee";
import type { SharesFile } from "../../../lib/sharing/formats";
import { exportPublicKey, generateHolderKeyPair, type HolderKeyPair } from "../../../lib/sharing/key-pair";
import { createLeadState, type LeadState } from "../../../lib/sharing/lead";
import type { TeamConfig } from "../../../lib/sharing/team-config";
import { DEFAULT_TASK_CATEGORIES } from "../../../lib/tagging/categories";

// Prio3 runs in plain JavaScript with BigInt; on a busy machine a batch takes seconds, so these
// files allow a minute per test instead of five seconds. Speed is measured by the bench, not here.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

/** Wednesday 2 December 2026, noon local time: the running week is 2026-W49. */
export const NOW = new Date(2026, 11, 2, 12, 0).getTime();
export const VERSION = "0.1.0";
export const TOOLS = ["chatgpt", "claude", "gemini"] as const;

/** A seeded, deterministic byte source (xorshift): tests only, never the product. */
export function seededBytes(seed: number): (length: number) => Uint8Array {
  let x = seed >>> 0 || 1;
  return (length) => {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      x ^= x << 13;
      x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      out[i] = x & 0xff;
    }
    return out;
  };
}

/** Both key holders' key pairs and the team configuration over their public keys. */
export interface Team {
  readonly config: TeamConfig;
  readonly lead: HolderKeyPair;
  readonly custodian: HolderKeyPair;
}

/** A team of the given k and ε with fresh key pairs. */
export async function makeTeam(overrides: Partial<Omit<TeamConfig, "lead" | "custodian">> = {}): Promise<Team> {
  const [lead, custodian] = await Promise.all([generateHolderKeyPair(), generateHolderKeyPair()]);
  const config: TeamConfig = {
    teamLabel: "Finance",
    lead: { name: "Dana Lead", publicKey: await exportPublicKey(lead) },
    custodian: { name: "Chris Custodian", publicKey: await exportPublicKey(custodian) },
    k: 5,
    noiseEpsilon: null,
    layout: {
      toolIds: [...TOOLS],
      categoryIds: DEFAULT_TASK_CATEGORIES.map((c) => c.id).sort(),
      roundingMinutes: 5,
    },
    ...overrides,
  };
  return { config, lead, custodian };
}

/** A device secret per employee number. */
export function secretFor(n: number): Uint8Array {
  return Uint8Array.from({ length: 32 }, (_, i) => (n * 31 + i * 7 + 1) & 0xff);
}

const localDate = (week: number, day: number) => {
  // 2026-11-02 is the Monday of 2026-W45.
  const date = new Date(2026, 10, 2 + (week - 45) * 7 + day);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
};

/** Varied usage of employee n over 2026-W45…W48: some idle weeks, several tools, some tags. */
export function usageOf(n: number): { days: ReportDay[]; tags: ReportTag[] } {
  const days: ReportDay[] = [];
  const tags: ReportTag[] = [];
  for (let week = 45; week <= 48; week++) {
    if ((n + week) % 5 === 0) continue;
    for (let day = 0; day < 1 + ((n * week) % 4); day++) {
      const tool = TOOLS[(n + day) % TOOLS.length] as string;
      days.push({
        date: localDate(week, day),
        toolId: tool,
        activeMs: (7 + ((n * 13 + week * 3 + day * 11) % 170)) * 60_000,
        visits: 1 + ((n + day) % 3),
      });
      if ((n + day + week) % 2 === 0) {
        tags.push({
          date: localDate(week, day),
          toolId: tool,
          category: DEFAULT_TASK_CATEGORIES[(n + day) % DEFAULT_TASK_CATEGORIES.length]?.id as string,
          minutesSaved: 5 + ((n * 7 + day) % 60),
        });
      }
    }
  }
  return { days, tags };
}

/** The weekly records direct sharing builds for employee n (no local noise). */
export async function recordsOf(team: TeamConfig, n: number): Promise<WeeklyRecord[]> {
  const { days, tags } = usageOf(n);
  const report = await buildTeamReport({
    days,
    tags,
    options: {
      approvedToolIds: team.layout.toolIds,
      taskCategories: DEFAULT_TASK_CATEGORIES,
      teamLabel: team.teamLabel,
      trainingDate: "2026-09-01",
      roundingMinutes: team.layout.roundingMinutes,
      noiseEpsilon: 0,
      trackingSince: "2026-10-01",
      generatorVersion: VERSION,
    },
    period: { from: "2026-W45", to: "2026-W48" },
    now: NOW,
    secret: secretFor(n),
  });
  return report.records;
}

/** The shares file of employee n for the given weeks. */
export async function sharesOf(
  team: Team,
  n: number,
  weeks?: readonly string[],
  memberCode: string | null = null,
): Promise<SharesFile> {
  const records = (await recordsOf(team.config, n)).filter((r) => !weeks || weeks.includes(r.week));
  return buildSharesFile({
    team: team.config,
    records,
    sender: `Employee ${n}`,
    memberCode,
    generatorVersion: VERSION,
  });
}

/** Fresh states of both aggregators. */
export async function states(team: Team, seed = 7): Promise<{ custodian: CustodianState; lead: LeadState }> {
  return {
    custodian: await createCustodianState(team.config, { random: seededBytes(seed) }),
    lead: await createLeadState(team.config),
  };
}

/** A JSON round trip: what a saved and re-read file gives. */
export function viaFile<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value));
}
