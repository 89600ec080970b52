import type { MessageHandlers } from "../messages/protocol";
import type { HandlerContext } from "./handlers/context";
import { dataHandlers } from "./handlers/data";
import { protectedSharingHandlers } from "./handlers/protected-sharing";
import { reportHandlers } from "./handlers/reports";
import { settingsHandlers } from "./handlers/settings";
import { taggingHandlers } from "./handlers/tagging";
import { trackingHandlers } from "./handlers/tracking";

/** The background's message handlers, one group per area. */
export function backgroundMessageHandlers(context: HandlerContext): MessageHandlers {
  return {
    ...trackingHandlers(context),
    ...taggingHandlers(context),
    ...reportHandlers(context),
    ...settingsHandlers(context),
    ...dataHandlers(context),
    ...protectedSharingHandlers(context),
  };
}
