import type messages from "../../public/_locales/en/messages.json";

/** A key of the extension's message catalog (public/_locales/en/messages.json). */
export type MessageKey = keyof typeof messages;
