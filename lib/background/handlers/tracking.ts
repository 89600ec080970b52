import type { MessageHandlers } from "../../messages/protocol";
import type { HandlerContext } from "./context";

/** Status, pause and the pages' visibility reports. */
export function trackingHandlers({
  tracking,
  now,
  reportPage,
}: HandlerContext): Pick<MessageHandlers, "getStatus" | "setPaused" | "reportPage"> {
  return {
    getStatus: () => tracking.status(),
    setPaused: ({ paused }) => tracking.setPaused(paused, now()),
    reportPage({ reports }, { tabId, windowId, url }) {
      if (tabId === undefined || windowId === undefined) throw new Error("Only a tab's page reports");
      return reportPage(reports, tabId, windowId, url);
    },
  };
}
