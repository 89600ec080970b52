import { userText } from "../messages/user-text";
import { type CustomTool, customToolSchema } from "./settings";

/** What a person types to add a tool of their own. */
export interface CustomToolDraft {
  name: string;
  host: string;
  pathPrefix: string;
}

/**
 * Turns the add-a-tool form into a custom tool, or says what is wrong with each field. A
 * host may be typed as a URL; only its host name is kept. The id is derived from the host
 * and path, so adding the same tool twice is caught.
 */
export function customToolFromDraft(
  draft: CustomToolDraft,
  existing: readonly { id: string; hosts: readonly string[] }[],
): { ok: true; tool: CustomTool } | { ok: false; errors: Partial<Record<keyof CustomToolDraft, string>> } {
  const errors: Partial<Record<keyof CustomToolDraft, string>> = {};
  let host = draft.host.trim().toLowerCase();
  try {
    if (host.includes("://")) host = new URL(host).hostname;
  } catch {
    errors.host = userText("errorHostName");
  }
  host = host.replace(/\.$/, "");
  const path = draft.pathPrefix.trim().replace(/\/+$/, "");
  const slug = `${host}${path}`
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 40);
  const candidate = {
    id: `custom-${slug || "tool"}`,
    name: draft.name.trim(),
    hosts: [host],
    ...(path ? { pathPrefix: path } : {}),
  };
  const parsed = customToolSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (field === "name") errors.name ??= userText("errorToolName");
      else if (field === "pathPrefix") errors.pathPrefix ??= userText("errorPathPrefix");
      else errors.host ??= userText("errorHostName");
    }
  }
  const taken = existing.some((tool) => tool.id === candidate.id || (!path && tool.hosts.includes(host)));
  if (taken) errors.host ??= userText("errorToolTaken");
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, tool: parsed.data };
}
