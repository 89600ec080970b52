import { describe, expect, it } from "vitest";
import { CATALOG, catalogTool, heartbeatMatchPatterns, hostMatchPatterns } from "../../../lib/catalog/catalog";

describe("the catalog", () => {
  it("has at least 15 tools with unique ids", () => {
    expect(CATALOG.length).toBeGreaterThanOrEqual(15);
    expect(new Set(CATALOG.map((tool) => tool.id)).size).toBe(CATALOG.length);
  });

  it.each([
    "chatgpt",
    "claude",
    "gemini",
    "copilot",
    "m365-copilot",
    "perplexity",
    "mistral",
    "deepseek",
    "grok",
    "meta-ai",
    "poe",
    "notebooklm",
    "ai-studio",
    "huggingchat",
    "github-copilot",
  ])("includes %s", (id) => {
    expect(catalogTool(id)).toBeDefined();
  });

  it.each(CATALOG.map((tool) => [tool.id, tool] as const))("%s is well formed", (_id, tool) => {
    expect(tool.id).toMatch(/^[a-z0-9-]+$/);
    expect(tool.name.trim()).not.toBe("");
    expect(tool.hosts.length).toBeGreaterThan(0);
    for (const host of tool.hosts) {
      expect(host).toBe(host.toLowerCase());
      expect(host).not.toContain("*");
      expect(host).not.toMatch(/[/:]/);
    }
    if (tool.pathPrefix !== undefined) expect(tool.pathPrefix).toMatch(/^\/[^/]/);
  });

  it("asks for HTTPS access to exactly the catalog hosts", () => {
    const patterns = hostMatchPatterns(CATALOG);
    expect(patterns).toContain("https://chatgpt.com/*");
    expect(patterns).toContain("https://github.com/*");
    expect(patterns.every((pattern) => /^https:\/\/[a-z0-9.-]+\/\*$/.test(pattern))).toBe(true);
    expect(patterns.length).toBe(new Set(CATALOG.flatMap((tool) => tool.hosts)).size);
  });

  it("runs the heartbeat only under a tool's path prefix", () => {
    const patterns = heartbeatMatchPatterns(CATALOG);
    expect(patterns).toContain("https://github.com/copilot*");
    expect(patterns).toContain("https://huggingface.co/chat*");
    expect(patterns).not.toContain("https://github.com/*");
    expect(patterns).toContain("https://chatgpt.com/*");
  });
});
