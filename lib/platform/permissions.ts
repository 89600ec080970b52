import { browser } from "wxt/browser";

/** Match patterns granting HTTPS access to exactly these hosts. */
function origins(hosts: readonly string[]): string[] {
  return hosts.map((host) => `https://${host}/*`);
}

/**
 * Asks the user for access to a custom tool's hosts. Must run in the click handler that
 * started it: the browser only shows the prompt for a user gesture.
 */
export function requestHostAccess(hosts: readonly string[]): Promise<boolean> {
  return browser.permissions.request({ origins: origins(hosts) });
}

/** Whether the extension may see URLs on these hosts. */
export function hasHostAccess(hosts: readonly string[]): Promise<boolean> {
  return browser.permissions.contains({ origins: origins(hosts) });
}

/** Gives up access to hosts no longer needed. */
export async function dropHostAccess(hosts: readonly string[]): Promise<void> {
  await browser.permissions.remove({ origins: origins(hosts) }).catch(() => false);
}
