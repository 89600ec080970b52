import { browser } from "wxt/browser";

/** Extension pages that other pages link to. */
export type PageName = "options" | "dashboard" | "share" | "custodian";

/** The URL of one of the extension's own pages. */
export function pageUrl(page: PageName): string {
  return browser.runtime.getURL(`/${page}.html`);
}

/** The extension's version, e.g. "0.1.0". */
export function extensionVersion(): string {
  return browser.runtime.getManifest().version;
}
