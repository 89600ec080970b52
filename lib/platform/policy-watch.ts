import { browser } from "wxt/browser";

/** Calls back when the managed policy changes; returns the function that stops listening. */
export function watchManagedPolicyInPage(onChange: () => void): () => void {
  const listener = () => onChange();
  browser.storage.managed.onChanged.addListener(listener);
  return () => browser.storage.managed.onChanged.removeListener(listener);
}
