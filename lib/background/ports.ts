import type { FiguresKeeper } from "../stats/kept-figures";
import type { MeterDatabase } from "../db/database";
import type { MessageKey } from "../messages/message-key";
import type { ParsedPolicy, Policy, PolicyValues } from "../policy/policy";
import type { CustomTool, Settings } from "../settings/settings";
import type { BrowserSnapshot, EngagementEvent, IdleState } from "../tracking/engagement";
import type { Heartbeat, LostEvents } from "../tracking/service";
import type { TabChange, UpdatedTab } from "../tracking/tab-updated";

/** Where idle states come from: the browser, or (in the test build only) a test hook. */
export interface IdleSource {
  /** Current state, read at startup and when settings change. */
  query(thresholdSec: number): Promise<IdleState>;
  /** Subscribes the one idle handler. */
  listen(handler: (state: IdleState) => void): void;
}

/** The browser events the background answers, each called as the browser fires it. */
export interface BrowserEvents {
  tabActivated(tabId: number, windowId: number): void;
  tabUpdated(tabId: number, change: TabChange, tab: UpdatedTab): void;
  tabRemoved(tabId: number, windowId: number): void;
  windowRemoved(windowId: number): void;
  windowFocusChanged(windowId: number): void;
  /** The tick alarm fired. */
  tickAlarm(): void;
  /** A host permission was granted or withdrawn. */
  hostsChanged(): void;
  notificationClicked(id: string): void;
}

/** What the background asks of the browser; lib/platform implements it over `browser.*`. */
export interface BrowserPort {
  /** Registers every listener of `events`, synchronously (MV3 delivers the waking event only to those). */
  listen(events: BrowserEvents): void;
  /** Which window has focus and each window's active tab, with the idle state given. */
  snapshot(idle: IdleState): Promise<BrowserSnapshot>;
  /** The window that has OS focus now, or WINDOW_ID_NONE. */
  focusedWindow(): Promise<number>;
  /** A tab's URL if the extension may see it, else undefined. */
  tabUrl(tabId: number): Promise<string | undefined>;
  /** Starts (once) or stops the tick alarm. */
  setTickAlarm(on: boolean): Promise<void>;
  /** The idle threshold, in seconds. */
  setIdleInterval(seconds: number): void;
  /** Runs the heartbeat in the granted custom tools' pages. */
  registerCustomHeartbeats(tools: readonly CustomTool[]): Promise<void>;
  /** Tells one tab's heartbeat whether it is counted; a tab without one cannot be told. */
  tellTab(tabId: number, counting: boolean): Promise<void>;
  setBadge(text: string, color: string): Promise<void>;
  showNotification(id: string, content: { title: string; message: string }): Promise<void>;
  clearNotification(id: string): Promise<void>;
  /** Opens the tag form for one visit in a small window. */
  openTagWindow(visitId: number): Promise<void>;
  /** A user-facing string in the browser's language. */
  message(key: MessageKey, substitutions?: string | string[]): string;
  /** The extension's version, e.g. "0.1.0". */
  version(): string;
}

/** The organization's policy as last delivered by the browser, and whether it ever was. */
export interface ManagedPolicyReading extends ParsedPolicy {
  /** False before the browser's first answer on this device: the policy is then empty for now. */
  known: boolean;
}

/** The managed policy, read from the copy the browser last delivered, and its changes. */
export interface PolicyPort {
  read(): Promise<ManagedPolicyReading>;
  /** Asks the browser again; true when the policy changed or answered for the first time. */
  refresh(): Promise<boolean>;
  /** Calls back when the policy changes while the browser runs. */
  watch(onChange: () => void, onError: (error: unknown) => void): void;
  /** Tells the extension's pages that a changed policy is in effect (epoch ms). */
  announceApplied(at: number): Promise<void>;
  /** The settings in effect, which ones the policy locks, and the policy. */
  effectiveSettings(): Promise<{ settings: Settings; locked: (keyof Settings)[]; policy: Policy }>;
  /** The non-settings values in force (task list, team label, export rules…). */
  values(): Promise<PolicyValues>;
}

/** Storage outside the database: the heartbeat, the browser-session id, the device secret. */
export interface StoragePort {
  readHeartbeat(): Promise<Heartbeat | null>;
  readSessionEpoch(): Promise<string | null>;
  writeSessionEpoch(epoch: string): Promise<void>;
  /** Moves what earlier versions kept in extension storage into the database. */
  moveOutOfExtensionStorage(): Promise<void>;
  deviceSecret(): Promise<Uint8Array>;
  /**
   * Notes a window focus change as received, before it is handled; returns what to call once
   * it is. A worker that dies handling it leaves the note for the next one.
   */
  noteInFlight(note: { type: "windowFocusChanged"; at: number; windowId: number }): () => void;
  /** The notes left by workers that began before `before` (epoch ms). */
  takeInFlight(before: number): Promise<LostEvents>;
}

/** Everything the background is built from. */
export interface BackgroundDeps {
  db: MeterDatabase;
  /** Epoch ms. */
  now(): number;
  /** A new browser-session id. */
  newEpoch(): string;
  idle: IdleSource;
  browserPort: BrowserPort;
  policy: PolicyPort;
  storage: StoragePort;
  /**
   * Issue 16: keeps the popup's copy of its first rows no older than the database; every write
   * that can change a figure goes through it. Without it, the popup reads the database.
   */
  figures?: FiguresKeeper;
  /** Test build only: each event and when it became durable (epoch ms). */
  observe?: (event: EngagementEvent, durableAt: number) => void;
}
