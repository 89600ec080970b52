/**
 * Protected sharing in the managed policy (issue 13): IT switches it on and names the two key
 * holders, the lead and the custodian, with their public keys. The same fields come, without a
 * policy, from the "team key" file the lead gives the team (`lib/sharing/team-config.ts`).
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
