/** Names along an IndexedDB failure's chain of causes: Dexie wraps the browser's error in `inner`. */
export function errorNames(error: unknown): string[] {
  const names: string[] = [];
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 4; depth++) {
    const { name, inner } = e as { name?: unknown; inner?: unknown };
    if (typeof name === "string") names.push(name);
    e = inner;
  }
  return names;
}

/** Whether an IndexedDB failure means the disk or the browser's quota is full. */
export function isQuotaError(error: unknown): boolean {
  return errorNames(error).includes("QuotaExceededError");
}
