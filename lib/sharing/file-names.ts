import type { BatchRef } from "./formats";

/** A name as a file-name piece: lowercase ASCII letters, digits and dashes, at most 40 characters. */
export function fileNamePiece(name: string): string {
  const piece = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  return piece || "team";
}

/** The employee's shares file: `protected-shares-2026-W45-to-2026-W48-for-<custodian>.json`. */
export function sharesFileName(weeks: readonly string[], custodian: string): string {
  const sorted = [...weeks].sort();
  const first = sorted[0] ?? "none";
  const last = sorted[sorted.length - 1] ?? first;
  const span = first === last ? first : `${first}-to-${last}`;
  return `protected-shares-${span}-for-${fileNamePiece(custodian)}.json`;
}

/** The custodian's request: `protected-request-2026-W48-batch-1-for-<lead>.json`. */
export function requestFileName(batch: BatchRef, lead: string): string {
  return `protected-request-${batch.id}-for-${fileNamePiece(lead)}.json`;
}

/** The lead's answer: `protected-answer-2026-W48-batch-1-for-<custodian>.json`. */
export function answerFileName(batch: BatchRef, custodian: string): string {
  return `protected-answer-${batch.id}-for-${fileNamePiece(custodian)}.json`;
}

/** The custodian's aggregate share: `protected-sum-2026-W48-batch-1-for-<lead>.json`. */
export function aggregateShareFileName(batch: BatchRef, lead: string): string {
  return `protected-sum-${batch.id}-for-${fileNamePiece(lead)}.json`;
}

/** The team key file: `team-key-<team label>.json`. */
export function teamKeyFileName(teamLabel: string): string {
  return `team-key-${fileNamePiece(teamLabel)}.json`;
}
