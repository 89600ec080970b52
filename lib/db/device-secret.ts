import type { MeterDatabase } from "./database";

/** The read (and first-use creation) of the device secret under way, if any. */
let secretInFlight: Promise<Uint8Array> | null = null;

/**
 * The device secret that keys team report record ids and noise: made once, kept only in the
 * extension's database, never exported (not even by "Download my data"). Calls that overlap
 * share one read, so two reports built at once cannot each create a secret and store ids that
 * never match again.
 */
export function deviceSecret(db: MeterDatabase): Promise<Uint8Array> {
  secretInFlight ??= readOrCreateSecret(db).finally(() => {
    secretInFlight = null;
  });
  return secretInFlight;
}

async function readOrCreateSecret(db: MeterDatabase): Promise<Uint8Array> {
  return db.transaction("rw", db.secrets, async () => {
    const held = await db.secrets.get("device");
    if (held && held.bytes.length === 32) return held.bytes;
    const secret = crypto.getRandomValues(new Uint8Array(32));
    await db.secrets.put({ name: "device", bytes: secret });
    return secret;
  });
}
