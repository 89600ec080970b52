import type { Policy } from "./policy";

/** A policy value as options shows it: "tagging.minMinutes" → "5". */
export function describePolicyValue(policy: Policy, path: string): string {
  const value = path
    .split(".")
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], policy);
  if (Array.isArray(value)) {
    return value
      .map((item) =>
        typeof item === "object" && item
          ? ((item as { name?: string; label?: string }).name ?? (item as { label?: string }).label ?? "")
          : String(item),
      )
      .join(", ");
  }
  return String(value);
}
