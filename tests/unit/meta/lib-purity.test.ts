import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

// lib/ is the pure domain: only lib/platform/ may touch the browser, the page or the clock.
const root = resolve(import.meta.dirname, "../../..");
const lib = join(root, "lib");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Code without comments and string contents, so prose about "the browser." is not a hit. */
function codeOnly(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/(^|[^:])\/\/.*$/gm, "$1")
    .replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, '""');
}

const FORBIDDEN: [string, RegExp][] = [
  ["browser.*", /\bbrowser\s*\./],
  ["chrome.*", /\bchrome\s*\./],
  ["document", /\bdocument\b/],
  ["window", /\bwindow\s*\./],
  ["Date.now()", /\bDate\s*\.\s*now\s*\(/],
];

const domainFiles = sourceFiles(lib).filter((file) => !relative(lib, file).startsWith("platform"));

describe("lib/ outside lib/platform/ is pure", () => {
  it("has files to check", () => {
    expect(domainFiles.length).toBeGreaterThan(10);
  });

  it.each(domainFiles.map((file) => [relative(root, file), file]))("%s", (_name, file) => {
    const source = readFileSync(file, "utf8");
    const code = codeOnly(source);
    for (const [what, pattern] of FORBIDDEN) {
      expect(pattern.test(code), `${what} in ${file}`).toBe(false);
    }
    expect(source).not.toMatch(/from\s+["']wxt\/(browser|utils\/storage)["']/);
  });

  it("the scan catches what it should", () => {
    const offending = [
      "browser.tabs.query()",
      "chrome.idle",
      "document.title",
      "const t = Date.now();",
      "window.open()",
    ];
    for (const line of offending) {
      expect(
        FORBIDDEN.some(([, pattern]) => pattern.test(codeOnly(line))),
        line,
      ).toBe(true);
    }
    const fine = ["// the browser.", "/* Date.now() */", 'const s = "chrome.";', "const browserSnapshot = 1;"];
    for (const line of fine) {
      expect(
        FORBIDDEN.some(([, pattern]) => pattern.test(codeOnly(line))),
        line,
      ).toBe(false);
    }
  });
});
