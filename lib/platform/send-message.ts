import { browser } from "wxt/browser";
import type { MessageName, Reply, RequestOf, ResponseOf } from "../messages/protocol";

// Pages import only this: types from the protocol, none of its validators.

/**
 * Sends a typed message to the background and returns its response. Requests are
 * validated where they are received; responses come from the extension's own background.
 */
export async function sendMessage<N extends MessageName>(name: N, request: RequestOf<N>): Promise<ResponseOf<N>> {
  const reply = (await browser.runtime.sendMessage({ name, request })) as Reply<unknown> | undefined;
  if (!reply) throw new Error(`No reply to ${name}`);
  if (!reply.ok) throw new Error(reply.error);
  return reply.value as ResponseOf<N>;
}
