/**
 * The built-in catalog of AI tools the extension can recognise.
 *
 * Every host listed here becomes a `host_permissions` entry in the manifest, so the
 * list is also the extension's privilege boundary: adding a host widens what the
 * extension can see. Hosts are exact (no wildcards) for the same reason.
 */

/** One AI tool: a stable id (used in every stored record and export), a display name, where it lives. */
export interface Tool {
  /** Stable, lowercase id; it is what gets stored and exported, never the URL. */
  readonly id: string;
  /** Name shown to people. */
  readonly name: string;
  /** Exact lowercase hostnames; subdomains are not implied. */
  readonly hosts: readonly string[];
  /** Optional path prefix, matched on a segment boundary ("/chat" matches "/chat/x", not "/chatter"). */
  readonly pathPrefix?: string;
}

/** The catalog, in display order. Ids are a public contract: never rename one. */
export const CATALOG: readonly Tool[] = [
  { id: "chatgpt", name: "ChatGPT", hosts: ["chatgpt.com", "chat.openai.com"] },
  { id: "claude", name: "Claude", hosts: ["claude.ai"] },
  { id: "gemini", name: "Gemini", hosts: ["gemini.google.com"] },
  { id: "copilot", name: "Microsoft Copilot", hosts: ["copilot.microsoft.com"] },
  {
    id: "m365-copilot",
    name: "Microsoft 365 Copilot",
    hosts: ["m365.cloud.microsoft", "copilot.cloud.microsoft"],
  },
  { id: "perplexity", name: "Perplexity", hosts: ["www.perplexity.ai", "perplexity.ai"] },
  { id: "mistral", name: "Mistral Le Chat", hosts: ["chat.mistral.ai"] },
  { id: "deepseek", name: "DeepSeek", hosts: ["chat.deepseek.com"] },
  { id: "grok", name: "Grok", hosts: ["grok.com"] },
  { id: "meta-ai", name: "Meta AI", hosts: ["www.meta.ai", "meta.ai"] },
  { id: "poe", name: "Poe", hosts: ["poe.com"] },
  { id: "notebooklm", name: "NotebookLM", hosts: ["notebooklm.google.com"] },
  { id: "ai-studio", name: "Google AI Studio", hosts: ["aistudio.google.com"] },
  { id: "huggingchat", name: "HuggingChat", hosts: ["huggingface.co"], pathPrefix: "/chat" },
  { id: "github-copilot", name: "GitHub Copilot chat", hosts: ["github.com"], pathPrefix: "/copilot" },
  { id: "qwen", name: "Qwen Chat", hosts: ["chat.qwen.ai"] },
  { id: "kimi", name: "Kimi", hosts: ["www.kimi.com", "kimi.com"] },
  {
    id: "openai-playground",
    name: "OpenAI Playground",
    hosts: ["platform.openai.com"],
    pathPrefix: "/playground",
  },
];

/** Looks up a catalog tool by id. */
export function catalogTool(id: string): Tool | undefined {
  return CATALOG.find((tool) => tool.id === id);
}

/** Every distinct host of the given tools, sorted: the manifest's host permissions come from this. */
export function toolHosts(tools: readonly Tool[]): string[] {
  return [...new Set(tools.flatMap((tool) => tool.hosts))].sort();
}

/** Match patterns (`https://host/*`) granting access to exactly the given tools' hosts. */
export function hostMatchPatterns(tools: readonly Tool[]): string[] {
  return toolHosts(tools).map((host) => `https://${host}/*`);
}

/**
 * Where the heartbeat script runs: each tool's hosts, narrowed to its path prefix where it
 * has one, so that browsing the rest of github.com or huggingface.co writes nothing.
 */
export function heartbeatMatchPatterns(tools: readonly Tool[]): string[] {
  const patterns = tools.flatMap((tool) =>
    tool.hosts.map((host) => (tool.pathPrefix ? `https://${host}${tool.pathPrefix}*` : `https://${host}/*`)),
  );
  return [...new Set(patterns)].sort();
}
