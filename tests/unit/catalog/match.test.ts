import { describe, expect, it } from "vitest";
import { CATALOG } from "../../../lib/catalog/catalog";
import { matchTool, normalizeHost } from "../../../lib/catalog/match";

describe("matchTool", () => {
  it.each([
    // The plain cases.
    ["https://chatgpt.com/", "chatgpt"],
    ["https://chatgpt.com/c/6752-abc", "chatgpt"],
    ["https://chat.openai.com/", "chatgpt"],
    ["https://claude.ai/new", "claude"],
    ["https://gemini.google.com/app", "gemini"],
    ["https://copilot.microsoft.com/chats/1", "copilot"],
    ["https://m365.cloud.microsoft/chat", "m365-copilot"],
    ["https://www.perplexity.ai/search/x", "perplexity"],
    ["https://perplexity.ai/", "perplexity"],
    ["https://chat.mistral.ai/chat", "mistral"],
    ["https://chat.deepseek.com/", "deepseek"],
    ["https://grok.com/", "grok"],
    ["https://www.meta.ai/", "meta-ai"],
    ["https://poe.com/ChatGPT", "poe"],
    ["https://notebooklm.google.com/notebook/1", "notebooklm"],
    ["https://aistudio.google.com/prompts/new_chat", "ai-studio"],
    // Query strings and fragments do not matter.
    ["https://chatgpt.com/?model=gpt-5#top", "chatgpt"],
    ["https://claude.ai/chat/1?x=chatgpt.com", "claude"],
    // Subdomains are not implied: only the listed hosts count.
    ["https://foo.chatgpt.com/", null],
    ["https://www.chatgpt.com/", null],
    ["https://openai.com/", null],
    ["https://google.com/", null],
    ["https://mail.google.com/", null],
    ["https://microsoft.com/", null],
    // Look-alike hosts.
    ["https://chatgpt.com.evil.example/", null],
    ["https://evilchatgpt.com/", null],
    ["https://chatgpt.co/", null],
    ["https://chatgpt.com@evil.example/", null],
    ["https://evil.example/chatgpt.com", null],
    ["https://evil.example/?u=https://chatgpt.com/", null],
    ["https://xn--chatgt-5we.com/", null],
    // Path prefixes match on a segment boundary only.
    ["https://huggingface.co/chat", "huggingchat"],
    ["https://huggingface.co/chat/", "huggingchat"],
    ["https://huggingface.co/chat/conversation/42", "huggingchat"],
    ["https://huggingface.co/chat?x=1", "huggingchat"],
    ["https://huggingface.co/chatbot", null],
    ["https://huggingface.co/models", null],
    ["https://huggingface.co/", null],
    ["https://github.com/copilot", "github-copilot"],
    ["https://github.com/copilot/c/123", "github-copilot"],
    ["https://github.com/copilotx", null],
    ["https://github.com/features/copilot", null],
    ["https://github.com/org/copilot", null],
    ["https://platform.openai.com/playground/chat", "openai-playground"],
    ["https://platform.openai.com/docs", null],
    // Ports do not change who runs the host, as in browser match patterns.
    ["https://chatgpt.com:443/", "chatgpt"],
    ["https://chatgpt.com:8443/c/1", "chatgpt"],
    // Only HTTPS counts.
    ["http://chatgpt.com/", null],
    ["ws://chatgpt.com/", null],
    ["ftp://chatgpt.com/", null],
    // Browser-internal and local schemes.
    ["file:///home/me/chatgpt.com.html", null],
    ["chrome://extensions/", null],
    ["chrome-extension://abcdefghijklmnopabcdefghijklmnop/popup.html", null],
    ["about:blank", null],
    ["view-source:https://chatgpt.com/", null],
    ["data:text/html,chatgpt.com", null],
    ["blob:https://chatgpt.com/550e8400-e29b-41d4-a716-446655440000", null],
    // Case and trailing dot are normalised.
    ["https://CHATGPT.COM/", "chatgpt"],
    ["https://ChatGPT.com/C/1", "chatgpt"],
    ["https://chatgpt.com./", "chatgpt"],
    ["https://HuggingFace.co./chat/x", "huggingchat"],
    // Not URLs at all.
    ["", null],
    ["chatgpt.com", null],
    ["not a url", null],
    ["https://", null],
    // Addresses instead of names.
    ["https://127.0.0.1/", null],
    ["https://[::1]/", null],
  ] as const)("%s → %s", (url, expected) => {
    expect(matchTool(url, CATALOG)?.id ?? null).toBe(expected);
  });

  it("returns nothing for undefined and null", () => {
    expect(matchTool(undefined, CATALOG)).toBeNull();
    expect(matchTool(null, CATALOG)).toBeNull();
  });

  it("only matches the tools it is given", () => {
    const claudeOnly = CATALOG.filter((tool) => tool.id === "claude");
    expect(matchTool("https://chatgpt.com/", claudeOnly)).toBeNull();
    expect(matchTool("https://claude.ai/", claudeOnly)?.id).toBe("claude");
  });

  it("matches a custom tool with a path prefix that ends in a slash", () => {
    const custom = [{ id: "custom-wiki", name: "Wiki AI", hosts: ["intranet.example"], pathPrefix: "/ai/" }];
    expect(matchTool("https://intranet.example/ai", custom)?.id).toBe("custom-wiki");
    expect(matchTool("https://intranet.example/ai/x", custom)?.id).toBe("custom-wiki");
    expect(matchTool("https://intranet.example/aid", custom)).toBeNull();
  });
});

describe("normalizeHost", () => {
  it.each([
    ["ChatGPT.com", "chatgpt.com"],
    ["chatgpt.com.", "chatgpt.com"],
    ["chatgpt.com", "chatgpt.com"],
  ])("%s → %s", (input, expected) => {
    expect(normalizeHost(input)).toBe(expected);
  });
});
