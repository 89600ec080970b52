import { type TeamConfig, teamConfigSchema } from "../sharing/team-config";
import type { MeterDatabase } from "./database";

/**
 * The team an employee joined with a team key file (issue 13), in the personal database's kept
 * values. It is validated when read: a stored value that no longer passes the schema counts as
 * none, so a bad value can never switch protected sharing on.
 */
export async function readTeamKey(db: MeterDatabase): Promise<TeamConfig | null> {
  const parsed = teamConfigSchema.safeParse((await db.keptValues.get("teamKey"))?.value);
  return parsed.success ? parsed.data : null;
}

/** Stores the team of an imported team key file, replacing any earlier one. */
export async function writeTeamKey(db: MeterDatabase, team: TeamConfig): Promise<void> {
  await db.keptValues.put({ key: "teamKey", value: teamConfigSchema.parse(team) });
}

/** Forgets the imported team: sharing goes back to direct files unless policy says otherwise. */
export async function clearTeamKey(db: MeterDatabase): Promise<void> {
  await db.keptValues.delete("teamKey");
}
