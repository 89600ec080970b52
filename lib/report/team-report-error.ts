/** A team report that cannot be built as asked; the message says why, in words a person can act on. */
export class TeamReportError extends Error {
  override readonly name = "TeamReportError";
}
