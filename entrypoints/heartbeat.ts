import { defineUnlistedScript } from "wxt/utils/define-unlisted-script";
import { startHeartbeat } from "../lib/platform/heartbeat-writer";

// Declared in wxt.config.ts as a plain content script on the catalog's hosts. It is an
// unlisted script, not a WXT content script, so the page sees no extension wrapper, no
// messages posted to the page, and no code that reads the location.
export default defineUnlistedScript(startHeartbeat);
