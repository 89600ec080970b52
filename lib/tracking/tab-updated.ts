import type { EngagementEvent } from "./engagement";

/** What `tabs.onUpdated` says changed (the parts read here). */
export interface TabChange {
  url?: string;
  status?: string;
}

/** The tab as `tabs.onUpdated` passes it (the parts read here). */
export interface UpdatedTab {
  active: boolean;
  windowId: number;
  url?: string;
}

/**
 * The engagement event for a `tabs.onUpdated`, or null when it cannot change what is
 * measured; every event is a queued transition and a state write, and this one fires for
 * every tab on every site.
 */
export function tabUpdatedEvent(at: number, tabId: number, change: TabChange, tab: UpdatedTab): EngagementEvent | null {
  // A tab in the background counts once it is activated, and `tabs.onActivated` reads its
  // URL then.
  if (tab.active === false) return null;
  // Without the `tabs` permission `change.url` is only present on AI-tool hosts; a
  // navigation away shows up as a status change, after which the URL is gone. The URL is
  // committed after "loading" began, so "complete" can be the first event without it. On a
  // page whose URL the extension sees, every URL change arrived as `change.url` already.
  if (change.url === undefined) {
    if (change.status === undefined) return null;
    if (change.status === "complete" && tab.url !== undefined) return null;
  }
  const url = change.url ?? tab.url;
  return { type: "tabUpdated", at, windowId: tab.windowId, tabId, active: tab.active, url };
}
