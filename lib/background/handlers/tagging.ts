import type { MessageHandlers } from "../../messages/protocol";
import type { HandlerContext } from "./context";

/** "What was it for?": pending visits and their answers. */
export function taggingHandlers({
  tracking,
  tagging,
}: HandlerContext): Pick<MessageHandlers, "getPendingVisits" | "saveTag" | "skipTag" | "declineTagToday"> {
  // Tagging writes visits too, so it runs in the tracking service's write queue.
  const queued = tracking.serialized;
  return {
    getPendingVisits: () => queued(async () => ({ visits: await tagging.pending() })),
    saveTag: (request) => queued(() => tagging.saveTag(request)),
    skipTag: ({ visitId }) =>
      queued(async () => {
        await tagging.skip(visitId);
        return {};
      }),
    declineTagToday: ({ visitId }) =>
      queued(async () => {
        await tagging.notToday(visitId);
        return {};
      }),
  };
}
