import { browser } from "wxt/browser";
import { type BrowserSnapshot, type IdleState, WINDOW_ID_NONE } from "../tracking/engagement";

/**
 * Reads which window has focus and each window's active tab. Without the `tabs` permission
 * the browser reveals a tab's URL only on hosts the extension may access (the AI tools),
 * so other sites arrive here without a URL and cannot be recorded.
 */
export async function readBrowserSnapshot(idle?: IdleState): Promise<BrowserSnapshot> {
  const [focusedWindowId, tabs] = await Promise.all([readFocusedWindow(), browser.tabs.query({ active: true })]);
  return {
    focusedWindowId,
    activeTabs: tabs.flatMap((tab) =>
      tab.id === undefined ? [] : [{ windowId: tab.windowId, tabId: tab.id, url: tab.url }],
    ),
    ...(idle ? { idle } : {}),
  };
}

/** The window that has OS focus now, or WINDOW_ID_NONE. */
export async function readFocusedWindow(): Promise<number> {
  const focused = await browser.windows.getLastFocused().catch(() => undefined);
  return focused?.focused && focused.id !== undefined ? focused.id : WINDOW_ID_NONE;
}

/** A tab's URL if the extension may see it, else undefined. */
export async function readTabUrl(tabId: number): Promise<string | undefined> {
  try {
    return (await browser.tabs.get(tabId)).url;
  } catch {
    return undefined; // the tab closed in the meantime
  }
}
