import { describe, expect, it } from "vitest";
import { CATALOG } from "../../../lib/catalog/catalog";
import { customToolFromDraft } from "../../../lib/settings/custom-tool";

describe("customToolFromDraft", () => {
  it.each<[string, { name: string; host: string; pathPrefix: string }, string | string[]]>([
    ["a host", { name: "Intranet AI", host: "ai.intranet.example", pathPrefix: "" }, "custom-ai-intranet-example"],
    [
      "a host typed as a URL",
      { name: "Wiki AI", host: "https://Wiki.Example.com/ask", pathPrefix: "" },
      "custom-wiki-example-com",
    ],
    [
      "a path prefix",
      { name: "Portal AI", host: "portal.example.com", pathPrefix: "/ai/" },
      "custom-portal-example-com-ai",
    ],
    ["no name", { name: " ", host: "ai.example.com", pathPrefix: "" }, ["name"]],
    ["no host", { name: "X", host: "", pathPrefix: "" }, ["host"]],
    ["a host without a dot", { name: "X", host: "localhost", pathPrefix: "" }, ["host"]],
    ["a broken URL", { name: "X", host: "https://", pathPrefix: "" }, ["host"]],
    ["a path without a slash", { name: "X", host: "ai.example.com", pathPrefix: "chat" }, ["pathPrefix"]],
    ["a catalog host", { name: "Mine", host: "chatgpt.com", pathPrefix: "" }, ["host"]],
  ])("%s", (_name, draft, expected) => {
    const result = customToolFromDraft(draft, CATALOG);
    if (typeof expected === "string") expect(result).toMatchObject({ ok: true, tool: { id: expected } });
    else expect(result.ok ? [] : Object.keys(result.errors).sort()).toEqual(expected);
  });

  it("refuses the same tool twice", () => {
    const first = customToolFromDraft({ name: "A", host: "ai.example.com", pathPrefix: "" }, []);
    if (!first.ok) throw new Error("first should be valid");
    const again = customToolFromDraft({ name: "B", host: "ai.example.com", pathPrefix: "" }, [first.tool]);
    expect(again).toMatchObject({ ok: false, errors: { host: "errorToolTaken" } });
  });
});
