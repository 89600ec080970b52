import type { CustodianState } from "./custodian";
import { waitingByWeek } from "./custodian";
import type { LeadState } from "./lead";
import type { TeamConfig } from "./team-config";

/**
 * The one guided next step each dashboard shows, and the words of the employee's preview.
 * A batch takes four steps: 1 the custodian collects reports from at least k people; 2 the
 * custodian sends the request to the lead; 3 the lead sends the answer back; 4 the custodian sends
 * the team's sum to the lead, whose dashboard then shows the figures. The lead, who cannot know
 * whether its answer arrived, is shown step 3 until the sum comes ("importSum" is then the action
 * of its page's import button).
 */

/** What the button next to the step does. */
export type StepAction =
  | "waitForReports"
  | "saveRequest"
  | "importAnswer"
  | "importRequest"
  | "saveAnswer"
  | "importSum";

/** One guided step: "2 of 4: send this request to Dana, your lead". */
export interface NextStep {
  /** 1–4, the step of the batch this is. */
  readonly step: number;
  readonly of: 4;
  readonly action: StepAction;
  /** The sentence shown, with the step number. */
  readonly text: string;
  /** The batch or week it is about, if any. */
  readonly about: string | null;
}

const step = (n: number, action: StepAction, text: string, about: string | null): NextStep => ({
  step: n,
  of: 4,
  action,
  text: `${n} of 4: ${text}`,
  about,
});

/** The custodian's next step. */
export function custodianNextStep(state: CustodianState, team: TeamConfig): NextStep {
  const open = state.batches.find((b) => b.status === "requested");
  if (open) {
    return step(
      3,
      "importAnswer",
      `waiting for ${team.lead.name}'s answer to ${open.ref.id}. Import it when it arrives (or save the request again).`,
      open.ref.id,
    );
  }
  const waiting = waitingByWeek(state);
  const ready = waiting.find((w) => w.reports >= team.k);
  if (ready) {
    return step(
      2,
      "saveRequest",
      `save the request for ${ready.week} and send it to ${team.lead.name}, your lead.`,
      ready.week,
    );
  }
  const fullest = [...waiting].sort((a, b) => b.reports - a.reports || (a.week < b.week ? -1 : 1))[0];
  return step(
    1,
    "waitForReports",
    fullest
      ? `collecting reports: ${fullest.week} has ${fullest.reports} of the ${team.k} people needed.`
      : `collecting reports: none waiting. Each week needs reports from ${team.k} people.`,
    fullest?.week ?? null,
  );
}

/** The lead's next step. */
export function leadNextStep(state: LeadState, team: TeamConfig): NextStep {
  const answered = state.batches.find((b) => b.status === "answered");
  if (answered) {
    return step(
      3,
      "saveAnswer",
      `send the answer for ${answered.ref.id} to ${team.custodian.name}, the custodian; then import the team's sum they send back.`,
      answered.ref.id,
    );
  }
  return step(
    2,
    "importRequest",
    `import the next request from ${team.custodian.name}, the custodian, when it arrives.`,
    null,
  );
}

/** The preview's words for the employee: who can see what, with the holders' names and k. */
export function previewSentences(team: TeamConfig): string[] {
  return [
    "Nobody sees this row.",
    `Your lead, ${team.lead.name}, sees only the team's total over at least ${team.k} people.`,
    `The custodian, ${team.custodian.name}, sees only that you sent a report.`,
  ];
}
