import { browser } from "wxt/browser";
import { HEARTBEAT_INTERVAL_MS, HEARTBEAT_KEY } from "../tracking/heartbeat";

/**
 * Runs in AI-tool pages. It reads nothing from the page: no DOM, no input, no text, not
 * even the URL. It only asks whether its document is visible and, while it is, writes
 * "this browser session was alive at time t" to extension storage, so that a browser
 * close or crash loses at most one interval of engaged time.
 *
 * It also tells the worker when the page turns hidden or visible (a minimized window),
 * once per change. The periodic beat goes to storage instead of a message on purpose: a
 * message every interval would keep the service worker alive forever.
 */
export function startHeartbeat(): void {
  let epoch: string | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;

  const beat = () => {
    if (document.visibilityState !== "visible" || epoch === undefined) return;
    browser.storage.local.set({ [HEARTBEAT_KEY]: { epoch, at: Date.now() } }).catch(stop);
  };
  const stop = () => {
    clearInterval(timer);
    timer = undefined;
  };
  const report = (visible: boolean, at: number) => {
    browser.runtime.sendMessage({ name: "reportVisibility", request: { visible, at } }).catch(stop);
  };
  const reportChange = () => {
    const at = Date.now();
    if (document.visibilityState === "visible") {
      report(true, at);
      return;
    }
    // A document being navigated away from also turns hidden; a timer never runs after
    // unload, so only a page that stays around (e.g. a minimized window) reports hidden.
    setTimeout(() => {
      if (document.visibilityState !== "visible") report(false, at);
    }, 0);
  };
  const follow = () => {
    stop();
    if (document.visibilityState !== "visible") return;
    beat();
    timer = setInterval(beat, HEARTBEAT_INTERVAL_MS);
  };

  document.addEventListener("visibilitychange", () => {
    reportChange();
    follow();
  });
  if (document.visibilityState !== "visible") reportChange();
  // The session id tells recovery which heartbeats belong to the session it is closing.
  browser.runtime.sendMessage({ name: "getHeartbeatEpoch", request: {} }).then((reply: unknown) => {
    const value = (reply as { ok?: boolean; value?: { epoch?: unknown } } | undefined)?.value;
    if (typeof value?.epoch !== "string") return;
    epoch = value.epoch;
    follow();
  }, stop);
}
