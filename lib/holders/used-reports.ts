import { z } from "zod";
import type { HolderDatabase, HolderRole } from "../db/holder-database";
import type { LedgerEntry } from "../sharing/custodian";
import { ISO_WEEK_PATTERN, type IsoWeek } from "../time/iso-week";

/**
 * Report ids stay used up across a change of the team's setting (issue 13). Report ids are
 * HMAC(device secret, week), the same under any team setting, and each report counts in exactly one
 * released batch, ever: if starting over forgot them, the same person-weeks could go into a batch
 * under the new setting, and the difference with the earlier setting's figures would isolate
 * whoever was left out. So the custodian keeps the report ids it batched (its ledger), and the lead
 * the ids it saw in requests, when the holder's state is replaced.
 */

const reportId = z.string().regex(/^[0-9a-f]{64}$/);
const ledgerEntrySchema = z.object({
  reportId,
  week: z.string().regex(ISO_WEEK_PATTERN),
  sender: z.string().min(1).max(200),
  batchId: z.string().min(1).max(100),
});

/** What a holder's stored row carries over from earlier team settings. */
interface Carried {
  readonly ledger: LedgerEntry[];
  readonly seenReportIds: string[];
}

/** The used report ids in a stored row: those carried before and those of the state in it, checked one by one. */
async function usedIn(db: HolderDatabase, role: HolderRole): Promise<Carried> {
  const value = (await db.states.get(role))?.value as
    | { carried?: { ledger?: unknown; seenReportIds?: unknown }; state?: { ledger?: unknown; seenReportIds?: unknown } }
    | undefined;
  const entries = [value?.carried?.ledger, value?.state?.ledger].flatMap((list) => (Array.isArray(list) ? list : []));
  const ledger = new Map<string, LedgerEntry>();
  for (const entry of entries) {
    const parsed = ledgerEntrySchema.safeParse(entry);
    if (parsed.success && !ledger.has(parsed.data.reportId)) {
      ledger.set(parsed.data.reportId, { ...parsed.data, week: parsed.data.week as IsoWeek });
    }
  }
  const ids = [value?.carried?.seenReportIds, value?.state?.seenReportIds].flatMap((list) =>
    Array.isArray(list) ? list.filter((id) => reportId.safeParse(id).success) : [],
  );
  return { ledger: [...ledger.values()], seenReportIds: [...new Set(ids as string[])] };
}

/** The custodian's batched reports of earlier team settings, to seed a new state's ledger. */
export async function usedLedger(db: HolderDatabase): Promise<LedgerEntry[]> {
  return (await usedIn(db, "custodian")).ledger;
}

/** The report ids the lead saw under earlier team settings, to seed a new state. */
export async function usedReportIds(db: HolderDatabase): Promise<string[]> {
  return (await usedIn(db, "lead")).seenReportIds;
}

/** Starts a holder over: its state goes, the report ids it used stay. */
export async function startOver(db: HolderDatabase, role: HolderRole): Promise<void> {
  const carried = await usedIn(db, role);
  if (carried.ledger.length === 0 && carried.seenReportIds.length === 0) await db.states.delete(role);
  else await db.states.put({ role, value: { carried } });
}
