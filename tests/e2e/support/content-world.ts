import type { CDPSession, Page } from "@playwright/test";
import type { Meter } from "./meter";
import { EXTENSION_ID } from "./paths";

/** One JavaScript world of a page: the page's own, or the isolated world of the extension's content script. */
export interface PageWorld {
  /** Evaluates an expression there (promises awaited) and returns its value as JSON. */
  evaluate<T>(expression: string): Promise<T>;
  detach(): Promise<void>;
}

interface ContextDescription {
  id: number;
  origin: string;
  name: string;
  auxData?: { isDefault?: boolean; type?: string; frameId?: string };
}

/**
 * The world the extension's content script runs in on `page`: code evaluated there is the
 * content script's own, with its `chrome.storage` and `chrome.runtime`. This is where code
 * running in an AI page's content-script world (the threat docs/privacy.md names) acts.
 */
export function contentScriptWorld(meter: Meter, page: Page): Promise<PageWorld> {
  return pageWorld(
    meter,
    page,
    (c) => c.auxData?.type === "isolated" && c.origin === `chrome-extension://${EXTENSION_ID}`,
    "the extension's content-script world",
  );
}

/** The page's own main world, as the page's scripts see it. */
export function mainWorld(meter: Meter, page: Page): Promise<PageWorld> {
  return pageWorld(meter, page, (c) => c.auxData?.isDefault === true, "the page's main world");
}

async function pageWorld(
  meter: Meter,
  page: Page,
  matches: (context: ContextDescription) => boolean,
  what: string,
): Promise<PageWorld> {
  const cdp: CDPSession = await meter.session.context.newCDPSession(page);
  const { frameTree } = await cdp.send("Page.getFrameTree");
  const mainFrame = frameTree.frame.id;
  const contexts: ContextDescription[] = [];
  cdp.on("Runtime.executionContextCreated", ({ context }) => contexts.push(context as ContextDescription));
  // Enabling reports every existing context at once.
  await cdp.send("Runtime.enable");
  const deadline = Date.now() + 10_000;
  let found: ContextDescription | undefined;
  while (!found) {
    found = contexts.filter((c) => c.auxData?.frameId === mainFrame).findLast(matches);
    if (found) break;
    if (Date.now() > deadline) throw new Error(`No ${what} on ${page.url()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const contextId = found.id;
  return {
    async evaluate<T>(expression: string): Promise<T> {
      const reply = await cdp.send("Runtime.evaluate", {
        expression,
        contextId,
        awaitPromise: true,
        returnByValue: true,
      });
      if (reply.exceptionDetails) {
        throw new Error(
          `In ${what}: ${reply.exceptionDetails.exception?.description ?? reply.exceptionDetails.text ?? "failed"}`,
        );
      }
      return reply.result.value as T;
    },
    detach: () => cdp.detach().catch(() => {}),
  };
}
