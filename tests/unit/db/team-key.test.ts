import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MeterDatabase } from "../../../lib/db/database";
import { clearTeamKey, readTeamKey, writeTeamKey } from "../../../lib/db/team-key";

const VALUE = {
  mode: "protected",
  team: "Marketing",
  lead: { name: "Dana Kim", publicKey: "A".repeat(43) },
  custodian: { name: "Sam Ortiz", publicKey: "B".repeat(43) },
} as const;

let db: MeterDatabase;
beforeEach(() => {
  db = new MeterDatabase(`team-key-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await db.delete();
});

describe("the imported team key", () => {
  it("is kept and forgotten", async () => {
    expect(await readTeamKey(db)).toBeNull();
    await writeTeamKey(db, VALUE);
    expect(await readTeamKey(db)).toEqual(VALUE);
    await clearTeamKey(db);
    expect(await readTeamKey(db)).toBeNull();
  });

  it.each<[string, unknown]>([
    ["a key that is not a key", { ...VALUE, lead: { ...VALUE.lead, publicKey: "x" } }],
    ["text", "protected"],
    ["one holder", { ...VALUE, custodian: undefined }],
  ])("is not believed when the stored value is %s", async (_name, value) => {
    await db.keptValues.put({ key: "teamKey", value });
    expect(await readTeamKey(db)).toBeNull();
  });
});
