import { CATALOG, type Tool } from "../catalog/catalog";
import type { Settings } from "./settings";

// Kept apart from the settings schema so pages can use it without loading the validator.

/** Catalog ids approved when nobody chose: the whole catalog. */
export const DEFAULT_APPROVED_TOOL_IDS: readonly string[] = CATALOG.map((tool) => tool.id);

/** The tools being tracked under these settings: approved catalog entries plus custom tools. */
export function trackedTools(settings: Pick<Settings, "approvedToolIds" | "customTools">): Tool[] {
  const approved = new Set(settings.approvedToolIds ?? DEFAULT_APPROVED_TOOL_IDS);
  return [...CATALOG.filter((tool) => approved.has(tool.id)), ...settings.customTools];
}
