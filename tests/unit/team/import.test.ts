import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_IMPORT_BYTES, readTeamReportFile } from "../../../lib/team/import";
import { aggregateFile, idFor, NOW, record } from "./fixtures";

const valid = aggregateFile([record(1), record(2, { week: "2026-W48", weeksSinceTraining: 11 })]);

/** The reason a file with this text is refused (its size taken from the text). */
function reasonFor(text: string, sizeBytes = new TextEncoder().encode(text).byteLength): string | null {
  const reading = readTeamReportFile("report.json", text, sizeBytes, NOW);
  return reading.ok ? null : reading.reason;
}

// biome-ignore lint/suspicious/noExplicitAny: the cases write wrong types on purpose
type Loose = Record<string, any>;

/** The valid file with one change applied to a deep copy. */
function changed(change: (file: Loose) => void): string {
  const copy = structuredClone(valid) as Loose;
  change(copy);
  return JSON.stringify(copy);
}

describe("readTeamReportFile accepts", () => {
  it.each([
    ["text", JSON.stringify(valid)],
    ["text with a byte order mark", `\uFEFF${JSON.stringify(valid)}`],
    ["UTF-8 bytes", new TextEncoder().encode(JSON.stringify(valid))],
    ["an ArrayBuffer", new TextEncoder().encode(JSON.stringify(valid)).buffer],
    ["UTF-8 bytes with a byte order mark", new TextEncoder().encode(`\uFEFF${JSON.stringify(valid)}`)],
  ])("a valid file as %s", (_kind, content) => {
    const reading = readTeamReportFile("report.json", content, 1000, NOW);
    expect(reading).toEqual({ ok: true, name: "report.json", file: valid });
  });

  it("a file of exactly 1 MiB", () => {
    const text = JSON.stringify(valid);
    const padded = text + " ".repeat(MAX_IMPORT_BYTES - text.length);
    expect(reasonFor(padded)).toBeNull();
  });

  it("the last complete week, and weeks before training", () => {
    const file = aggregateFile([
      record(1, { week: "2026-W48", weeksSinceTraining: -3, features: { active: true, activeInWeeks1to4: false } }),
    ]);
    expect(reasonFor(JSON.stringify(file))).toBeNull();
  });
});

describe("readTeamReportFile refuses, with a short reason", () => {
  const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
  const cases: [string, string | Uint8Array, number | null, string][] = [
    [
      "a file over 1 MB (by its reported size)",
      JSON.stringify(valid),
      MAX_IMPORT_BYTES + 1,
      "file is larger than 1 MB",
    ],
    ["a file over 1 MB (by its content)", " ".repeat(MAX_IMPORT_BYTES + 1), 10, "file is larger than 1 MB"],
    ["an empty file", "", null, "file is empty"],
    ["a file of blanks", "  \n ", null, "file is empty"],
    ["bytes that are not UTF-8", Uint8Array.from([0x7b, 0xff, 0xfe, 0x7d]), null, "not UTF-8 text"],
    ["broken JSON", '{"format": "ai-adoption-meter/aggregate@1",', null, "not JSON"],
    ["a spreadsheet", "name,minutes\nAda,30\n", null, "not JSON"],
    ["deeply nested junk", deep, null, "not a team report (nested too deeply)"],
    ["a JSON list", "[1, 2, 3]", null, "not a team report (not a JSON object)"],
    ["a JSON string", '"hello"', null, "not a team report (not a JSON object)"],
    ["JSON null", "null", null, "not a team report (not a JSON object)"],
    ["no format field", changed((f) => delete f.format), null, "not a team report (no format field)"],
    ["a format that is not text", changed((f) => (f.format = 1)), null, "not a team report (format is not text)"],
    [
      "another format",
      changed((f) => (f.format = "ai-adoption-meter/personal@1")),
      null,
      'not a team report (format: "ai-adoption-meter/personal@1")',
    ],
    [
      "another version",
      changed((f) => (f.format = "ai-adoption-meter/aggregate@2")),
      null,
      'unsupported version (format: "ai-adoption-meter/aggregate@2"; this version reads ai-adoption-meter/aggregate@1)',
    ],
    [
      "__proto__ at the top",
      JSON.stringify(valid).replace("{", '{"__proto__": {"polluted": true},'),
      null,
      'file: forbidden key "__proto__"',
    ],
    [
      "__proto__ in a record",
      JSON.stringify(valid).replace('"activeDays"', '"__proto__": {"isAdmin": true}, "activeDays"'),
      null,
      'records[0]: forbidden key "__proto__"',
    ],
    [
      "__proto__ written with an escape",
      JSON.stringify(valid).replace('"activeDays"', '"\\u005f_proto__": {}, "activeDays"'),
      null,
      'records[0]: forbidden key "__proto__"',
    ],
    [
      "constructor in a tool",
      JSON.stringify(valid).replace('"toolId"', '"constructor": {"prototype": {"x": 1}}, "toolId"'),
      null,
      'records[0].tools[0]: forbidden key "constructor"',
    ],
    [
      "prototype in features",
      JSON.stringify(valid).replace('"active":', '"prototype": 1, "active":'),
      null,
      'records[0].features: forbidden key "prototype"',
    ],
    [
      "a field a report never has",
      changed((f) => (f.email = "ada@example.com")),
      null,
      'file: unexpected field "email"',
    ],
    [
      "a URL in a record",
      changed((f) => (f.records[1].url = "https://chatgpt.com/c/1")),
      null,
      'records[1]: unexpected field "url"',
    ],
    [
      "text where a number belongs",
      changed((f) => (f.records[0].activeDays = "3")),
      null,
      "records[0].activeDays: expected a number",
    ],
    ["a number out of range", changed((f) => (f.records[0].activeDays = 8)), null, "records[0].activeDays: at most 7"],
    [
      "a negative count",
      changed((f) => (f.records[0].tools[0].visits = -1)),
      null,
      "records[0].tools[0].visits: at least 0",
    ],
    [
      "a fraction where a count belongs",
      changed((f) => (f.records[0].tools[0].visits = 1.5)),
      null,
      "records[0].tools[0].visits: expected a whole number",
    ],
    [
      "minutes over the cap",
      changed((f) => (f.records[0].tools[0].activeMinutes = 99_999)),
      null,
      "records[0].tools[0].activeMinutes: at most 6720",
    ],
    [
      "a number too large for JSON",
      JSON.stringify(valid).replace('"activeDays":2', '"activeDays":1e999'),
      null,
      "records[0].activeDays: expected a number",
    ],
    ["a missing field", changed((f) => delete f.records[0].features), null, "records[0].features: expected an object"],
    [
      "too many records",
      changed((f) => (f.records = Array.from({ length: 521 }, (_, i) => ({ i })))),
      null,
      "records: more than 520 weekly records",
    ],
    [
      "too many tools in a record",
      changed(
        (f) =>
          (f.records[0].tools = Array.from({ length: 101 }, (_, i) => ({
            toolId: `t${i}`,
            visits: 1,
            activeMinutes: 5,
          }))),
      ),
      null,
      "records[0].tools: more than 100 items",
    ],
    ["a team label too long", changed((f) => (f.team = "x".repeat(81))), null, "team: at most 80 characters"],
    [
      "a malformed week",
      changed((f) => (f.records[0].week = "2026-47")),
      null,
      "records[0].week: not an ISO week such as 2026-W07",
    ],
    [
      "a week that does not exist",
      changed((f) => (f.records[0].week = "2021-W53")),
      null,
      "records[0].week: 2021-W53 does not exist",
    ],
    [
      "a malformed id",
      changed((f) => (f.records[0].id = "ABC")),
      null,
      "records[0].id: not a 64-character lowercase hex id",
    ],
    [
      "a malformed generator",
      changed((f) => (f.generator = "other tool")),
      null,
      'generator: not like "ai-adoption-meter 1.2.3"',
    ],
    [
      "a week in the future",
      changed((f) => (f.records[1].week = "2026-W50")),
      null,
      "records[1].week: in the future (2026-W50)",
    ],
    [
      "a week next year",
      changed((f) => (f.records[1].week = "2027-W02")),
      null,
      "records[1].week: in the future (2027-W02)",
    ],
    [
      "the running week",
      changed((f) => (f.records[1].week = "2026-W49")),
      null,
      "records[1].week: 2026-W49 is not over yet (complete weeks end with 2026-W48)",
    ],
    ["the same id twice", changed((f) => (f.records[1].id = idFor(1))), null, "records[1].id: same id as records[0]"],
    [
      "the same week twice",
      changed((f) => (f.records[1].week = "2026-W47")),
      null,
      "records[1].week: 2026-W47 also in records[0]",
    ],
    [
      "a tool listed twice in a record",
      changed((f) => f.records[0].tools.push({ toolId: "chatgpt", visits: 1, activeMinutes: 5 })),
      null,
      "records[0].tools[1].toolId: listed twice",
    ],
    [
      "a category listed twice in a record",
      changed(
        (f) =>
          (f.records[0].tasks = [
            { category: "email", tags: 1, minutesSaved: 5 },
            { category: "email", tags: 1, minutesSaved: 5 },
          ]),
      ),
      null,
      "records[0].tasks[1].category: listed twice",
    ],
    ["no records", changed((f) => (f.records = [])), null, "holds no weekly records"],
  ];

  it.each(cases)("%s", (_kind, content, sizeBytes, reason) => {
    const size =
      sizeBytes ?? (typeof content === "string" ? new TextEncoder().encode(content).byteLength : content.byteLength);
    const reading = readTeamReportFile("bad.json", content, size, NOW);
    expect(reading).toEqual({ ok: false, name: "bad.json", reason });
  });

  // The worker reads files as bytes: each verdict is the same for the bytes as for the text.
  it.each(cases.filter(([, content]) => typeof content === "string"))(
    "%s, as UTF-8 bytes",
    (_kind, content, sizeBytes, reason) => {
      const bytes = new TextEncoder().encode(content as string);
      const reading = readTeamReportFile("bad.json", bytes, sizeBytes ?? bytes.byteLength, NOW);
      expect(reading).toEqual({ ok: false, name: "bad.json", reason });
    },
  );

  it("finds the same nesting in bytes as in text, whatever the strings, escapes and characters", () => {
    const piece = fc.constantFrom("[", "]", "{", "}", '"', "\\", '\\"', "é", "😀", "a", ":", ",", "1");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.integer({ min: 0, max: 12 }), (pieces, extra) => {
        const text = `${"[".repeat(extra)}${pieces.join("")}`;
        const asText = readTeamReportFile("x.json", text, 100, NOW);
        const asBytes = readTeamReportFile("x.json", new TextEncoder().encode(text), 100, NOW);
        expect(asBytes).toEqual(asText);
      }),
    );
  });

  it("finds a forbidden key however its letters are escaped, with escapes elsewhere or not", () => {
    const text = JSON.stringify(valid);
    fc.assert(
      fc.property(
        fc.constantFrom("__proto__", "constructor", "prototype"),
        fc.array(fc.boolean(), { minLength: 11, maxLength: 11 }),
        fc.boolean(),
        (key, escaped, escapeElsewhere) => {
          const spelled = [...key]
            .map((c, i) => (escaped[i] ? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}` : c))
            .join("");
          let hostile = text.replace('"activeDays"', `"${spelled}": 1, "activeDays"`);
          if (escapeElsewhere)
            hostile = hostile.replace('"ai-adoption-meter/aggregate@1"', '"ai-adoption-meter\\/aggregate@1"');
          expect(reasonFor(hostile)).toBe(`records[0]: forbidden key ${JSON.stringify(key)}`);
        },
      ),
    );
  });

  it("never lets a forbidden key reach a prototype", () => {
    const text = JSON.stringify(valid).replace("{", '{"__proto__": {"polluted": true},');
    readTeamReportFile("bad.json", text, text.length, NOW);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
  });

  it("shows a hostile format value quoted and shortened", () => {
    const reason = reasonFor(changed((f) => (f.format = `\u0007${"=".repeat(100)}`)));
    expect(reason).toBe(`not a team report (format: "\\u0007${"=".repeat(39)}…")`);
  });
});

describe("plausibility and names (issue 12): forged files are refused with the reason", () => {
  const rules = {
    toolIds: new Set(["chatgpt", "claude", "custom-wiki"]),
    categoryIds: new Set(["email", "writing"]),
    readerVersion: "0.1.0",
  };
  const refusal = (change: (file: Loose) => void) => {
    const text = changed(change);
    const reading = readTeamReportFile("report.json", text, text.length, NOW, rules);
    return reading.ok ? null : reading.reason;
  };
  it.each<[string, (file: Loose) => void, string]>([
    [
      "33 minutes with rounding 5",
      (f) => {
        f.records[0].tools[0].activeMinutes = 33;
      },
      "records[0].tools[0].activeMinutes: 33 is not a multiple of the file's rounding (5)",
    ],
    [
      "minutes saved off the rounding",
      (f) => {
        f.records[0].tasks = [{ category: "email", tags: 1, minutesSaved: 12 }];
      },
      "records[0].tasks[0].minutesSaved: 12 is not a multiple of the file's rounding (5)",
    ],
    [
      "active: false with visits",
      (f) => {
        f.records[0].features.active = false;
      },
      "records[0].features.active: false with 3 visits",
    ],
    [
      "active: true without visits",
      (f) => {
        f.records[0].tools = [];
        f.records[0].activeDays = 0;
      },
      "records[0].features.active: true without any visit",
    ],
    [
      "a reversed period",
      (f) => {
        f.period = { from: "2026-W48", to: "2026-W45" };
      },
      "period: starts (2026-W48) after it ends (2026-W45)",
    ],
    [
      "a week outside the period",
      (f) => {
        f.period = { from: "2026-W48", to: "2026-W48" };
      },
      "records[0].week: 2026-W47 is outside the file's period (2026-W48 to 2026-W48)",
    ],
    [
      "0 tags with 480 minutes saved",
      (f) => {
        f.records[0].tasks = [{ category: "email", tags: 0, minutesSaved: 480 }];
      },
      "records[0].tasks[0].minutesSaved: 480 minutes for 0 tags (at most 480 each)",
    ],
    [
      "more active minutes than the active days hold",
      (f) => {
        f.records[0].activeDays = 1;
        f.records[0].tools[0].activeMinutes = 2000;
      },
      "records[0].tools: 2000 active minutes in 1 active days",
    ],
    [
      "more active minutes than a week holds",
      (f) => {
        f.records[0].activeDays = 7;
        f.records[0].tools = [
          { toolId: "chatgpt", visits: 1, activeMinutes: 6000 },
          { toolId: "claude", visits: 1, activeMinutes: 6000 },
        ];
      },
      "records[0].tools: 12000 active minutes, more than a week holds",
    ],
    [
      "active minutes without an active day",
      (f) => {
        f.records[0].activeDays = 0;
      },
      "records[0].activeDays: 0 with 30 active minutes",
    ],
    [
      "an unknown tool id",
      (f) => {
        f.records[0].tools[0].toolId = "my-secret-project";
      },
      "records[0].tools[0].toolId: not a tool of the catalog or of your organization's policy",
    ],
    [
      "a category outside the task list",
      (f) => {
        f.records[0].tasks = [{ category: "translation", tags: 1, minutesSaved: 10 }];
      },
      "records[0].tasks[0].category: not a task category of the list in force",
    ],
    [
      "generator 9.9.9",
      (f) => {
        f.generator = "ai-adoption-meter 9.9.9";
      },
      "generator: written by version 9.9.9, newer than this dashboard (0.1.0)",
    ],
    [
      "retention flag before week 1",
      (f) => {
        f.records[0].weeksSinceTraining = 0;
        f.records[0].features.activeInWeeks1to4 = true;
      },
      "records[0].features.activeInWeeks1to4: true in week 0, before week 1 after training",
    ],
    [
      "retention flag false while active in week 2",
      (f) => {
        f.records[0].weeksSinceTraining = 2;
        f.records[0].features.activeInWeeks1to4 = false;
      },
      "records[0].features.activeInWeeks1to4: false although the record is active in week 2 after training",
    ],
    [
      "retention flag without a training date",
      (f) => {
        f.records[0].weeksSinceTraining = null;
      },
      "records[0].features.activeInWeeks1to4: must be null exactly when weeksSinceTraining is null",
    ],
    [
      "more weeks than the dashboard takes from one file",
      (f) => {
        f.records = Array.from({ length: 105 }, (_, i) => ({ ...f.records[0], id: idFor(1000 + i) }));
      },
      "records: 105 weekly records; the dashboard takes at most 104 per file (export a shorter period)",
    ],
  ])("%s", (_name, change, reason) => {
    expect(refusal(change)).toBe(reason);
  });

  it("accepts the valid file, a custom tool of the policy, and older generators", () => {
    expect(refusal(() => {})).toBeNull();
    expect(
      refusal((f) => {
        f.records[0].tools[0].toolId = "custom-wiki";
        f.generator = "ai-adoption-meter 0.0.9";
      }),
    ).toBeNull();
  });

  it("with noise, checks that noise could break are left out, and the flags are still checked", () => {
    expect(
      refusal((f) => {
        f.noiseEpsilon = 1;
        f.records[0].features.active = false;
        f.records[0].features.activeInWeeks1to4 = false;
      }),
    ).toBeNull();
    expect(
      refusal((f) => {
        f.noiseEpsilon = 1;
        f.records[0].tools[0].activeMinutes = 33;
      }),
    ).toContain("not a multiple");
  });
});
