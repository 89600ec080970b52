import type { MeterDatabase } from "../../db/database";
import type { TaggingService } from "../../tagging/service";
import type { PageChange } from "../../tracking/heartbeat";
import type { TrackingService } from "../../tracking/service";
import type { PolicyPort, StoragePort } from "../ports";

/** What the message handlers are built from. */
export interface HandlerContext {
  db: MeterDatabase;
  tracking: TrackingService;
  tagging: TaggingService;
  /** Epoch ms. */
  now(): number;
  /** The extension's version, e.g. "0.1.0". */
  version(): string;
  policy: PolicyPort;
  storage: StoragePort;
  /** Applies a page's reports, dated by the page, and says whether that tab is counted now. */
  reportPage(
    reports: readonly PageChange[],
    tabId: number,
    windowId: number,
    url?: string,
  ): Promise<{ counting: boolean; epoch: string; tabId: number }>;
}
