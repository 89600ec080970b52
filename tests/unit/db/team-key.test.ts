import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MeterDatabase } from "../../../lib/db/database";
import { clearTeamKey, readTeamKey, writeTeamKey } from "../../../lib/db/team-key";
import type { TeamConfig } from "../../../lib/sharing/team-config";

const TEAM: TeamConfig = {
  teamLabel: "Marketing",
  lead: { name: "Dana Kim", publicKey: "A".repeat(43) },
  custodian: { name: "Sam Ortiz", publicKey: "B".repeat(43) },
  k: 5,
  noiseEpsilon: null,
  layout: { toolIds: ["chatgpt"], categoryIds: ["writing"], roundingMinutes: 5 },
};

let db: MeterDatabase;
beforeEach(() => {
  db = new MeterDatabase(`team-key-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await db.delete();
});

describe("the imported team", () => {
  it("is kept and forgotten", async () => {
    expect(await readTeamKey(db)).toBeNull();
    await writeTeamKey(db, TEAM);
    expect(await readTeamKey(db)).toEqual(TEAM);
    await clearTeamKey(db);
    expect(await readTeamKey(db)).toBeNull();
  });

  it.each<[string, unknown]>([
    ["a key that is not a key", { ...TEAM, lead: { ...TEAM.lead, publicKey: "x" } }],
    ["text", "protected"],
    ["k under 5", { ...TEAM, k: 4 }],
    ["one holder", { ...TEAM, custodian: undefined }],
  ])("is not believed when the stored value is %s", async (_name, value) => {
    await db.keptValues.put({ key: "teamKey", value });
    expect(await readTeamKey(db)).toBeNull();
  });
});
