import { fromBase64Url, toBase64Url } from "./bytes";
import { SharingError } from "./sharing-error";
import { publicKeySchema } from "./team-config";

/**
 * The lead's and the custodian's HPKE key pairs (RFC 9180 DHKEM(X25519, HKDF-SHA256)), made with
 * WebCrypto's X25519. The private key is created non-extractable: no page script, export or
 * backup can read its bytes. The pages store the `CryptoKeyPair` object itself in their own
 * IndexedDB (structured clone keeps a CryptoKey opaque); only the public key leaves, as 32 raw
 * bytes in base64url. A lost private key means a new key pair, never a recovery.
 */

const X25519 = { name: "X25519" } as const;

/** A key holder's key pair: the private key cannot be exported. */
export type HolderKeyPair = CryptoKeyPair;

/** A new key pair with a non-extractable private key. */
export async function generateHolderKeyPair(): Promise<HolderKeyPair> {
  const pair = (await globalThis.crypto.subtle.generateKey(X25519, false, ["deriveBits"])) as CryptoKeyPair;
  return pair;
}

/** The public key as base64url of its 32 raw bytes, the form policy and the team key file carry. */
export async function exportPublicKey(key: CryptoKey | HolderKeyPair): Promise<string> {
  const publicKey = "publicKey" in key ? key.publicKey : key;
  return toBase64Url(new Uint8Array(await globalThis.crypto.subtle.exportKey("raw", publicKey)));
}

/** A public key from its base64url form; throws `SharingError` for anything that is not an X25519 key. */
export async function importPublicKey(text: string): Promise<CryptoKey> {
  if (!publicKeySchema.safeParse(text).success) throw new SharingError("That is not a public key of this extension.");
  try {
    return await globalThis.crypto.subtle.importKey("raw", new Uint8Array(fromBase64Url(text)), X25519, true, []);
  } catch {
    throw new SharingError("That public key is not a valid X25519 key.");
  }
}
