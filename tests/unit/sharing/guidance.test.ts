import { describe, expect, it } from "vitest";
import { cancelRequest } from "../../../lib/sharing/custodian";
import { custodianNextStep, leadNextStep, previewSentences } from "../../../lib/sharing/guidance";
import { makeTeam, sharesOf, states } from "./fixtures";
import { collect, runBatch } from "./flow";

describe("guided next steps", () => {
  it("walk both sides through one batch", async () => {
    const team = await makeTeam();
    let { custodian } = await states(team);
    const { lead } = await states(team);
    expect(custodianNextStep(custodian, team.config).text).toBe(
      "1 of 4: collecting reports: none waiting. Each week needs reports from 5 people.",
    );
    custodian = await collect(
      team,
      custodian,
      await Promise.all([1, 2, 3].map((n) => sharesOf(team, n, ["2026-W47"]))),
    );
    expect(custodianNextStep(custodian, team.config).text).toBe(
      "1 of 4: collecting reports: 2026-W47 has 3 of the 5 people needed.",
    );
    custodian = await collect(team, custodian, await Promise.all([4, 5].map((n) => sharesOf(team, n, ["2026-W47"]))));
    expect(custodianNextStep(custodian, team.config)).toMatchObject({
      step: 2,
      action: "saveRequest",
      text: "2 of 4: save the request for 2026-W47 and send it to Dana Lead, your lead.",
    });
    expect(leadNextStep(lead, team.config).action).toBe("importRequest");
    const batch = await runBatch(team, custodian, lead, "2026-W47");
    expect(custodianNextStep(batch.custodian, team.config).step).toBe(1);
    expect(leadNextStep(batch.lead, team.config).action).toBe("importRequest");
    expect(batch.lead.batches[0]?.status).toBe("combined");
    expect(custodianNextStep(cancelRequest(batch.custodian), team.config).step).toBe(1);
  }, 30_000);

  it("the lead who answered is told to send the answer and import the sum", async () => {
    const team = await makeTeam();
    const { lead } = await states(team);
    const answered = {
      ...lead,
      batches: [
        {
          ref: { id: "2026-W47-batch-1", sequence: 1, week: "2026-W47" },
          requestDigest: "0".repeat(64),
          answerDigest: "1".repeat(64),
          validIds: [],
          aggregateShare: "",
          status: "answered" as const,
          totals: null,
          answer: null,
        },
      ],
    };
    expect(leadNextStep(answered, team.config).text).toBe(
      "3 of 4: send the answer for 2026-W47-batch-1 to Chris Custodian, the custodian; then import the team's sum they send back.",
    );
  });

  it("the preview names both holders and k", async () => {
    const team = await makeTeam({ k: 7 });
    expect(previewSentences(team.config)).toEqual([
      "Nobody sees this row.",
      "Your lead, Dana Lead, sees only the team's total over at least 7 people.",
      "The custodian, Chris Custodian, sees only that you sent a report.",
    ]);
  });
});
