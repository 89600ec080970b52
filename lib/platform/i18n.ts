import { browser } from "wxt/browser";
import type { MessageKey } from "../messages/message-key";

/** A user-facing string in the browser's language, falling back to English. */
export function t(key: MessageKey, substitutions?: string | string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key;
}
