import { browser } from "wxt/browser";
import type messages from "../../public/_locales/en/messages.json";

/** A key of the extension's message catalog (public/_locales/en/messages.json). */
export type MessageKey = keyof typeof messages;

/** A user-facing string in the browser's language, falling back to English. */
export function t(key: MessageKey, substitutions?: string | string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key;
}
