import { z } from "zod";
import { sha256Hex } from "./bytes";
import { type Refusal, refuse } from "./verdicts";

/** The team, keys and ids one side holds, to check a hand-off against. */
export interface Binding {
  readonly teamId: string;
  readonly leadKey: string;
  readonly custodianKey: string;
}

/** The protected-sharing format families, for telling "older or newer" from "another file". */
const FAMILIES = ["shares", "protected-request", "protected-answer", "protected-aggregate-share", "team-key"];

/**
 * Parses a hand-off (parsed JSON) of `formatId`: another version of the same format is
 * "formatVersion", another file "malformed", other keys "wrongKey", another team "wrongTeam" (with
 * its own words when the file is bound to `earlierTeamId`, the same team before its layout counted
 * people exactly, as an earlier version of the extension made it).
 */
export function parseHandoff<T extends { teamId: string; leadKey: string; custodianKey: string }>(
  json: unknown,
  schema: z.ZodType<T>,
  formatId: string,
  expected: Binding,
  what: string,
  earlierTeamId: string | null = null,
): { ok: true; file: T } | Refusal {
  const format = (json as { format?: unknown } | null)?.format;
  const family = formatId.replace(/^ai-adoption-meter\//, "").replace(/@\d+$/, "");
  if (typeof format !== "string") return refuse("malformed", `This is not ${what}: it has no format id.`);
  if (format !== formatId) {
    const match = /^ai-adoption-meter\/([a-z-]+)@(\d+)$/.exec(format);
    if (match?.[1] === family) {
      return refuse(
        "formatVersion",
        `This is ${what} of format ${format}; this version reads ${formatId}. Update the extension on both sides.`,
      );
    }
    if (match && FAMILIES.includes(match[1] as string)) {
      return refuse("malformed", `This is a ${match[1]} file, not ${what}.`);
    }
    return refuse("malformed", `This is not ${what} (format "${format.slice(0, 60)}").`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    return refuse("malformed", `This ${what} is damaged: ${z.prettifyError(parsed.error).slice(0, 400)}`);
  const file = parsed.data;
  if (file.leadKey !== expected.leadKey || file.custodianKey !== expected.custodianKey) {
    return refuse(
      "wrongKey",
      `This ${what} was made for other keys (lead ${file.leadKey}, custodian ${file.custodianKey}).`,
    );
  }
  if (file.teamId !== expected.teamId && earlierTeamId !== null && file.teamId === earlierTeamId) {
    return refuse(
      "wrongTeam",
      `This ${what} was made for this team by an earlier version of the extension, before it counted the people behind each figure exactly; it cannot be read with the team's setting now. Make it again with the current version.`,
    );
  }
  if (file.teamId !== expected.teamId) {
    return refuse("wrongTeam", `This ${what} belongs to another team or another team setting.`);
  }
  return { ok: true, file };
}

/** SHA-256 of a parsed hand-off, as both sides compute it (the schema fixes the key order). */
export function digestOf(file: unknown): Promise<string> {
  return sha256Hex(JSON.stringify(file));
}
