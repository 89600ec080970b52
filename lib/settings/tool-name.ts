import { catalogTool } from "../catalog/catalog";
import type { Settings } from "./settings";

/**
 * A tool's display name, the same on every page: the catalog's name, else the name of a
 * custom tool in the settings in force (the organization's policy tools come first there, and
 * a person's tool with the same id is dropped, see `applyPolicy`), else the id itself.
 * Custom ids always start with "custom-", so they never shadow a catalog tool.
 */
export function toolName(toolId: string, settings: Pick<Settings, "customTools"> | null | undefined): string {
  return catalogTool(toolId)?.name ?? settings?.customTools.find((tool) => tool.id === toolId)?.name ?? toolId;
}
