import { createContext, useContext } from "react";
import type { MessageKey } from "../lib/messages/message-key";
import { parseUserText } from "../lib/messages/user-text";

/** Looks up a user-facing string; pages provide the browser's i18n, components only consume it. */
export type Translate = (key: MessageKey, substitutions?: string | string[]) => string;

/** The page's translate function. */
export const MessagesContext = createContext<Translate>((key) => key);

/** The translate function of the page this component is on. */
export function useT(): Translate {
  return useContext(MessagesContext);
}

/** A message from the domain (see lib/messages/user-text.ts) in the user's language; other text as it is. */
export function useUserText(): (text: string | undefined) => string | undefined {
  const t = useT();
  return (text) => {
    if (text === undefined) return undefined;
    const parsed = parseUserText(text);
    return parsed ? t(parsed.key as MessageKey, parsed.params) : text;
  };
}
