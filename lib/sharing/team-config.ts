import { z } from "zod";
import { AGGREGATE_LIMITS, TOOL_ID_PATTERN } from "../report/aggregate-format";
import { CATEGORY_ID_PATTERN } from "../tagging/categories";
import { base64UrlLength, sha256Hex } from "./bytes";

/**
 * The team configuration of protected sharing: who holds the two keys, the minimum batch size k,
 * the optional central noise ε, and the measurement layout. Every side (employee, custodian, lead)
 * must hold the same configuration; its hash, the team id, is bound into every file and every
 * ciphertext, so a file made under another configuration is refused.
 */

/** Format version of the protected-sharing protocol, bound into every ciphertext and hash. */
export const SHARING_PROTOCOL = "ai-adoption-meter/protected@1";

/** Format id of the team key file a lead hands out when no policy carries the keys. */
export const TEAM_KEY_FORMAT = "ai-adoption-meter/team-key@1";

/** Smallest batch: the product's minimum group size, never below 5. */
export const MIN_BATCH_SIZE = 5;

/** An X25519 public key, raw 32 bytes as base64url (43 characters). */
export const publicKeySchema = z.string().regex(new RegExp(`^[A-Za-z0-9_-]{${base64UrlLength(32)}}$`));

/** A key holder: the name people know them by and their public key. */
export const keyHolderSchema = z.strictObject({
  /** Shown to employees ("Dana Smith, team lead"); never used for anything else. */
  name: z.string().trim().min(1).max(80),
  publicKey: publicKeySchema,
});

/** The order of the measurement's entries; it must be identical on every side. */
export const measurementLayoutSchema = z.strictObject({
  /** Approved tool ids, in this order (sorted, as the team report builder writes them). */
  toolIds: z.array(z.string().regex(TOOL_ID_PATTERN)).max(AGGREGATE_LIMITS.tools),
  /** Task category ids, in this order. */
  categoryIds: z.array(z.string().regex(CATEGORY_ID_PATTERN)).max(AGGREGATE_LIMITS.tasks),
  /** Minutes are multiples of this (1–60); also the unit of the central noise on minutes. */
  roundingMinutes: z.number().int().min(1).max(60),
  /**
   * "exact": the measurement also flags, per tool, visits and minutes above 0 apart, per category
   * tags and minutes saved apart, and over all tools and categories any visit, minute, tag and
   * minute saved, so every figure's count of people is exact (issue 13). Absent in team settings
   * made before: their reports carry only "used" per tool and "tagged" per category.
   */
  people: z.literal("exact").optional(),
});

/** Everything the three sides must agree on. */
export const teamConfigSchema = z.strictObject({
  /** Team label from policy. */
  teamLabel: z.string().trim().min(1).max(80),
  /** DAP's helper and collector: the only one who sees sums. */
  lead: keyHolderSchema,
  /** DAP's leader: collects the files, sees who sent them, never a figure. */
  custodian: keyHolderSchema,
  /** Smallest number of valid reports of one week that is ever summed. */
  k: z.number().int().min(MIN_BATCH_SIZE).max(10_000),
  /** Central noise ε per week and entry, added by the custodian; null for none. */
  noiseEpsilon: z.number().positive().max(10).nullable(),
  layout: measurementLayoutSchema,
});

/** The team configuration. */
export type TeamConfig = z.infer<typeof teamConfigSchema>;
/** The measurement layout. */
export type MeasurementLayout = z.infer<typeof measurementLayoutSchema>;
/** A key holder. */
export type KeyHolder = z.infer<typeof keyHolderSchema>;

/** Hex SHA-256 (64 characters). */
export const digestSchema = z.string().regex(/^[0-9a-f]{64}$/);
/** A key fingerprint: the first 16 hex digits of SHA-256 of the raw public key. */
export const fingerprintSchema = z.string().regex(/^[0-9a-f]{16}$/);

/** The team key file (`ai-adoption-meter/team-key@1`): the configuration a lead gives out without policy. */
export const teamKeyFileSchema = z
  .strictObject({
    format: z.literal(TEAM_KEY_FORMAT),
    generator: z.string().regex(/^ai-adoption-meter \d+\.\d+\.\d+$/),
    /** The team id of `team`, so a damaged or edited file is noticed. */
    teamId: digestSchema,
    team: teamConfigSchema,
  })
  .meta({
    title: "AI Adoption Meter team key",
    description: "The public keys, k and measurement layout of one team's protected sharing.",
  });

/** A parsed team key file. */
export type TeamKeyFile = z.infer<typeof teamKeyFileSchema>;

/**
 * The measurement layout of a policy: the approved tool ids and task category ids, well-formed,
 * de-duplicated and sorted exactly as the team report builder orders them, and the rounding step.
 * Every side derives it from the same policy, so the layouts match.
 */
export function measurementLayoutOf(options: {
  readonly approvedToolIds: readonly string[];
  readonly taskCategoryIds: readonly string[];
  readonly roundingMinutes: number;
}): MeasurementLayout {
  const sorted = (ids: readonly string[], pattern: RegExp) => [...new Set(ids.filter((id) => pattern.test(id)))].sort();
  return measurementLayoutSchema.parse({
    toolIds: sorted(options.approvedToolIds, TOOL_ID_PATTERN),
    categoryIds: sorted(options.taskCategoryIds, CATEGORY_ID_PATTERN),
    roundingMinutes: options.roundingMinutes,
  });
}

/** Fingerprint of a public key (base64url raw X25519): 16 hex digits of its SHA-256, shown to people to compare. */
export async function keyFingerprint(publicKey: string): Promise<string> {
  return (await sha256Hex(`${SHARING_PROTOCOL}\nkey\n${publicKey}`)).slice(0, 16);
}

/**
 * The team id: hex SHA-256 over the protocol version and every field of the configuration in a
 * fixed order. Two configurations that differ in anything (a key, k, ε, one tool) have different ids.
 */
export async function teamIdOf(config: TeamConfig): Promise<string> {
  const checked = teamConfigSchema.parse(config);
  const canonical = JSON.stringify([
    SHARING_PROTOCOL,
    checked.teamLabel,
    [checked.lead.name, checked.lead.publicKey],
    [checked.custodian.name, checked.custodian.publicKey],
    checked.k,
    checked.noiseEpsilon,
    checked.layout.toolIds,
    checked.layout.categoryIds,
    checked.layout.roundingMinutes,
    // Appended only when present, so team settings made before keep their id.
    ...(checked.layout.people ? [checked.layout.people] : []),
  ]);
  return sha256Hex(canonical);
}

/**
 * The id the same team had before its layout counted people exactly, or null when it does not: a
 * file bound to it was made by an earlier version of the extension for this team.
 */
export async function earlierTeamIdOf(config: TeamConfig): Promise<string | null> {
  if (!config.layout.people) return null;
  const { people: _exact, ...layout } = config.layout;
  return teamIdOf({ ...config, layout });
}

/** The team key file for a configuration. */
export async function buildTeamKeyFile(config: TeamConfig, generatorVersion: string): Promise<TeamKeyFile> {
  const team = teamConfigSchema.parse(config);
  return teamKeyFileSchema.parse({
    format: TEAM_KEY_FORMAT,
    generator: `ai-adoption-meter ${generatorVersion}`,
    teamId: await teamIdOf(team),
    team,
  });
}

/** Result of reading a team key file. */
export type TeamKeyImport =
  | { readonly ok: true; readonly team: TeamConfig; readonly teamId: string }
  | { readonly ok: false; readonly reason: "formatVersion" | "malformed" | "tampered"; readonly message: string };

/** Reads a team key file (parsed JSON); a file whose team id does not match its content is refused. */
export async function readTeamKeyFile(json: unknown): Promise<TeamKeyImport> {
  const format = (json as { format?: unknown } | null)?.format;
  if (typeof format === "string" && format !== TEAM_KEY_FORMAT && format.startsWith("ai-adoption-meter/team-key@")) {
    return {
      ok: false,
      reason: "formatVersion",
      message: `This team key file is ${format}; this version reads ${TEAM_KEY_FORMAT}.`,
    };
  }
  const parsed = teamKeyFileSchema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, reason: "malformed", message: `Not a team key file: ${z.prettifyError(parsed.error)}` };
  }
  const teamId = await teamIdOf(parsed.data.team);
  if (teamId !== parsed.data.teamId) {
    return {
      ok: false,
      reason: "tampered",
      message: "The team key file was changed after it was made; ask your lead for a new one.",
    };
  }
  return { ok: true, team: parsed.data.team, teamId };
}
