import type { MeterDatabase } from "../../db/database";
import { clearTeamKey, readTeamKey, writeTeamKey } from "../../db/team-key";
import { readJson } from "../../holders/hand-offs";
import { localLayout, teamConfigFromPolicy } from "../../holders/team-setup";
import type { MessageHandlers, ProtectedSharingView } from "../../messages/protocol";
import { policyValues } from "../../policy/policy";
import { readTeamKeyFile, teamIdOf } from "../../sharing/team-config";
import { readManagedPolicy } from "../policy-in-force";

import type { HandlerContext } from "./context";

type Handlers = Pick<MessageHandlers, "getProtectedSharing" | "importTeamKey" | "removeTeamKey">;

/**
 * What the pages show of protected sharing: a policy that sets `protectedSharing` decides (on,
 * or off with `direct`); without it, the team key file imported on this device.
 */
async function protectedSharingView(db: MeterDatabase): Promise<ProtectedSharingView> {
  const [{ policy }, imported] = await Promise.all([readManagedPolicy(db), readTeamKey(db)]);
  const setByPolicy = policy.protectedSharing !== undefined;
  const policyTeam = teamConfigFromPolicy(policy);
  const team = setByPolicy ? policyTeam : imported;
  return {
    inForce: team ? { team, teamId: await teamIdOf(team), source: setByPolicy ? "policy" : "team-key-file" } : null,
    policyTeam,
    setByPolicy,
    teamKeyImported: imported !== null,
    localLayout: localLayout(policy),
    minGroupSize: policyValues(policy).export.minGroupSize,
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
  };
}
