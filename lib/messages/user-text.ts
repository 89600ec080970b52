/**
 * A message for people, produced where there is no browser to translate it: an i18n
 * message key and its substitutions, written "key|param|param". Pages turn it into the
 * user's language with `translateUserText`.
 */
export function userText(key: string, ...params: (string | number)[]): string {
  return [key, ...params.map(String)].join("|");
}

/** Splits a `userText` back into its key and substitutions; null when the text is not one. */
export function parseUserText(text: string): { key: string; params: string[] } | null {
  const [key, ...params] = text.split("|");
  return key && /^error[A-Z][A-Za-z]*$/.test(key) ? { key, params } : null;
}
