import { Aes128Gcm, CipherSuite, DhkemX25519HkdfSha256, HkdfSha256 } from "@hpke/core";
import { fromBase64Url, toBase64Url, utf8 } from "./bytes";
import type { HpkeCiphertext } from "./formats";
import type { HolderKeyPair } from "./key-pair";
import { importPublicKey } from "./key-pair";
import { SHARING_PROTOCOL } from "./team-config";

/**
 * HPKE (RFC 9180) base mode with DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and AES-128-GCM, from
 * `@hpke/core` over WebCrypto. The `info` names the protocol version, what is sealed and the team
 * id; the associated data binds the context (week, report id, batch). A ciphertext moved to another
 * team, week, report or batch does not open.
 */

const suite = new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes128Gcm() });

/** What a ciphertext holds; part of its `info`, so one kind cannot be passed off as another. */
export type SealedKind = "custodian input share" | "lead input share" | "sender" | "verify key" | "aggregate share";

function infoOf(kind: SealedKind, teamId: string): Uint8Array {
  return utf8(`${SHARING_PROTOCOL}\n${kind}\n${teamId}`);
}

/** The associated data of a context: its fields as a JSON array, so no two contexts give the same bytes. */
export function contextBytes(context: readonly (string | number)[]): Uint8Array {
  return utf8(JSON.stringify(context));
}

/** Seals `plaintext` to a public key (base64url). */
export async function sealTo(
  publicKey: string,
  kind: SealedKind,
  teamId: string,
  context: readonly (string | number)[],
  plaintext: Uint8Array,
): Promise<HpkeCiphertext> {
  const recipientPublicKey = await importPublicKey(publicKey);
  const sealed = await suite.seal(
    { recipientPublicKey, info: infoOf(kind, teamId) },
    new Uint8Array(plaintext),
    contextBytes(context),
  );
  return { enc: toBase64Url(new Uint8Array(sealed.enc)), ciphertext: toBase64Url(new Uint8Array(sealed.ct)) };
}

/** Opens a ciphertext with a key pair; null when it does not open (other key, context or tampered bytes). */
export async function openWith(
  keyPair: HolderKeyPair,
  kind: SealedKind,
  teamId: string,
  context: readonly (string | number)[],
  sealed: HpkeCiphertext,
): Promise<Uint8Array | null> {
  try {
    const plaintext = await suite.open(
      { recipientKey: keyPair, enc: new Uint8Array(fromBase64Url(sealed.enc)), info: infoOf(kind, teamId) },
      new Uint8Array(fromBase64Url(sealed.ciphertext)),
      contextBytes(context),
    );
    return new Uint8Array(plaintext);
  } catch {
    return null;
  }
}
