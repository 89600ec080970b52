/**
 * Verdicts of protected sharing: every file a custodian or lead imports gets one, and a refused
 * file leaves the state exactly as it was.
 */

/** Why a file or a report in it was refused. */
export type RefusalKind =
  /** Not JSON of any known protected-sharing format. */
  | "malformed"
  /** An older or newer version of the format. */
  | "formatVersion"
  /** Made for another team configuration (team id). */
  | "wrongTeam"
  /** Made for other keys than the ones this side holds. */
  | "wrongKey"
  /** Names a batch this side does not know, or its content does not match that batch. */
  | "wrongBatch"
  /** A hand-off this side already took. */
  | "replayed"
  /** A hand-off that comes before an earlier one was taken. */
  | "outOfOrder"
  /** A ciphertext or digest does not check out. */
  | "tampered"
  /** The same report id was already taken (re-export of the same week). */
  | "duplicate"
  /** The same report id was already put in a batch. */
  | "alreadyBatched"
  /** The same team member already sent another report for this week. */
  | "secondReport"
  /** The sender is not on the custodian's list of team members. */
  | "unknownSender"
  /** The member code sealed with the report is not the one the custodian gave that member. */
  | "wrongCode"
  /** Fewer than k reports: nothing is summed. */
  | "tooFewReports";

/** A refusal with the sentence shown to the person. */
export interface Refusal {
  readonly ok: false;
  readonly kind: RefusalKind;
  readonly message: string;
}

/** A refusal. */
export function refuse(kind: RefusalKind, message: string): Refusal {
  return { ok: false, kind, message };
}
