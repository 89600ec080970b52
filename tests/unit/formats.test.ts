import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { jsonSchemaText, PUBLISHED_FORMATS } from "../../lib/formats/registry";
import { DEFAULT_SETTINGS } from "../../lib/settings/settings";
import { buildPersonalData } from "../../lib/stats/personal-data";

const docs = resolve(import.meta.dirname, "../../docs/formats");

describe.each(PUBLISHED_FORMATS.map((format) => [format.id, format] as const))("%s", (_id, format) => {
  // Run `npx vitest run tests/unit/formats.test.ts -u` after changing a schema.
  it("the committed JSON Schema is generated from the zod schema", async () => {
    await expect(jsonSchemaText(format)).toMatchFileSnapshot(resolve(docs, format.jsonSchemaFile));
  });

  it("has a doc page that names the format id", () => {
    expect(readFileSync(resolve(docs, format.docFile), "utf8")).toContain(format.id);
  });
});

describe("personal data", () => {
  const T0 = new Date(2026, 10, 25, 9, 0).getTime();
  const file = buildPersonalData({
    days: [{ date: "2026-11-25", toolId: "chatgpt", activeMs: 61_234, visits: 2 }],
    visits: [{ id: 1, toolId: "chatgpt", start: T0, end: T0 + 90_000, activeMs: 61_234, date: "2026-11-25" }],
    tags: [
      {
        visitId: 1,
        toolId: "chatgpt",
        visitStart: T0,
        date: "2026-11-25",
        category: "writing",
        minutesSaved: 15,
        note: "draft of the Q3 memo",
        taggedAt: T0 + 95_000,
      },
    ],
    settings: DEFAULT_SETTINGS,
    paused: false,
    now: T0 + 100_000,
  });

  it("a built file validates against the published JSON Schema", () => {
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    const schema = JSON.parse(readFileSync(resolve(docs, "personal.schema.json"), "utf8"));
    expect(ajv.validate(schema, file), JSON.stringify(ajv.errors)).toBe(true);
  });

  it("keeps local times with their offset and seconds to the millisecond", () => {
    expect(file.visits[0]).toEqual({
      toolId: "chatgpt",
      start: "2026-11-25T09:00:00.000+01:00",
      end: "2026-11-25T09:01:30.000+01:00",
      activeSeconds: 61.234,
    });
    expect(file.days[0]?.activeSeconds).toBe(61.234);
  });
});
