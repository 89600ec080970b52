import { describe, expect, it } from "vitest";
import { CATALOG } from "../../../lib/catalog/catalog";
import {
  DEFAULT_SETTINGS,
  MIN_IDLE_THRESHOLD_SEC,
  parseSettings,
  updateSettings,
} from "../../../lib/settings/settings";
import { trackedTools } from "../../../lib/settings/tracked-tools";

describe("parseSettings", () => {
  it.each([
    ["nothing stored", undefined, DEFAULT_SETTINGS],
    ["not an object", "garbage", DEFAULT_SETTINGS],
    ["a valid value", { sessionGapMin: 20 }, { ...DEFAULT_SETTINGS, sessionGapMin: 20 }],
    [
      "an idle threshold under the minimum",
      { idleThresholdSec: 5, sessionGapMin: 20 },
      { ...DEFAULT_SETTINGS, sessionGapMin: 20 },
    ],
    ["a negative value", { retentionDays: -1 }, DEFAULT_SETTINGS],
    ["a string for a number", { idleThresholdSec: "60" }, DEFAULT_SETTINGS],
    ["NaN", { idleThresholdSec: Number.NaN }, DEFAULT_SETTINGS],
    ["an unknown field", { colour: "red" }, DEFAULT_SETTINGS],
  ])("%s", (_name, stored, expected) => {
    expect(parseSettings(stored)).toEqual(expected);
  });
});

describe("updateSettings", () => {
  it.each([
    ["idle threshold at the minimum", { idleThresholdSec: MIN_IDLE_THRESHOLD_SEC }, true],
    ["idle threshold below 15 s", { idleThresholdSec: 14 }, false],
    ["fractional seconds", { idleThresholdSec: 30.5 }, false],
    ["session gap of zero", { sessionGapMin: 0 }, false],
    ["session gap as text", { sessionGapMin: "ten" }, false],
    ["retention of a year", { retentionDays: 365 }, true],
    ["retention of null", { retentionDays: null }, false],
    ["unknown setting", { theme: "dark" }, false],
    [
      "a custom tool",
      { customTools: [{ id: "custom-wiki", name: "Wiki AI", hosts: ["ai.intranet.example"], pathPrefix: "/chat" }] },
      true,
    ],
    [
      "a custom tool with a URL for a host",
      { customTools: [{ id: "custom-x", name: "X", hosts: ["https://x.example/"] }] },
      false,
    ],
  ])("%s → %s", (_name, patch, ok) => {
    const result = updateSettings(DEFAULT_SETTINGS, patch);
    expect(result.ok).toBe(ok);
    if (!result.ok) expect(Object.keys(result.errors)).toEqual(Object.keys(patch));
  });
});

describe("trackedTools", () => {
  it("tracks the whole catalog by default", () => {
    expect(trackedTools(DEFAULT_SETTINGS).map((t) => t.id)).toEqual(CATALOG.map((t) => t.id));
  });

  it("tracks only approved catalog tools, plus custom tools", () => {
    const tools = trackedTools({
      ...DEFAULT_SETTINGS,
      approvedToolIds: ["claude", "no-such-tool"],
      customTools: [{ id: "custom-wiki", name: "Wiki AI", hosts: ["ai.intranet.example"] }],
    });
    expect(tools.map((t) => t.id)).toEqual(["claude", "custom-wiki"]);
  });
});
