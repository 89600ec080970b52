/**
 * Protected sharing in the managed policy (issue 13): IT switches it on and names the two key
 * holders, the lead and the custodian, with their public keys. The same fields come, without a
 * policy, from the "team key" file the lead gives the team.
 *
 * The object is checked as a whole: half a configuration (a lead's key without the custodian's)
 * would send reports nobody can finish, so anything wrong in it leaves protected sharing off,
 * and direct files keep working.
 */
import { z } from "zod";

/**
 * An X25519 public key as the holders' pages show it: the 32 raw bytes in base64url without
 * padding (43 characters).
 */
export const PUBLIC_KEY_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** One key holder: the name people see and the public key reports are encrypted to. */
export const keyHolderSchema = z
  .strictObject({
    name: z
      .string()
      .trim()
      .min(1)
      .max(80)
      .meta({ description: "Name people see, e.g. Dana Kim, up to 80 characters." }),
    publicKey: z
      .string()
      .regex(PUBLIC_KEY_PATTERN, "a public key is 43 characters of base64url, as the holder's page shows it")
      .meta({ description: "X25519 public key from the holder's page: 43 characters of base64url." }),
  })
  .meta({ description: "A key holder of protected sharing." });

/** A key holder: name and public key. */
export type KeyHolder = z.infer<typeof keyHolderSchema>;

/** The protected-sharing fields of the policy, and of the team key file. */
export const protectedSharingFields = {
  mode: z.enum(["direct", "protected"]).meta({
    description: "direct: team report files for the lead (default). protected: split shares for the custodian.",
  }),
  team: z.string().trim().min(1).max(80).meta({
    description: "Team label every share is bound to; the same on every member's device, up to 80 characters.",
  }),
  lead: keyHolderSchema.meta({ description: "The team lead: verifies and combines, sees only team totals." }),
  custodian: keyHolderSchema.meta({
    description: "The custodian (HR partner, works council, privacy officer): collects, sees no figure.",
  }),
  noiseEpsilon: z
    .number()
    .min(0)
    .max(10)
    .meta({ description: "Central noise ε per week added by the custodian, 0 to 10; 0 (default) adds none." }),
};

/** Protected sharing as it appears in the policy. The holders' keys must differ. */
export const protectedSharingPolicySchema = z
  .strictObject({ ...protectedSharingFields, noiseEpsilon: protectedSharingFields.noiseEpsilon.optional() })
  .refine((value) => value.lead.publicKey !== value.custodian.publicKey, {
    error: "the lead and the custodian need two different keys",
    path: ["custodian", "publicKey"],
  })
  .meta({
    description:
      "Protected sharing (split trust): the lead and the custodian, each with a public key from their own page.",
  });

/** Protected sharing as set by policy or a team key file. */
export type ProtectedSharingPolicy = z.infer<typeof protectedSharingPolicySchema>;

/** Where the team configuration in force came from. */
export type TeamConfigSource = "policy" | "team-key-file";

/** The protected-sharing settings in force on an employee's device, or null for direct files. */
export interface ProtectedSharingInForce {
  readonly team: string;
  readonly lead: KeyHolder;
  readonly custodian: KeyHolder;
  /** Central noise ε; 0 is none. */
  readonly noiseEpsilon: number;
  readonly source: TeamConfigSource;
}

/**
 * What is in force: a policy that sets protected sharing wins; a policy that sets `direct`
 * switches it off even with a team key imported; without either, the imported team key.
 */
export function protectedSharingInForce(
  policy: ProtectedSharingPolicy | undefined,
  imported: ProtectedSharingPolicy | null,
): ProtectedSharingInForce | null {
  const chosen: [ProtectedSharingPolicy, TeamConfigSource] | null = policy
    ? [policy, "policy"]
    : imported
      ? [imported, "team-key-file"]
      : null;
  if (!chosen || chosen[0].mode !== "protected") return null;
  const [value, source] = chosen;
  return {
    team: value.team,
    lead: value.lead,
    custodian: value.custodian,
    noiseEpsilon: value.noiseEpsilon ?? 0,
    source,
  };
}

/** Format id of the team key file a lead gives the team when no policy sets protected sharing. */
export const TEAM_KEY_FORMAT = "ai-adoption-meter/team-key@1";

/** The team key file: the protected-sharing fields with a format id. It holds public keys only. */
export const teamKeyFileSchema = z
  .strictObject({
    format: z.literal(TEAM_KEY_FORMAT),
    ...protectedSharingFields,
    mode: z.literal("protected"),
    noiseEpsilon: protectedSharingFields.noiseEpsilon.optional(),
  })
  .refine((value) => value.lead.publicKey !== value.custodian.publicKey, {
    error: "the lead and the custodian need two different keys",
    path: ["custodian", "publicKey"],
  })
  .meta({
    title: "AI Adoption Meter team key",
    description: "The public keys of a team's lead and custodian, for protected sharing without a policy.",
  });

/** A parsed team key file. */
export type TeamKeyFile = z.infer<typeof teamKeyFileSchema>;

/** The result of reading a team key file: its settings, or why it was refused, in plain words. */
export type TeamKeyVerdict = { ok: true; value: ProtectedSharingPolicy } | { ok: false; error: string };

/** Largest team key file read, in characters: a real one is under 1 kB. */
export const TEAM_KEY_MAX_CHARS = 16_000;

/** Reads a team key file's text. Never throws; the verdict names the first problem. */
export function parseTeamKeyFile(text: string): TeamKeyVerdict {
  if (text.length > TEAM_KEY_MAX_CHARS) return { ok: false, error: "This file is too large to be a team key." };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, error: "This file is not JSON, so it is not a team key." };
  }
  const format = typeof raw === "object" && raw !== null ? (raw as { format?: unknown }).format : undefined;
  if (typeof format === "string" && format.startsWith("ai-adoption-meter/team-key@") && format !== TEAM_KEY_FORMAT) {
    return {
      ok: false,
      error: `This team key is in format ${format.slice(0, 40)}; this version reads ${TEAM_KEY_FORMAT}.`,
    };
  }
  if (format !== TEAM_KEY_FORMAT) return { ok: false, error: "This file is not a team key." };
  const parsed = teamKeyFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    return { ok: false, error: `This team key is not valid (${where}${issue?.message ?? "not valid"}).` };
  }
  const { format: _format, ...value } = parsed.data;
  return { ok: true, value };
}

/** The team key file a lead saves, from the two holders and the team. */
export function teamKeyFile(value: Omit<ProtectedSharingPolicy, "mode">): TeamKeyFile {
  return {
    format: TEAM_KEY_FORMAT,
    mode: "protected",
    team: value.team,
    lead: value.lead,
    custodian: value.custodian,
    ...(value.noiseEpsilon ? { noiseEpsilon: value.noiseEpsilon } : {}),
  };
}
