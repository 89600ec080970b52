import type { HolderDatabase, HolderRole } from "../db/holder-database";
import { sha256Hex } from "../sharing/bytes";
import { type TeamConfig, teamConfigSchema, teamIdOf } from "../sharing/team-config";

/**
 * What a holder's page keeps besides the sharing core's state: the team it is for, the files it
 * already handed out (so the guided step moves on), and the digests of files it already read or
 * wrote (so picking up a shared folder again reads only what is new).
 */
export interface HolderRecord<State> {
  readonly team: TeamConfig;
  readonly teamId: string;
  readonly state: State;
  /** File names the person saved or wrote to the folder. */
  readonly handedOut: readonly string[];
  /** SHA-256 of every file text read or written. */
  readonly seen: readonly string[];
}

/** Most digests kept; older ones fall off (a folder holds far fewer files). */
const MAX_SEEN = 20_000;

/**
 * The holder's record, or null. A stored value that does not hold a valid team, or whose team id
 * does not match it, counts as none: the page starts again rather than trust it.
 */
export async function readHolderRecord<State extends { teamId: string }>(
  db: HolderDatabase,
  role: HolderRole,
): Promise<HolderRecord<State> | null> {
  const value = (await db.states.get(role))?.value as Partial<HolderRecord<State>> | undefined;
  if (!value || typeof value !== "object") return null;
  const team = teamConfigSchema.safeParse(value.team);
  if (!team.success || !value.state || typeof value.state !== "object") return null;
  const teamId = await teamIdOf(team.data);
  if (value.teamId !== teamId || value.state.teamId !== teamId) return null;
  const strings = (list: unknown) => (Array.isArray(list) ? list.filter((x) => typeof x === "string") : []);
  return {
    team: team.data,
    teamId,
    state: value.state,
    handedOut: strings(value.handedOut),
    seen: strings(value.seen),
  };
}

/** Stores the holder's record. */
export async function writeHolderRecord<State>(
  db: HolderDatabase,
  role: HolderRole,
  record: HolderRecord<State>,
): Promise<void> {
  await db.states.put({ role, value: { ...record, seen: record.seen.slice(-MAX_SEEN) } });
}

/** The digest by which a file's text is recognized when seen again. */
export function textDigest(text: string): Promise<string> {
  return sha256Hex(text);
}

/** The record once these files were handed out: their names listed, their texts seen, so a folder never reads them back. */
export async function withHandedOut<State>(
  record: HolderRecord<State>,
  files: readonly { fileName: string; text: string }[],
): Promise<HolderRecord<State>> {
  const digests = await Promise.all(files.map((file) => textDigest(file.text)));
  return {
    ...record,
    handedOut: [...new Set([...record.handedOut, ...files.map((file) => file.fileName)])],
    seen: [...new Set([...record.seen, ...digests])],
  };
}
