/** Whether an IndexedDB failure means the disk or the browser's quota is full (Dexie wraps the cause in `inner`). */
export function isQuotaError(error: unknown): boolean {
  const name = error instanceof Error ? error.name : "";
  const inner = (error as { inner?: { name?: string } } | null)?.inner?.name ?? "";
  return name === "QuotaExceededError" || inner === "QuotaExceededError";
}
