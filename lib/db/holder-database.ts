import Dexie, { type Table } from "dexie";

/**
 * The key holders' database (issue 13): the custodian's and the lead's key pairs, their
 * protected-sharing state and the hand-off folder each chose. Its own database, apart from the
 * personal and team databases, so a holder's key is never in a data download or a team import.
 * The private key is a non-extractable `CryptoKey`: IndexedDB keeps it opaque, no script can read
 * its bytes, and a lost key means a new key.
 */

/** Which holder a row belongs to. */
export type HolderRole = "custodian" | "lead";

/** A holder's key pair. */
export interface HolderKeyRow {
  role: HolderRole;
  /** The private key cannot be exported. */
  pair: CryptoKeyPair;
  /** Base64url of the 32 raw bytes of the public key, as policy and the team key file carry it. */
  publicKey: string;
  /** Epoch ms the pair was made. */
  createdAt: number;
}

/** A holder's protected-sharing state, as the sharing core defines it; validated when read. */
export interface HolderStateRow {
  role: HolderRole;
  value: unknown;
}

/** The folder a holder chose for hand-off files (a File System Access handle). */
export interface HolderFolderRow {
  role: HolderRole;
  handle: FileSystemDirectoryHandle;
}

/** One verdict the page showed for an imported file: the file's name and what happened to it. */
export interface HandOffLogRow {
  id?: number;
  role: HolderRole;
  fileName: string;
  ok: boolean;
  message: string;
  /** Epoch ms. */
  at: number;
}

/** Name of the key holders' database. */
export const HOLDER_DATABASE_NAME = "ai-adoption-meter-holders";

/** The key holders' database. Never edit a shipped `version(n)`: add `version(n + 1)`. */
export class HolderDatabase extends Dexie {
  keys!: Table<HolderKeyRow, HolderRole>;
  states!: Table<HolderStateRow, HolderRole>;
  folders!: Table<HolderFolderRow, HolderRole>;
  handOffs!: Table<HandOffLogRow, number>;

  constructor(name: string = HOLDER_DATABASE_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores({ keys: "role", states: "role", folders: "role", handOffs: "++id, role" });
  }
}

/** The holder's key row, or null when none was made yet (or it was lost). */
export async function readHolderKey(db: HolderDatabase, role: HolderRole): Promise<HolderKeyRow | null> {
  const row = await db.keys.get(role);
  if (!row || typeof row.publicKey !== "string" || !(row.pair?.privateKey instanceof CryptoKey)) return null;
  return row;
}

/** Stores a new key pair; the old one, if any, is gone for good. */
export async function writeHolderKey(db: HolderDatabase, row: HolderKeyRow): Promise<void> {
  await db.keys.put(row);
}

/** The last verdicts shown for one holder, newest first. */
export async function recentHandOffs(db: HolderDatabase, role: HolderRole, limit = 50): Promise<HandOffLogRow[]> {
  const rows = await db.handOffs.where("role").equals(role).reverse().sortBy("id");
  return rows.slice(0, limit);
}
