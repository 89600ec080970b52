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
  const report = () => {
    const visible = document.visibilityState === "visible";
    browser.runtime.sendMessage({ name: "reportVisibility", request: { visible, at: Date.now() } }).catch(stop);
  };
  const follow = () => {
    stop();
    if (document.visibilityState !== "visible") return;
    beat();
    timer = setInterval(beat, HEARTBEAT_INTERVAL_MS);
  };

  document.addEventListener("visibilitychange", () => {
    report();
    follow();
  });
  if (document.visibilityState !== "visible") report();
  // The session id tells recovery which heartbeats belong to the session it is closing.
  browser.runtime.sendMessage({ name: "getHeartbeatEpoch", request: {} }).then((reply: unknown) => {
    const value = (reply as { ok?: boolean; value?: { epoch?: unknown } } | undefined)?.value;
    if (typeof value?.epoch !== "string") return;
    epoch = value.epoch;
    follow();
  }, stop);
}
