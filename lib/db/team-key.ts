import { type ProtectedSharingPolicy, protectedSharingPolicySchema } from "../policy/protected-sharing";
import type { MeterDatabase } from "./database";

/**
 * The team key an employee imported (issue 13), in the personal database's kept values. It is
 * validated when read: a stored value that no longer passes the schema counts as none, so a
 * bad value can never switch protected sharing on.
 */
export async function readTeamKey(db: MeterDatabase): Promise<ProtectedSharingPolicy | null> {
  const parsed = protectedSharingPolicySchema.safeParse((await db.keptValues.get("teamKey"))?.value);
  return parsed.success ? parsed.data : null;
}

/** Stores an imported team key, replacing any earlier one. */
export async function writeTeamKey(db: MeterDatabase, value: ProtectedSharingPolicy): Promise<void> {
  await db.keptValues.put({ key: "teamKey", value: protectedSharingPolicySchema.parse(value) });
}

/** Forgets the imported team key: sharing goes back to direct files unless policy says otherwise. */
export async function clearTeamKey(db: MeterDatabase): Promise<void> {
  await db.keptValues.delete("teamKey");
}
