import type { z } from "zod";
import {
  AGGREGATE_FORMAT,
  AGGREGATE_LIMITS,
  type AggregateFile,
  aggregateFileSchema,
} from "../report/aggregate-format";
import { addWeeks, compareWeeks, isIsoWeek, isoWeekOf } from "../report/iso-week";

/**
 * Reading one team report file (`ai-adoption-meter/aggregate@1`) that an employee gave their lead.
 * The file is untrusted input: every way it can be wrong ends in a short reason a person can act on,
 * and nothing in it is used before it has passed every check.
 */

/** Largest file accepted, in bytes (1 MiB); larger files are refused before they are read or parsed. */
export const MAX_IMPORT_BYTES = 1024 * 1024;

/** Deepest nesting of arrays and objects accepted (a valid file nests 5 deep); deeper text is refused before parsing. */
export const MAX_IMPORT_NESTING = 8;

/** Keys refused anywhere in a file, because they could reach an object's prototype if copied naively. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** File contents as text, or as the raw bytes of the file (UTF-8). */
export type FileContent = string | ArrayBuffer | ArrayBufferView;

/** The result of reading one file: the validated file, or the reason it was refused. */
export type FileReading =
  | { readonly ok: true; readonly name: string; readonly file: AggregateFile }
  | { readonly ok: false; readonly name: string; readonly reason: string };

const formatPrefix = AGGREGATE_FORMAT.slice(0, AGGREGATE_FORMAT.indexOf("@") + 1);

/** The reason for a file of `sizeBytes` bytes that is too large, or null when its size is acceptable. */
export function sizeProblem(sizeBytes: number): string | null {
  if (!Number.isFinite(sizeBytes) || sizeBytes > MAX_IMPORT_BYTES) return "file is larger than 1 MB";
  if (sizeBytes === 0) return "file is empty";
  return null;
}

/**
 * The reason for a file that is neither named `.json` nor typed as JSON, or null when it may be a
 * team report. Such a file is refused without being read, and listed with this reason, so that a
 * folder with other files in it never loses one silently.
 */
export function typeProblem(name: string, mimeType: string): string | null {
  if (name.toLowerCase().endsWith(".json") || mimeType === "application/json") return null;
  return "not a .json file (team reports are saved as .json)";
}

/**
 * Reads and validates one team report file. `sizeBytes` is the size the file system reports;
 * it is checked, with the actual length, before any parsing. `now` (epoch ms) decides which ISO
 * week is running: records of that week or later are refused, because a week is only complete
 * once it is over. Duplicate record ids or weeks within the file make it malformed.
 */
export function readTeamReportFile(name: string, content: FileContent, sizeBytes: number, now: number): FileReading {
  const refuse = (reason: string): FileReading => ({ ok: false, name, reason });

  const tooLarge = sizeProblem(Math.max(sizeBytes, contentLength(content)));
  if (tooLarge) return refuse(tooLarge);

  const text = decode(content);
  if (text === null) return refuse("not UTF-8 text");
  if (text.trim() === "") return refuse("file is empty");
  // Bounded before JSON.parse so that deeply nested junk never reaches a parser or a walk.
  if (nestingDepth(text) > MAX_IMPORT_NESTING) return refuse("not a team report (nested too deeply)");

  let value: unknown;
  try {
    // JSON.parse defines "__proto__" as an ordinary own key and never sets a prototype; the scan
    // below refuses such keys before anything else reads the value.
    value = JSON.parse(text);
  } catch {
    return refuse("not JSON");
  }

  const forbidden = findForbiddenKey(value);
  if (forbidden) return refuse(`${forbidden.path || "file"}: forbidden key ${quoted(forbidden.key)}`);

  if (!isPlainRecord(value)) return refuse("not a team report (not a JSON object)");
  const formatProblem = checkFormat(value.format);
  if (formatProblem) return refuse(formatProblem);
  if (Array.isArray(value.records) && value.records.length > AGGREGATE_LIMITS.records) {
    return refuse(`records: more than ${AGGREGATE_LIMITS.records} weekly records`);
  }

  const parsed = aggregateFileSchema.safeParse(value);
  if (!parsed.success) return refuse(describeIssue(parsed.error.issues[0]));
  const file = parsed.data;

  const problem = checkRecords(file, now);
  if (problem) return refuse(problem);
  return { ok: true, name, file };
}

function contentLength(content: FileContent): number {
  // A string's UTF-8 size is at least its length in UTF-16 code units.
  return typeof content === "string" ? content.length : content.byteLength;
}

function decode(content: FileContent): string | null {
  if (typeof content === "string") return content.startsWith("\uFEFF") ? content.slice(1) : content;
  const bytes =
    content instanceof ArrayBuffer
      ? new Uint8Array(content)
      : new Uint8Array(content.buffer, content.byteOffset, content.byteLength);
  try {
    // The decoder drops a leading byte order mark.
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Deepest nesting of `[` and `{` outside strings; a linear scan that never recurses. */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/** The first forbidden key and where it is, walking the parsed value without recursion. */
function findForbiddenKey(root: unknown): { path: string; key: string } | null {
  const stack: { value: unknown; path: string }[] = [{ value: root, path: "" }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { value, path } = item;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: `${path}[${i}]` });
    } else if (value !== null && typeof value === "object") {
      const keys = Object.keys(value);
      const bad = keys.find((key) => FORBIDDEN_KEYS.has(key));
      if (bad !== undefined) return { path, key: bad };
      for (const key of keys.reverse()) {
        stack.push({ value: (value as Record<string, unknown>)[key], path: joinPath(path, key) });
      }
    }
  }
  return null;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function checkFormat(format: unknown): string | null {
  if (format === AGGREGATE_FORMAT) return null;
  if (format === undefined) return "not a team report (no format field)";
  if (typeof format !== "string") return "not a team report (format is not text)";
  if (format.startsWith(formatPrefix)) {
    return `unsupported version (format: ${quoted(format)}; this version reads ${AGGREGATE_FORMAT})`;
  }
  return `not a team report (format: ${quoted(format)})`;
}

function checkRecords(file: AggregateFile, now: number): string | null {
  if (file.records.length === 0) return "holds no weekly records";
  const running = isoWeekOf(now);
  const idIndex = new Map<string, number>();
  const weekIndex = new Map<string, number>();
  for (const [i, record] of file.records.entries()) {
    const at = `records[${i}]`;
    if (!isIsoWeek(record.week)) return `${at}.week: ${record.week} does not exist`;
    if (compareWeeks(record.week, running) > 0) return `${at}.week: in the future (${record.week})`;
    if (record.week === running) {
      return `${at}.week: ${record.week} is not over yet (complete weeks end with ${addWeeks(running, -1)})`;
    }
    const sameId = idIndex.get(record.id);
    if (sameId !== undefined) return `${at}.id: same id as records[${sameId}]`;
    idIndex.set(record.id, i);
    // One person has one record per week, so a week twice in one file cannot be right.
    const sameWeek = weekIndex.get(record.week);
    if (sameWeek !== undefined) return `${at}.week: ${record.week} also in records[${sameWeek}]`;
    weekIndex.set(record.week, i);
    const repeatedTool = firstRepeat(record.tools.map((tool) => tool.toolId));
    if (repeatedTool !== null) return `${at}.tools[${repeatedTool}].toolId: listed twice`;
    const repeatedTask = firstRepeat(record.tasks.map((task) => task.category));
    if (repeatedTask !== null) return `${at}.tasks[${repeatedTask}].category: listed twice`;
  }
  for (const [end, week] of [
    ["from", file.period.from],
    ["to", file.period.to],
  ] as const) {
    if (!isIsoWeek(week)) return `period.${end}: ${week} does not exist`;
  }
  return null;
}

/** Index of the first value that already appeared earlier, or null. */
function firstRepeat(values: readonly string[]): number | null {
  const seen = new Set<string>();
  for (const [i, value] of values.entries()) {
    if (seen.has(value)) return i;
    seen.add(value);
  }
  return null;
}

/** A short, human reason for the first schema issue, with its path such as `records[3].week`. */
function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return "not a team report";
  const path = issue.path.reduce<string>(
    (text, key) => (typeof key === "number" ? `${text}[${key}]` : joinPath(text, String(key))),
    "",
  );
  const where = path || "file";
  const last = issue.path[issue.path.length - 1];
  switch (issue.code) {
    case "invalid_type":
      return `${where}: expected ${article(issue.expected)}`;
    case "too_big":
      return `${where}: ${issue.origin === "array" ? `more than ${issue.maximum} items` : `at most ${issue.maximum}${issue.origin === "string" ? " characters" : ""}`}`;
    case "too_small":
      return `${where}: ${issue.origin === "string" ? `at least ${issue.minimum} characters` : `at least ${issue.minimum}`}`;
    case "invalid_format":
      return `${where}: ${formatHint(last)}`;
    case "unrecognized_keys":
      return `${where}: unexpected field ${quoted(issue.keys[0] ?? "")}`;
    case "invalid_value":
      return `${where}: expected ${issue.values.map((v) => quoted(String(v))).join(" or ")}`;
    default:
      return `${where}: not valid`;
  }
}

function formatHint(key: PropertyKey | undefined): string {
  if (key === "week" || key === "from" || key === "to") return "not an ISO week such as 2026-W07";
  if (key === "id") return "not a 64-character lowercase hex id";
  if (key === "generator") return 'not like "ai-adoption-meter 1.2.3"';
  return "not in the expected form";
}

function article(expected: string): string {
  if (expected === "int") return "a whole number";
  if (expected === "object") return "an object";
  if (expected === "array") return "a list";
  return `a ${expected}`;
}

function joinPath(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${quoted(key)}]`;
}

/** A value from the file, shown safely in a reason: JSON-quoted, control characters escaped, at most 40 characters. */
function quoted(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
