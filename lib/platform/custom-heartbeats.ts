import { browser } from "wxt/browser";
import { CATALOG, heartbeatMatchPatterns } from "../catalog/catalog";
import type { CustomTool } from "../settings/settings";

/** Id of the heartbeat registered at run time for custom tools. */
const SCRIPT_ID = "custom-tool-heartbeat";

/** Patterns the manifest's own heartbeat already covers: a page must not run two. */
const CATALOG_PATTERNS = new Set(heartbeatMatchPatterns(CATALOG));

/**
 * Runs the same heartbeat script in custom tools' pages, on the hosts the person granted and
 * only those, so custom tools get the same guarantees as catalog tools. Registered at run
 * time: a content script declared for every host in the manifest would grant access to every
 * site at install. Kept across browser restarts; updated only when the hosts change.
 */
export async function registerCustomHeartbeats(tools: readonly CustomTool[]): Promise<void> {
  const scripting = browser.scripting;
  if (!scripting?.registerContentScripts) return;
  const candidates = heartbeatMatchPatterns(tools).filter((pattern) => !CATALOG_PATTERNS.has(pattern));
  const granted: string[] = [];
  for (const pattern of candidates) {
    const origin = `${pattern.slice(0, pattern.indexOf("/", "https://".length))}/*`;
    if (await browser.permissions.contains({ origins: [origin] })) granted.push(pattern);
  }
  const [existing] = await scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
  if (granted.length === 0) {
    if (existing) await scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
    return;
  }
  if (existing && [...(existing.matches ?? [])].sort().join() === [...granted].sort().join()) return;
  const script = {
    id: SCRIPT_ID,
    matches: granted,
    js: ["heartbeat.js"],
    runAt: "document_start" as const,
    persistAcrossSessions: true,
  };
  if (existing) await scripting.updateContentScripts([script]);
  else await scripting.registerContentScripts([script]);
}
