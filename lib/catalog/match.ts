import type { Tool } from "./catalog";

/**
 * Maps a URL to the tool it belongs to, or null.
 *
 * Only `https:` counts: every catalog tool is served over HTTPS and the extension's host
 * permissions cover HTTPS only, so an `http:` URL is never a tool. Ports are ignored, as in
 * browser match patterns: the host, not the port, says who runs the site.
 */
export function matchTool(url: string | undefined | null, tools: readonly Tool[]): Tool | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== "https:") return null;
  const host = normalizeHost(parsed.hostname);
  for (const tool of tools) {
    if (!tool.hosts.includes(host)) continue;
    if (tool.pathPrefix === undefined || onPathBoundary(parsed.pathname, tool.pathPrefix)) return tool;
  }
  return null;
}

/** Lowercases a hostname and drops one trailing dot ("ChatGPT.com." is "chatgpt.com"). */
export function normalizeHost(hostname: string): string {
  const lower = hostname.toLowerCase();
  return lower.endsWith(".") ? lower.slice(0, -1) : lower;
}

function onPathBoundary(pathname: string, prefix: string): boolean {
  const base = prefix.endsWith("/") ? prefix.slice(0, -1) : prefix;
  return pathname === base || pathname.startsWith(`${base}/`);
}
