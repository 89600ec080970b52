import type { MessageHandlers } from "../../messages/protocol";
import type { HandlerContext } from "./context";

/** The person's own data: download it all, or delete it all. */
export function dataHandlers({
  tracking,
  tagging,
  now,
}: HandlerContext): Pick<MessageHandlers, "exportPersonalData" | "deleteAllData"> {
  return {
    exportPersonalData: () => tracking.exportPersonalData(now()),
    deleteAllData: async () => {
      await tracking.deleteAllData(now());
      await tracking.serialized(() => tagging.refreshBadge());
      return {};
    },
  };
}
