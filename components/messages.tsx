import { createContext, useContext } from "react";
import type { MessageKey } from "../lib/platform/i18n";

/** Looks up a user-facing string; pages provide the browser's i18n, components only consume it. */
export type Translate = (key: MessageKey, substitutions?: string | string[]) => string;

/** The page's translate function. */
export const MessagesContext = createContext<Translate>((key) => key);

/** The translate function of the page this component is on. */
export function useT(): Translate {
  return useContext(MessagesContext);
}
