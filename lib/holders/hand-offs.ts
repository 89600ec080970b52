/**
 * What both key holders' pages share: the verdict per file, the files due, the next step, and
 * reading a file's text as JSON without ever throwing.
 */

/** A file's verdict, shown next to its name. */
export interface FileVerdict {
  readonly fileName: string;
  readonly ok: boolean;
  readonly message: string;
}

/** A file this holder must hand to the other one. */
export interface DueFile {
  readonly fileName: string;
  /** The exact text saved or written. */
  readonly text: string;
  readonly kind: "request" | "aggregateShare" | "answer" | "teamKey";
  /** Whether the person saved it or wrote it to the folder already. */
  readonly handedOut: boolean;
}

/** The kinds of guided step; the page words them. */
export type StepKind =
  | "createKey"
  | "startOver"
  | "custodianTeamKey"
  | "leadTeam"
  | "members"
  | "collect"
  | "prepareRequest"
  | "sendRequest"
  | "importAnswer"
  | "sendSum"
  | "importRequest"
  | "sendAnswer"
  | "importSum"
  | "figuresIn";

/** The one next step: which of the four steps of a batch (null while setting up), with its details. */
export interface NextStep {
  readonly kind: StepKind;
  /** 1 to 4 within a batch; null during set-up. */
  readonly index: number | null;
  readonly params: readonly string[];
}

/** The largest hand-off read, in characters. */
export const MAX_HAND_OFF_CHARS = 60_000_000;

/** A file's text as JSON, or a plain reason. */
export function readJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  if (text.length > MAX_HAND_OFF_CHARS) return { ok: false, message: "This file is too large to be a hand-off file." };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, message: "This file is not JSON, so it is no hand-off file." };
  }
}

/** The `format` field of parsed JSON, or null. */
export function formatOf(json: unknown): string | null {
  const format = typeof json === "object" && json !== null ? (json as { format?: unknown }).format : undefined;
  return typeof format === "string" ? format : null;
}

/** The text a hand-off is saved as: 2-space JSON with a trailing newline. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** A holder's request without the team the page adds to every one. */
export type WithoutTeam<R> = R extends unknown ? Omit<R, "policyTeam"> : never;
