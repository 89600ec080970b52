/** The file name a team report is saved under: ai-adoption-<team>-<ISO week>.json. */
export function teamReportFileName(team: string | null, lastWeek: string): string {
  const slug = (team ?? "team")
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return `ai-adoption-${slug || "team"}-${lastWeek}.json`;
}
