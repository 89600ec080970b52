import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { HandlerContext } from "../../../lib/background/handlers/context";
import { protectedSharingHandlers } from "../../../lib/background/handlers/protected-sharing";
import { MeterDatabase } from "../../../lib/db/database";
import { writeTeamKey } from "../../../lib/db/team-key";
import type { TeamConfig } from "../../../lib/sharing/team-config";

// The employee's member code (issue 13) through the background's handlers, over a real database.

const TEAM: TeamConfig = {
  teamLabel: "Marketing",
  lead: { name: "Dana Kim", publicKey: "A".repeat(43) },
  custodian: { name: "Sam Ortiz", publicKey: "B".repeat(43) },
  k: 5,
  noiseEpsilon: null,
  layout: { toolIds: ["chatgpt"], categoryIds: ["writing"], roundingMinutes: 5 },
};

let db: MeterDatabase;
let handlers: ReturnType<typeof protectedSharingHandlers>;
beforeEach(() => {
  db = new MeterDatabase(`protected-handlers-${crypto.randomUUID()}`);
  // Only the database is used by these handlers.
  handlers = protectedSharingHandlers({ db } as HandlerContext);
});
afterEach(async () => {
  await db.delete();
});

const sender = {};

describe("the member code in the options", () => {
  it("is refused while protected sharing is off, and nothing is stored", async () => {
    const answer = await handlers.setMemberCode({ code: "7K3M-Q9PX" }, sender);
    expect(answer).toEqual({ ok: false, error: expect.stringMatching(/off/) });
    expect(await db.keptValues.get("memberCode")).toBeUndefined();
  });

  it("is stored in its canonical form for the team in force, shown in the view, and forgotten", async () => {
    await writeTeamKey(db, TEAM);
    const saved = await handlers.setMemberCode({ code: "7k3m q9px" }, sender);
    expect(saved).toMatchObject({ ok: true, view: { memberCode: "7K3M-Q9PX" } });
    expect((await handlers.getProtectedSharing({}, sender)).memberCode).toBe("7K3M-Q9PX");
    const cleared = await handlers.setMemberCode({ code: null }, sender);
    expect(cleared).toMatchObject({ ok: true, view: { memberCode: null } });
  });

  it("keeps the code it had when a typo is refused", async () => {
    await writeTeamKey(db, TEAM);
    await handlers.setMemberCode({ code: "7K3M-Q9PX" }, sender);
    const refused = await handlers.setMemberCode({ code: "7K3M-Q9" }, sender);
    expect(refused).toEqual({ ok: false, error: expect.stringMatching(/8 characters/) });
    expect((await handlers.getProtectedSharing({}, sender)).memberCode).toBe("7K3M-Q9PX");
  });

  it("does not follow the person to another team", async () => {
    await writeTeamKey(db, TEAM);
    await handlers.setMemberCode({ code: "7K3M-Q9PX" }, sender);
    await writeTeamKey(db, { ...TEAM, teamLabel: "Finance" });
    expect((await handlers.getProtectedSharing({}, sender)).memberCode).toBeNull();
  });
});
