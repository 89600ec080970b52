import { z } from "zod";
import { MEMBER_CODE_PATTERN } from "../sharing/member-code";
import type { MeterDatabase } from "./database";

/**
 * The member code the custodian gave this person (issue 13), in the personal database's kept
 * values, with the id of the team it was entered for. It is validated when read: a stored value
 * that fails the schema, or that was entered for another team, counts as none.
 */

const storedSchema = z.strictObject({
  teamId: z.string().min(1).max(200),
  code: z.string().regex(MEMBER_CODE_PATTERN),
});

/** The member code for team `teamId`, or null. */
export async function readMemberCode(db: MeterDatabase, teamId: string): Promise<string | null> {
  const parsed = storedSchema.safeParse((await db.keptValues.get("memberCode"))?.value);
  return parsed.success && parsed.data.teamId === teamId ? parsed.data.code : null;
}

/** Stores the member code (canonical form) for team `teamId`, replacing any earlier one. */
export async function writeMemberCode(db: MeterDatabase, teamId: string, code: string): Promise<void> {
  await db.keptValues.put({ key: "memberCode", value: storedSchema.parse({ teamId, code }) });
}

/** Forgets the member code. */
export async function clearMemberCode(db: MeterDatabase): Promise<void> {
  await db.keptValues.delete("memberCode");
}
