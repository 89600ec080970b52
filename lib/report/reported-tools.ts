import type { Policy } from "../policy/policy";
import type { Settings } from "../settings/settings";
import { trackedTools } from "../settings/tracked-tools";

/**
 * The tool ids a team report covers: the tracked tools, without those people added
 * themselves. Their ids are made from a host name, and a team report holds no hosts.
 * Catalog tools and the organization's own tools count.
 */
export function reportedToolIds(settings: Settings, policy: Policy): string[] {
  const orgTools = new Set((policy.customTools ?? []).map((tool) => tool.id));
  return trackedTools(settings)
    .map((tool) => tool.id)
    .filter((id) => !id.startsWith("custom-") || orgTools.has(id));
}
