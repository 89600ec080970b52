import type { z } from "zod";
import { CATALOG } from "../catalog/catalog";
import { compileExactCheck, type ExactCheck } from "../formats/exact-check";
import {
  AGGREGATE_FORMAT,
  AGGREGATE_LIMITS,
  type AggregateFile,
  aggregateFileSchema,
} from "../report/aggregate-format";
import { DEFAULT_TASK_CATEGORIES } from "../tagging/categories";
import { MAX_MINUTES_SAVED } from "../tagging/tag-input";
import { addWeeks, compareWeeks, isIsoWeek, isoWeekOf } from "../time/iso-week";

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

/**
 * What the dashboard accepts from a file, set by the lead's own extension: the ids a record may
 * name, and the newest generator version it can read. Free text in a file never reaches the view.
 */
export interface ImportRules {
  /** Tool ids a record may name: the catalog and the custom tools of the lead's settings and policy. */
  readonly toolIds: ReadonlySet<string>;
  /** Category ids a record may name: the task list in force. */
  readonly categoryIds: ReadonlySet<string>;
  /** Version of the reading extension, e.g. "0.1.0"; files written by a newer one are refused. Null: any. */
  readonly readerVersion: string | null;
}

/** The catalog and the default task list, for a dashboard without settings (and for tests). */
export const DEFAULT_IMPORT_RULES: ImportRules = {
  toolIds: new Set(CATALOG.map((tool) => tool.id)),
  categoryIds: new Set(DEFAULT_TASK_CATEGORIES.map((category) => category.id)),
  readerVersion: null,
};

/**
 * Caps on what the dashboard holds, so that the worst valid import still computes its view quickly
 * (issue 12): weekly records per file and distinct weeks over all files. Tools and categories are
 * already bounded by `ImportRules` (catalog plus policy tools, the policy's task list).
 */
export const IMPORT_CAPS = {
  /** Weekly records in one file: two years of weeks. */
  recordsPerFile: 104,
  /** Distinct ISO weeks over every file held: two years. */
  weeks: 104,
  /** Weekly records held over every file (each file's own copies): ten thousand people's ten weeks. */
  copies: 100_000,
} as const;

/** Longest week in minutes (7 × 24 h); no week can hold more active minutes than this. */
export const MINUTES_PER_WEEK = 7 * 24 * 60;

/** File contents as text, or as the raw bytes of the file (UTF-8). */
export type FileContent = string | ArrayBuffer | ArrayBufferView;

/** The result of reading one file: the validated file, or the reason it was refused. */
export type FileReading =
  | { readonly ok: true; readonly name: string; readonly file: AggregateFile }
  | { readonly ok: false; readonly name: string; readonly reason: string };

const formatPrefix = AGGREGATE_FORMAT.slice(0, AGGREGATE_FORMAT.indexOf("@") + 1);

/**
 * The file schema compiled into a plain check, once (issue 16): under the extension's CSP zod
 * cannot compile its own fast path, and its generic path took most of the worker's time for
 * thousands of files. A file that passes is what zod would return, so it is used as it is; any
 * other file still goes through zod, for zod's exact issue and the same reason as before. Should
 * the schema ever use what the check cannot model, compiling throws and zod alone is used.
 */
const isExactFile: ExactCheck | null = (() => {
  try {
    return compileExactCheck(aggregateFileSchema, { fromJson: true });
  } catch {
    return null;
  }
})();

/**
 * The bytes of `blob`, or null as soon as they pass `limit` bytes: the rest is never read, so an
 * oversized file is refused without being held in memory, and its size is never asked of the disk
 * (a synchronous trip for a picked file, issue 16).
 */
export async function readUpTo(blob: Blob, limit: number): Promise<ArrayBuffer | null> {
  const reader = blob.stream().getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const only = chunks[0];
  // A small file arrives in one chunk that owns its whole buffer: it is handed over as it is.
  if (chunks.length === 1 && only && only.byteOffset === 0 && only.byteLength === only.buffer.byteLength) {
    return only.buffer as ArrayBuffer;
  }
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes.buffer;
}

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
export function readTeamReportFile(
  name: string,
  content: FileContent,
  sizeBytes: number,
  now: number,
  rules: ImportRules = DEFAULT_IMPORT_RULES,
): FileReading {
  const refuse = (reason: string): FileReading => ({ ok: false, name, reason });

  const tooLarge = sizeProblem(Math.max(sizeBytes, contentLength(content)));
  if (tooLarge) return refuse(tooLarge);

  const text = decode(content);
  if (text === null) return refuse("not UTF-8 text");
  if (text.trim() === "") return refuse("file is empty");
  // Bounded before JSON.parse so that deeply nested junk never reaches a parser or a walk.
  if (nestingDepth(typeof content === "string" ? text : bytesOf(content)) > MAX_IMPORT_NESTING) {
    return refuse("not a team report (nested too deeply)");
  }

  let value: unknown;
  try {
    // JSON.parse defines "__proto__" as an ordinary own key and never sets a prototype; the scan
    // below refuses such keys before anything else reads the value.
    value = JSON.parse(text);
  } catch {
    return refuse("not JSON");
  }

  // A file that passes the exact check holds the format's keys alone, so no forbidden one, and has
  // the format's shape: the walk and the refusals before zod are for the other files (issue 16).
  const exact = isExactFile?.(value) === true;
  if (!exact) {
    const forbidden = mayHoldForbiddenKey(text) ? findForbiddenKey(value) : null;
    if (forbidden) return refuse(`${forbidden.path || "file"}: forbidden key ${quoted(forbidden.key)}`);
    if (!isPlainRecord(value)) return refuse("not a team report (not a JSON object)");
    const formatProblem = checkFormat(value.format);
    if (formatProblem) return refuse(formatProblem);
    if (Array.isArray(value.records) && value.records.length > AGGREGATE_LIMITS.records) {
      return refuse(`records: more than ${AGGREGATE_LIMITS.records} weekly records`);
    }
  }
  const records = (value as { records?: unknown }).records;
  if (Array.isArray(records) && records.length > IMPORT_CAPS.recordsPerFile) {
    return refuse(
      `records: ${records.length} weekly records; the dashboard takes at most ${IMPORT_CAPS.recordsPerFile} per file (export a shorter period)`,
    );
  }

  let file: AggregateFile;
  if (exact) file = value as AggregateFile;
  else {
    const parsed = aggregateFileSchema.safeParse(value);
    if (!parsed.success) return refuse(describeIssue(parsed.error.issues[0]));
    file = parsed.data;
  }

  const problem = checkRecords(file, now) ?? checkGenerator(file, rules) ?? checkPlausible(file, rules);
  if (problem) return refuse(problem);
  return { ok: true, name, file };
}

function contentLength(content: FileContent): number {
  // A string's UTF-8 size is at least its length in UTF-16 code units.
  return typeof content === "string" ? content.length : content.byteLength;
}

// One decoder for every file: a fatal decoder that threw is ready for the next input.
const utf8 = new TextDecoder("utf-8", { fatal: true });

function bytesOf(content: ArrayBuffer | ArrayBufferView): Uint8Array {
  return content instanceof ArrayBuffer
    ? new Uint8Array(content)
    : new Uint8Array(content.buffer, content.byteOffset, content.byteLength);
}

function decode(content: FileContent): string | null {
  if (typeof content === "string") return content.startsWith("\uFEFF") ? content.slice(1) : content;
  const bytes = bytesOf(content);
  try {
    // The decoder drops a leading byte order mark.
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Deepest nesting of `[` and `{` outside strings; a linear scan that never recurses. It reads the
 * text or, faster, its UTF-8 bytes (issue 16): every byte of a multi-byte character is 0x80 or more,
 * so the ASCII quote, backslash and brackets are found at the same places either way.
 */
function nestingDepth(text: string | Uint8Array): number {
  const bytes = typeof text === "string" ? null : text;
  const chars = typeof text === "string" ? text : "";
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = bytes ? (bytes[i] as number) : chars.charCodeAt(i);
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

/** A value met in the walk of `findForbiddenKey`, with how it was reached; its path is spelled out only when needed. */
interface Visit {
  readonly value: unknown;
  readonly parent: Visit | null;
  /** Key or index in the parent; unused at the root. */
  readonly step: string | number;
}

/** The path of a visited value, such as `records[3].tools`. */
function pathOf(visit: Visit): string {
  const steps: (string | number)[] = [];
  for (let at: Visit | null = visit; at?.parent; at = at.parent) steps.push(at.step);
  return steps
    .reverse()
    .reduce<string>((path, step) => (typeof step === "number" ? `${path}[${step}]` : joinPath(path, step)), "");
}

/**
 * Whether the file's text can hold a forbidden key. Without a backslash anywhere, every string of
 * the text is written as it reads, so a forbidden key appears in quotes, as it is; a text with
 * neither a backslash nor any such quoted word holds none, and the walk below is not needed
 * (issue 16: the walk visits every value of every record).
 */
function mayHoldForbiddenKey(text: string): boolean {
  if (text.includes("\\")) return true;
  for (const key of FORBIDDEN_KEYS) if (text.includes(`"${key}"`)) return true;
  return false;
}

/** The first forbidden key and where it is, walking the parsed value without recursion. */
function findForbiddenKey(root: unknown): { path: string; key: string } | null {
  const stack: Visit[] = [{ value: root, parent: null, step: "" }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { value } = item;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], parent: item, step: i });
    } else if (value !== null && typeof value === "object") {
      const keys = Object.keys(value);
      const bad = keys.find((key) => FORBIDDEN_KEYS.has(key));
      if (bad !== undefined) return { path: pathOf(item), key: bad };
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i] as string;
        stack.push({ value: (value as Record<string, unknown>)[key], parent: item, step: key });
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

// Thousands of files name the same few weeks: each distinct text is checked once (issue 16).
const weekChecks = new Map<string, boolean>();

/** `isIsoWeek`, remembered per text (at most a few thousand texts are kept). */
function isKnownWeek(week: string): boolean {
  let known = weekChecks.get(week);
  if (known === undefined) {
    if (weekChecks.size >= 4096) weekChecks.clear();
    known = isIsoWeek(week);
    weekChecks.set(week, known);
  }
  return known;
}

function checkRecords(file: AggregateFile, now: number): string | null {
  if (file.records.length === 0) return "holds no weekly records";
  const running = isoWeekOf(now);
  const idIndex = new Map<string, number>();
  const weekIndex = new Map<string, number>();
  for (const [i, record] of file.records.entries()) {
    const at = `records[${i}]`;
    if (!isKnownWeek(record.week)) return `${at}.week: ${record.week} does not exist`;
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
    if (!isKnownWeek(week)) return `period.${end}: ${week} does not exist`;
  }
  return null;
}

/** Refuses files written by a newer extension than the one reading them: their meaning may have changed. */
function checkGenerator(file: AggregateFile, rules: ImportRules): string | null {
  if (rules.readerVersion === null) return null;
  const written = file.generator.slice(file.generator.lastIndexOf(" ") + 1);
  if (compareVersions(written, rules.readerVersion) <= 0) return null;
  return `generator: written by version ${written}, newer than this dashboard (${rules.readerVersion})`;
}

/** Compares two "1.2.3" versions: negative, 0 or positive. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    const difference = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/**
 * Plausibility (issue 12): what the builder can never write is refused with the reason. Checks that
 * noise could break (flags against rows, totals) apply only to files without noise; the flags
 * themselves are computed before noise, so their own consistency is always checked.
 */
function checkPlausible(file: AggregateFile, rules: ImportRules): string | null {
  const { from, to } = file.period;
  if (compareWeeks(from, to) > 0) return `period: starts (${from}) after it ends (${to})`;
  const exact = file.noiseEpsilon === null;
  const stepActive = file.rounding.activeMinutes;
  const stepSaved = file.rounding.minutesSaved;
  for (const [i, record] of file.records.entries()) {
    const at = `records[${i}]`;
    if (compareWeeks(record.week, from) < 0 || compareWeeks(record.week, to) > 0) {
      return `${at}.week: ${record.week} is outside the file's period (${from} to ${to})`;
    }
    for (const [j, tool] of record.tools.entries()) {
      if (!rules.toolIds.has(tool.toolId)) {
        return `${at}.tools[${j}].toolId: not a tool of the catalog or of your organization's policy`;
      }
      if (tool.activeMinutes % stepActive !== 0) {
        return `${at}.tools[${j}].activeMinutes: ${tool.activeMinutes} is not a multiple of the file's rounding (${stepActive})`;
      }
    }
    for (const [j, task] of record.tasks.entries()) {
      if (!rules.categoryIds.has(task.category)) {
        return `${at}.tasks[${j}].category: not a task category of the list in force`;
      }
      if (task.minutesSaved % stepSaved !== 0) {
        return `${at}.tasks[${j}].minutesSaved: ${task.minutesSaved} is not a multiple of the file's rounding (${stepSaved})`;
      }
    }
    const t = record.weeksSinceTraining;
    const early = record.features.activeInWeeks1to4;
    if ((t === null) !== (early === null)) {
      return `${at}.features.activeInWeeks1to4: must be null exactly when weeksSinceTraining is null`;
    }
    if (t !== null && t < 1 && early === true) {
      return `${at}.features.activeInWeeks1to4: true in week ${t}, before week 1 after training`;
    }
    if (t !== null && t >= 1 && t <= 4 && record.features.active && early === false) {
      return `${at}.features.activeInWeeks1to4: false although the record is active in week ${t} after training`;
    }
    if (!exact) continue;
    const visits = record.tools.reduce((sum, tool) => sum + tool.visits, 0);
    const minutes = record.tools.reduce((sum, tool) => sum + tool.activeMinutes, 0);
    if (record.features.active && visits === 0) return `${at}.features.active: true without any visit`;
    if (!record.features.active && visits > 0) return `${at}.features.active: false with ${visits} visits`;
    if (minutes > 0 && record.activeDays === 0) return `${at}.activeDays: 0 with ${minutes} active minutes`;
    // Rounding each tool to the nearest step can add up to half a step per tool.
    if (minutes > MINUTES_PER_WEEK + record.tools.length * stepActive) {
      return `${at}.tools: ${minutes} active minutes, more than a week holds`;
    }
    if (minutes > record.activeDays * 24 * 60 + record.tools.length * stepActive) {
      return `${at}.tools: ${minutes} active minutes in ${record.activeDays} active days`;
    }
    for (const [j, task] of record.tasks.entries()) {
      // Each tag claims at most MAX_MINUTES_SAVED minutes; the sum is rounded to the nearest step.
      if (task.minutesSaved > task.tags * MAX_MINUTES_SAVED + stepSaved) {
        return `${at}.tasks[${j}].minutesSaved: ${task.minutesSaved} minutes for ${task.tags} tags (at most ${MAX_MINUTES_SAVED} each)`;
      }
    }
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
