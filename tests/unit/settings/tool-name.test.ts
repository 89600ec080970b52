import { describe, expect, it } from "vitest";
import { applyPolicy, parsePolicy } from "../../../lib/policy/policy";
import { DEFAULT_SETTINGS, type Settings } from "../../../lib/settings/settings";
import { toolName } from "../../../lib/settings/tool-name";

const orgTool = { id: "custom-helper", name: "Helper (IT)", hosts: ["helper.corp.example"] };
const ownTool = { id: "custom-notes", name: "My notes AI", hosts: ["notes.example.com"] };
const sameIdOwn = { id: "custom-helper", name: "My helper", hosts: ["helper.corp.example"] };

function inForce(user: Partial<Settings>, policy: unknown): Settings {
  return applyPolicy({ ...DEFAULT_SETTINGS, ...user }, parsePolicy(policy).policy);
}

describe("toolName", () => {
  it.each([
    ["a catalog tool", "chatgpt", inForce({}, undefined), "ChatGPT"],
    ["a tool defined only by policy", "custom-helper", inForce({}, { customTools: [orgTool] }), "Helper (IT)"],
    ["the person's own tool", "custom-notes", inForce({ customTools: [ownTool] }, undefined), "My notes AI"],
    [
      "the policy's name over the person's for the same id",
      "custom-helper",
      inForce({ customTools: [sameIdOwn] }, { customTools: [orgTool] }),
      "Helper (IT)",
    ],
    ["an unknown id, as it is", "custom-gone", inForce({}, undefined), "custom-gone"],
    ["a custom id before settings have loaded", "custom-helper", null, "custom-helper"],
    ["a catalog id before settings have loaded", "claude", undefined, "Claude"],
  ])("%s", (_what, id, settings, name) => {
    expect(toolName(id, settings)).toBe(name);
  });
});
