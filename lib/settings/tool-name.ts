import { catalogTool } from "../catalog/catalog";
import type { Settings } from "./settings";

/** A tool's display name, for catalog and custom tools alike. */
export function trackedToolName(toolId: string, settings: Settings): string {
  return catalogTool(toolId)?.name ?? settings.customTools.find((tool) => tool.id === toolId)?.name ?? toolId;
}
