import type { IsoWeek } from "../time/iso-week";

/** Length of the device secret in bytes (256 bits, the HMAC-SHA-256 key size). */
export const DEVICE_SECRET_BYTES = 32;

const encoder = new TextEncoder();

/** HMAC-SHA-256 of `message` (UTF-8 when a string) under `key`: 32 bytes. */
export async function hmacSha256(key: Uint8Array, message: string | Uint8Array): Promise<Uint8Array> {
  const subtle = globalThis.crypto.subtle;
  // Copies give the WebCrypto API plain ArrayBuffer-backed views, whatever the caller passed.
  const cryptoKey = await subtle.importKey("raw", new Uint8Array(key), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  const data = typeof message === "string" ? encoder.encode(message) : new Uint8Array(message);
  return new Uint8Array(await subtle.sign("HMAC", cryptoKey, data));
}

/** Bytes as lowercase hexadecimal, two digits per byte. */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * The dedupe id of one person's record for `week`: hex HMAC-SHA-256(device secret, "record:" + week).
 *
 * The same device and week always give the same id, so a re-exported week is counted once.
 * Without the secret, which never leaves the device, two weeks' ids cannot be linked and no id
 * can be computed from its week. The "record:" prefix keeps it apart from the noise keys.
 */
export function recordId(secret: Uint8Array, week: IsoWeek): Promise<string> {
  return hmacSha256(secret, `record:${week}`).then(toHex);
}
