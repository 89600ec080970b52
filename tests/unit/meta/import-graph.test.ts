import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { importCycles, importEdges, layeringViolations } from "./import-graph";

// The layering of PRODUCT.md's "house", read from the imports, in the spirit of lib-purity.test.ts.
const root = resolve(import.meta.dirname, "../../..");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const sources: Record<string, string> = Object.fromEntries(
  ["lib", "components", "entrypoints"]
    .flatMap((dir) => sourceFiles(join(root, dir)))
    .map((file) => [relative(root, file).split("\\").join("/"), readFileSync(file, "utf8")]),
);

describe("the import graph keeps the layering", () => {
  it("reads the imports of every file", () => {
    expect(Object.keys(sources).length).toBeGreaterThan(50);
    expect(importEdges(sources).length).toBeGreaterThan(200);
  });

  it("breaks no rule", () => {
    expect(layeringViolations(sources)).toEqual([]);
  });
});

describe("each rule fires on a small fixture", () => {
  const rules = (files: Record<string, string>) => layeringViolations(files).map((violation) => violation.rule);

  it.each([
    [
      "the tracking engine knows no store",
      { "lib/tracking/a.ts": 'import { MeterDatabase } from "../db/database";', "lib/db/database.ts": "" },
    ],
    ["the tracking engine knows no store", { "lib/tracking/a.ts": 'import Dexie from "dexie";' }],
    [
      "components know no browser adapter",
      { "components/A.tsx": 'import type { X } from "../lib/platform/i18n";', "lib/platform/i18n.ts": "" },
    ],
    [
      "the lead's side knows no raw tracking",
      { "lib/team/a.ts": 'export { localDate } from "../tracking/day-split";', "lib/tracking/day-split.ts": "" },
    ],
    [
      "the domain gets adapters passed in, it does not import them",
      { "lib/background/a.ts": 'import { t } from "../platform/i18n";', "lib/platform/i18n.ts": "" },
    ],
    ["only lib/platform and entrypoints touch the browser", { "lib/stats/a.ts": "const x = browser.runtime.id;" }],
    ["only lib/platform and entrypoints touch the browser", { "components/A.tsx": "chrome.idle.queryState(15);" }],
    ["only lib/platform and entrypoints touch the browser", { "components/A.tsx": "document.title = 'x';" }],
    ["only lib/platform and entrypoints touch the browser", { "lib/report/a.ts": "window.open();" }],
    ["only lib/platform and entrypoints touch the browser", { "lib/team/a.ts": "indexedDB.open('x');" }],
    ["only lib/platform and entrypoints touch the browser", { "lib/team/a.ts": "navigator.language;" }],
    ["only lib/platform and entrypoints touch the browser", { "lib/team/a.ts": "localStorage.getItem('x');" }],
    [
      "only lib/platform and entrypoints touch the browser",
      { "lib/stats/a.ts": 'import { browser } from "wxt/browser";' },
    ],
    ["only lib/platform and entrypoints touch the browser", { "lib/stats/a.ts": 'import Dexie from "dexie";' }],
    [
      "no import cycles",
      { "lib/a/x.ts": 'import { y } from "../b/y";', "lib/b/y.ts": 'export type { X } from "../a/x";' },
    ],
    ["no import cycles", { "lib/a/x.ts": 'import { x } from "./x";' }],
  ])("%s", (rule, files: Record<string, string>) => {
    expect(rules(files)).toContain(rule);
  });

  it("allows what the house allows", () => {
    expect(
      layeringViolations({
        "lib/platform/a.ts": 'import { browser } from "wxt/browser";\nbrowser.runtime.id; document.title;',
        "entrypoints/popup/A.tsx": 'import { t } from "../../lib/platform/i18n";\nwindow.close();',
        "lib/tracking/a.ts": '// the browser. and document are words in a comment\nconst s = "window.open()";',
        "lib/platform/i18n.ts": "",
        "lib/team/a.ts": 'import type { IsoWeek } from "../time/iso-week";',
        "lib/time/iso-week.ts": "",
        "lib/tracking/b.ts": 'import type { DayRow } from "../db/database";',
        "lib/db/database.ts": 'import Dexie from "dexie";',
      }),
    ).toEqual([]);
  });

  it("finds a cycle through three files and names all of them", () => {
    const edges = importEdges({
      "lib/a.ts": 'import "./b";',
      "lib/b.ts": 'import "./c";',
      "lib/c.ts": 'import "./a";',
      "lib/d.ts": 'import "./a";',
    });
    expect(importCycles(edges)).toEqual([["lib/a.ts", "lib/b.ts", "lib/c.ts"]]);
  });
});
