import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MeterDatabase } from "../../../lib/db/database";
import { clearMemberCode, readMemberCode, writeMemberCode } from "../../../lib/db/member-code";

let db: MeterDatabase;
beforeEach(() => {
  db = new MeterDatabase(`member-code-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await db.delete();
});

describe("the member code kept for the team", () => {
  it("is kept for its team only, and forgotten", async () => {
    expect(await readMemberCode(db, "team-a")).toBeNull();
    await writeMemberCode(db, "team-a", "7K3M-Q9PX");
    expect(await readMemberCode(db, "team-a")).toBe("7K3M-Q9PX");
    // Entered for another team: not this team's code.
    expect(await readMemberCode(db, "team-b")).toBeNull();
    await clearMemberCode(db);
    expect(await readMemberCode(db, "team-a")).toBeNull();
  });

  it("is never stored in another form", async () => {
    await expect(writeMemberCode(db, "team-a", "7k3mq9px")).rejects.toThrow();
    expect(await db.keptValues.get("memberCode")).toBeUndefined();
  });

  it.each<[string, unknown]>([
    ["text", "7K3M-Q9PX"],
    ["a code that is not one", { teamId: "team-a", code: "7K3M-Q9PU" }],
    ["no team", { code: "7K3M-Q9PX" }],
    ["an extra field", { teamId: "team-a", code: "7K3M-Q9PX", name: "Ana" }],
  ])("is not believed when the stored value is %s", async (_name, value) => {
    await db.keptValues.put({ key: "memberCode", value });
    expect(await readMemberCode(db, "team-a")).toBeNull();
  });
});
