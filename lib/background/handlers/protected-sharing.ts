import type { MeterDatabase } from "../../db/database";
import { clearMemberCode, readMemberCode, writeMemberCode } from "../../db/member-code";
import { clearTeamKey, readTeamKey, writeTeamKey } from "../../db/team-key";
import { readJson } from "../../holders/hand-offs";
import { localLayout, teamConfigFromPolicy } from "../../holders/team-setup";
import type { MessageHandlers, ProtectedSharingView } from "../../messages/protocol";
import { policyValues } from "../../policy/policy";
import { readMemberCode as readTypedCode } from "../../sharing/member-code";
import { readTeamKeyFile, teamIdOf } from "../../sharing/team-config";
import { readManagedPolicy } from "../policy-in-force";

import type { HandlerContext } from "./context";

type Handlers = Pick<MessageHandlers, "getProtectedSharing" | "importTeamKey" | "removeTeamKey" | "setMemberCode">;

/**
 * What the pages show of protected sharing: a policy that sets `protectedSharing` decides (on,
 * or off with `direct`); without it, the team key file imported on this device.
 */
async function protectedSharingView(db: MeterDatabase): Promise<ProtectedSharingView> {
  const [{ policy }, imported] = await Promise.all([readManagedPolicy(db), readTeamKey(db)]);
  const setByPolicy = policy.protectedSharing !== undefined;
  const policyTeam = teamConfigFromPolicy(policy);
  const team = setByPolicy ? policyTeam : imported;
  const teamId = team ? await teamIdOf(team) : null;
  return {
    inForce: team && teamId ? { team, teamId, source: setByPolicy ? "policy" : "team-key-file" } : null,
    policyTeam,
    setByPolicy,
    teamKeyImported: imported !== null,
    localLayout: localLayout(policy),
    minGroupSize: policyValues(policy).export.minGroupSize,
    // A code entered for another team is not this team's code.
    memberCode: teamId ? await readMemberCode(db, teamId) : null,
  };
}

/** The message handlers of protected sharing on the employee's device (issue 13). */
export function protectedSharingHandlers({ db }: HandlerContext): Handlers {
  return {
    getProtectedSharing: () => protectedSharingView(db),
    async importTeamKey({ text }) {
      const json = readJson(text);
      if (!json.ok) return { ok: false, error: json.message };
      const read = await readTeamKeyFile(json.value);
      if (!read.ok) return { ok: false, error: read.message };
      await writeTeamKey(db, read.team);
      return { ok: true, view: await protectedSharingView(db) };
    },
    async removeTeamKey() {
      await clearTeamKey(db);
      return protectedSharingView(db);
    },
    async setMemberCode({ code }) {
      if (code === null) {
        await clearMemberCode(db);
        return { ok: true, view: await protectedSharingView(db) };
      }
      const current = await protectedSharingView(db);
      if (!current.inForce)
        return { ok: false, error: "Protected sharing is off, so there is no custodian to give a code." };
      const read = readTypedCode(code);
      if (!read.ok) return { ok: false, error: read.message };
      await writeMemberCode(db, current.inForce.teamId, read.code);
      return { ok: true, view: await protectedSharingView(db) };
    },
  };
}
