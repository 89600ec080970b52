import { browser } from "wxt/browser";
import { z } from "zod";
import type { LostEvents } from "../tracking/service";

/**
 * Browser events noted in session storage the moment the worker receives them, and forgotten
 * once handled. A worker stopped while handling one leaves its note behind, and the next
 * worker replays it. Session storage is for the extension's own pages and worker only (its
 * default access level), and the browser clears it when it closes.
 *
 * Only window focus changes are noted: every other change a dying worker can lose, the page
 * reports again itself (it turns hidden), but a window switch and a click into the address
 * bar look the same from the page.
 */
const PREFIX = "inFlight:";

const noteSchema = z.strictObject({
  type: z.literal("windowFocusChanged"),
  at: z.number().int().nonnegative(),
  windowId: z.number().int(),
});

type Note = z.infer<typeof noteSchema>;

let sequence = 0;

/** Notes an event as received; returns what to call once it is handled. */
export function noteInFlight(note: Note): () => void {
  const key = `${PREFIX}${note.at}:${sequence++}:${crypto.randomUUID()}`;
  // The write is issued before anything is awaited, so a worker stopped later still leaves it.
  const written = browser.storage.session.set({ [key]: note });
  return () => {
    written.then(() => browser.storage.session.remove(key)).catch(() => {});
  };
}

/** The events noted before `before` (epoch ms) and never handled, oldest first; `forget` drops their notes. */
export async function takeInFlight(before: number): Promise<LostEvents> {
  const all = await browser.storage.session.get(null);
  const keys: string[] = [];
  const events: Note[] = [];
  for (const [key, value] of Object.entries(all)) {
    if (!key.startsWith(PREFIX)) continue;
    const note = noteSchema.safeParse(value);
    // A note of this worker's own events is its own to forget.
    if (note.success && note.data.at >= before) continue;
    keys.push(key);
    if (note.success) events.push(note.data);
  }
  events.sort((a, b) => a.at - b.at);
  return {
    events,
    forget: async () => {
      if (keys.length > 0) await browser.storage.session.remove(keys);
    },
  };
}
