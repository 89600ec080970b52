import { browser } from "wxt/browser";
import {
  COUNTING_MESSAGE,
  FOCUS_FOLLOW_MS,
  FOCUS_SETTLE_MS,
  HEARTBEAT_INTERVAL_MS,
  HEARTBEAT_KEY,
  PAGE_REPORTS_MAX,
  type PageChange,
  REPORT_RETRY_DELAYS_MS,
} from "../tracking/heartbeat";

type PageReport = PageChange;

/** What the worker answers a report with. */
interface ReportReply {
  counting: boolean;
  epoch: string;
  tabId: number;
}

/**
 * Runs in AI-tool pages. It reads nothing from the page: no DOM, no input, no text, not even
 * the URL. It knows two things, whether its document is visible and whether its window has
 * focus, and it tells the worker when either changes, stamped with the page's own time.
 *
 * The worker answers whether this page is the one being counted. Only then, and only while
 * the page stays visible and in front, it writes "this session's tab was in front at time t"
 * to extension storage, so that a browser close or crash loses at most one interval. The
 * periodic beat goes to storage instead of a message on purpose: a message every interval
 * would keep the service worker alive forever.
 *
 * A report that gets no answer (the worker was stopped while handling it) is sent again with
 * its original time, so an event lost with a dying worker is still dated right.
 */
export function startHeartbeat(): void {
  let visible = document.visibilityState === "visible";
  let focused = document.hasFocus();
  // Counted as of the worker's last word; a blur or a hide stops the beat until it speaks again.
  let counting = false;
  let session: { epoch: string; tabId: number } | null = null;
  let timer: ReturnType<typeof setInterval> | undefined;
  const outbox: PageReport[] = [];
  let sending = false;
  // The worker takes a report no later than the last one it applied for a page as a repeat,
  // so each is dated after the one before, even within one millisecond.
  let lastAt = 0;
  const queue = (report: PageReport) => {
    lastAt = Math.max(report.at, lastAt + 1);
    outbox.push({ ...report, at: lastAt });
  };

  const beat = (at = Date.now()) => {
    if (!session) return;
    const { epoch, tabId } = session;
    browser.storage.local.set({ [HEARTBEAT_KEY]: { epoch, tabId, at } }).catch(() => {});
  };
  const follow = () => {
    const beating = counting && visible;
    if (beating && timer === undefined) {
      beat();
      timer = setInterval(beat, HEARTBEAT_INTERVAL_MS);
    } else if (!beating && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };

  /** One try: the answer, null for no answer (send again), or "refused" (sending again would not help). */
  const deliver = async (reports: PageReport[]): Promise<ReportReply | null | "refused"> => {
    try {
      const reply = (await browser.runtime.sendMessage({ name: "reportPage", request: { reports } })) as
        | { ok?: boolean; value?: Partial<ReportReply> }
        | undefined;
      const value = reply?.value;
      if (reply?.ok && typeof value?.counting === "boolean" && typeof value.epoch === "string") {
        return { counting: value.counting, epoch: value.epoch, tabId: Number(value.tabId) };
      }
      return reply?.ok === false ? "refused" : null;
    } catch {
      // No answer: the worker stopped while handling it, or is starting.
      return null;
    }
  };
  // Every change not yet answered goes in each try, oldest first, so the worker applies them
  // together, in order, before any browser event that comes after.
  const send = async () => {
    if (sending) return;
    sending = true;
    try {
      while (outbox.length > 0) {
        let reply: ReportReply | null = null;
        let sent: PageReport[] = [];
        for (const delay of [0, ...REPORT_RETRY_DELAYS_MS]) {
          if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
          sent = outbox.slice();
          const answer = await deliver(sent);
          if (answer === "refused") break;
          if (answer) {
            reply = answer;
            break;
          }
        }
        // Answered, refused or given up: these are done; changes queued meanwhile go next.
        const done = new Set(sent);
        outbox.splice(0, outbox.length, ...outbox.filter((report) => !done.has(report)));
        if (!reply) continue;
        session = Number.isInteger(reply.tabId) && reply.epoch ? { epoch: reply.epoch, tabId: reply.tabId } : null;
        // An answer to older changes must not restart a beat that a newer change stopped.
        if (outbox.length === 0) counting = reply.counting;
        follow();
      }
    } finally {
      sending = false;
    }
  };
  // Shown but not yet focused: the time it turned visible, until its focus follows (or not).
  let shownAt: number | null = null;
  let focusWait: ReturnType<typeof setTimeout> | undefined;
  // A focus gain waiting to hold: when it came.
  let gainedAt: number | null = null;
  let gainWait: ReturnType<typeof setTimeout> | undefined;
  /** Queues the waiting focus gain, which held: dated when it came. */
  const queueGain = () => {
    if (gainedAt === null) return;
    const gained = gainedAt;
    gainedAt = null;
    clearTimeout(gainWait);
    queue({ visible: true, focused: true, at: gained });
  };
  const report = (at: number) => {
    // A later change: the gain held until then, and goes first.
    queueGain();
    if (shownAt !== null) {
      // This change comes after the one waiting for its focus: that one goes first.
      const waited = shownAt;
      shownAt = null;
      clearTimeout(focusWait);
      queue({ visible: true, focused, at: waited });
    }
    queue({ visible, focused, at });
    // Only real changes are queued, so this bound is never reached by an honest page.
    if (outbox.length > PAGE_REPORTS_MAX) outbox.splice(0, outbox.length - PAGE_REPORTS_MAX);
    void send();
  };

  const waitForFocus = (at: number) => {
    shownAt = at;
    focusWait = setTimeout(() => {
      if (shownAt === null) return;
      const waited = shownAt;
      shownAt = null;
      report(waited);
    }, FOCUS_FOLLOW_MS);
  };

  const changed = (event: Event) => {
    // Synthetic events from the page's own scripts say nothing about the page.
    if (!event.isTrusted) return;
    const at = Date.now();
    const nowVisible = document.visibilityState === "visible";
    const nowFocused = document.hasFocus();
    if (nowVisible === visible && nowFocused === focused) return;
    if (!visible && !nowVisible) {
      // The focus of a hidden page counts for nothing; a tab being shown gets its focus just
      // before it turns visible, and that report would say "hidden" after the fact.
      focused = nowFocused;
      return;
    }
    if (gainedAt !== null && visible && nowVisible && !nowFocused) {
      // The gain did not hold: nothing changed since the last report.
      gainedAt = null;
      clearTimeout(gainWait);
      focused = false;
      return;
    }
    if (visible && nowVisible && !focused && nowFocused && shownAt === null) {
      focused = true;
      gainedAt = at;
      gainWait = setTimeout(() => {
        if (gainedAt === null) return;
        queueGain();
        void send();
      }, FOCUS_SETTLE_MS);
      return;
    }
    const leaving = (visible && !nowVisible) || (focused && !nowFocused);
    const becameVisible = !visible && nowVisible;
    visible = nowVisible;
    focused = nowFocused;
    if (leaving) {
      // The last moment this page was surely in front; the worker decides whether it still is.
      // Also when its report of coming in front has no answer yet: the worker that counted it
      // may have died before answering, and the next one needs to know when it ended.
      if (timer !== undefined || outbox.some((change) => change.visible && change.focused)) beat(at);
      counting = false;
    }
    follow();
    if (visible && shownAt !== null && focused) {
      // The focus that follows turning visible: one change, dated when it became visible.
      const waited = shownAt;
      shownAt = null;
      clearTimeout(focusWait);
      report(waited);
      return;
    }
    if (visible && !focused && shownAt === null && becameVisible) {
      waitForFocus(at);
      return;
    }
    if (visible) {
      report(at);
      return;
    }
    // A document being navigated away from also turns hidden; a timer never runs after
    // unload, so only a page that stays around (e.g. a minimized window) reports hidden.
    setTimeout(() => {
      if (document.visibilityState !== "visible") report(at);
    }, 0);
  };

  document.addEventListener("visibilitychange", changed);
  globalThis.addEventListener("focus", changed);
  globalThis.addEventListener("blur", changed);
  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    if (sender.id !== browser.runtime.id || sender.tab !== undefined) return;
    // Checked by hand: this script stays a few lines, without a validation library.
    const { name, counting: counted } = (message ?? {}) as { name?: unknown; counting?: unknown };
    if (name !== COUNTING_MESSAGE || typeof counted !== "boolean") return;
    counting = counted && visible;
    follow();
  });
  // The first report says the page is here, and asks whether it is counted. It is dated when
  // the page appeared, not when this script got to run, which a busy browser can delay.
  const appeared = appearedAt(Date.now());
  if (visible && !focused) waitForFocus(appeared);
  else report(appeared);
}

/**
 * When this document appeared in its tab: when its response arrived, which is when the browser
 * commits it, or when a page loaded in advance was shown. Never later than now.
 */
function appearedAt(now: number): number {
  const [entry] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
  if (!entry || !(entry.responseStart > 0)) return now;
  const shown = (entry as PerformanceNavigationTiming & { activationStart?: number }).activationStart ?? 0;
  const at = Math.round(performance.timeOrigin + Math.max(entry.responseStart, shown));
  return Number.isFinite(at) ? Math.min(at, now) : now;
}
