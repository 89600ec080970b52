import { clearTeamKey, readTeamKey, writeTeamKey } from "../db/team-key";
import type { MeterDatabase } from "../db/database";
import type { MessageHandlers, ProtectedSharingView } from "../messages/protocol";
import { parseTeamKeyFile, protectedSharingInForce } from "../policy/protected-sharing";
import { readManagedPolicy } from "./policy-source";

type Handlers = Pick<MessageHandlers, "getProtectedSharing" | "importTeamKey" | "removeTeamKey">;

/** What the employee's pages show of protected sharing: the policy's setting, else the imported team key. */
async function protectedSharingView(db: MeterDatabase): Promise<ProtectedSharingView> {
  const [{ policy }, imported] = await Promise.all([readManagedPolicy(db), readTeamKey(db)]);
  return {
    inForce: protectedSharingInForce(policy.protectedSharing, imported),
    setByPolicy: policy.protectedSharing !== undefined,
    teamKeyImported: imported !== null,
  };
}

/** The message handlers of protected sharing on the employee's device (issue 13). */
export function protectedSharingHandlers(db: MeterDatabase): Handlers {
  return {
    getProtectedSharing: () => protectedSharingView(db),
    async importTeamKey({ text }) {
      const verdict = parseTeamKeyFile(text);
      if (!verdict.ok) return verdict;
      await writeTeamKey(db, verdict.value);
      return { ok: true, view: await protectedSharingView(db) };
    },
    async removeTeamKey() {
      await clearTeamKey(db);
      return protectedSharingView(db);
    },
  };
}
