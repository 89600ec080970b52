import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseUserText, userText } from "../../../lib/messages/user-text";

const root = resolve(import.meta.dirname, "../../..");
const messages = JSON.parse(readFileSync(join(root, "public/_locales/en/messages.json"), "utf8")) as Record<
  string,
  { message: string; placeholders?: Record<string, unknown> }
>;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : /\.tsx?$/.test(entry.name) ? [join(dir, entry.name)] : [],
  );
}

describe("user text", () => {
  it("round-trips a key and its substitutions", () => {
    expect(parseUserText(userText("errorWholeNumber", 15, 3600))).toEqual({
      key: "errorWholeNumber",
      params: ["15", "3600"],
    });
    expect(parseUserText("plain words")).toBeNull();
    expect(parseUserText("notAnError|1")).toBeNull();
  });

  // Every message the domain produces must exist in the catalog, with as many
  // substitutions as it is given, or people would see the key instead of words.
  const uses = sources(join(root, "lib")).flatMap((file) =>
    [...readFileSync(file, "utf8").matchAll(/userText\("(\w+)"((?:,[^,)]+)*)\)/g)].map(
      (m) => [m[1] as string, (m[2] ?? "").split(",").length - 1, file] as const,
    ),
  );

  it("is used by the domain", () => {
    expect(uses.length).toBeGreaterThan(10);
  });

  it.each(uses.map(([key, count, file]) => [key, count, file.slice(root.length + 1)]))(
    "%s (%i substitutions) from %s is in the message catalog",
    (key, count) => {
      const entry = messages[key as string];
      expect(entry, `${key} missing from messages.json`).toBeDefined();
      expect(Object.keys(entry?.placeholders ?? {}).length).toBe(count);
    },
  );
});
