import { browser } from "wxt/browser";
import {
  CONTENT_SCRIPT_MESSAGES,
  envelopeSchema,
  type MessageHandlers,
  type MessageName,
  type MessageSender,
  protocol,
  type Reply,
} from "../messages/protocol";

/**
 * Registers the single message listener. Call synchronously at the top of the
 * background's main, so a message that woke the worker is not missed.
 */
export function registerMessageHandlers(handlers: MessageHandlers): void {
  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (sender.id !== browser.runtime.id) return false;
    const envelope = envelopeSchema.safeParse(message);
    if (!envelope.success || !Object.hasOwn(protocol, envelope.data.name)) {
      sendResponse({ ok: false, error: "Unknown message" } satisfies Reply<never>);
      return false;
    }
    const name = envelope.data.name as MessageName;
    const fromWebPage = sender.tab !== undefined && !sender.url?.startsWith(browser.runtime.getURL("/"));
    if (fromWebPage && !CONTENT_SCRIPT_MESSAGES.has(name)) {
      sendResponse({ ok: false, error: `${name} is not allowed from a web page` } satisfies Reply<never>);
      return false;
    }
    const request = protocol[name].request.safeParse(envelope.data.request);
    if (!request.success) {
      sendResponse({ ok: false, error: `Invalid ${name} request` } satisfies Reply<never>);
      return false;
    }
    const handler = handlers[name] as (request: unknown, from: MessageSender) => Promise<unknown>;
    handler(request.data, { tabId: sender.tab?.id, windowId: sender.tab?.windowId, url: sender.url }).then(
      (value) => sendResponse({ ok: true, value } satisfies Reply<unknown>),
      (error: unknown) => sendResponse({ ok: false, error: String(error) } satisfies Reply<never>),
    );
    return true;
  });
}
