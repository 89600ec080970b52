/**
 * The architecture's layering rules (PRODUCT.md, "Architecture (the house)"), read from the
 * code's own imports. Pure over a map of repo-relative path → source, so a test can show each
 * rule firing on a small fixture.
 */

/** One import of a file: where it points and whether only types cross. */
export interface ImportEdge {
  readonly from: string;
  /** A repo-relative path for local modules, else the package name as written. */
  readonly to: string;
  readonly typeOnly: boolean;
}

/** A broken rule: which rule, in which file, and what it found. */
export interface Violation {
  readonly rule: string;
  readonly file: string;
  readonly detail: string;
}

/** Code without comments and string contents, so prose about "the browser." is not a hit. */
export function codeOnly(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/(^|[^:])\/\/.*$/gm, "$1")
    .replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g, '""');
}

const IMPORT =
  /\b(import|export)\s+(type\s+)?(?:[\w*\s{},$]*?\s+from\s+)?["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']\s*\)/g;

function dirname(path: string): string {
  const at = path.lastIndexOf("/");
  return at < 0 ? "" : path.slice(0, at);
}

function normalize(path: string): string {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return parts.join("/");
}

/** Resolves a relative specifier against the known files (.ts, .tsx, index), else keeps the path. */
function resolve(from: string, specifier: string, files: ReadonlySet<string>): string {
  const base = normalize(`${dirname(from)}/${specifier}`);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) {
    if (files.has(candidate)) return candidate;
  }
  return base;
}

/** Every import and re-export of every file, comments ignored. */
export function importEdges(sources: Readonly<Record<string, string>>): ImportEdge[] {
  const files = new Set(Object.keys(sources));
  const edges: ImportEdge[] = [];
  for (const [from, source] of Object.entries(sources)) {
    const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:])\/\/.*$/gm, "$1");
    for (const match of code.matchAll(IMPORT)) {
      const specifier = (match[3] ?? match[4]) as string;
      const to = specifier.startsWith(".") ? resolve(from, specifier, files) : specifier;
      edges.push({ from, to, typeOnly: match[2] !== undefined });
    }
  }
  return edges;
}

const under = (folder: string) => (path: string) => path === folder || path.startsWith(`${folder}/`);

/** Import rules: files matching `from` may not import what matches `forbidden`. */
export const IMPORT_RULES: readonly {
  name: string;
  from: (path: string) => boolean;
  forbidden: (target: string, typeOnly: boolean) => boolean;
}[] = [
  // The engine may name the shapes of the records it hands over (type-only imports of lib/db),
  // never the store's code: the store comes in as a TrackingStore.
  {
    name: "the tracking engine knows no store",
    from: under("lib/tracking"),
    forbidden: (to, typeOnly) => (under("lib/db")(to) && !typeOnly) || to === "dexie" || to.startsWith("dexie/"),
  },
  { name: "components know no browser adapter", from: under("components"), forbidden: under("lib/platform") },
  { name: "the lead's side knows no raw tracking", from: under("lib/team"), forbidden: under("lib/tracking") },
  {
    name: "the domain gets adapters passed in, it does not import them",
    from: (path) => under("lib")(path) && !under("lib/platform")(path),
    forbidden: under("lib/platform"),
  },
];

/** Where the browser may be touched: the adapters and the entrypoints. */
const mayTouchBrowser = (path: string) => under("lib/platform")(path) || under("entrypoints")(path);

/** Browser globals, and the packages that reach the browser. */
export const BROWSER_GLOBALS: readonly [string, RegExp][] = [
  ["browser.*", /\bbrowser\s*\./],
  ["chrome.*", /\bchrome\s*\./],
  ["document", /\bdocument\b/],
  ["window", /\bwindow\s*\./],
  ["indexedDB", /\bindexedDB\b/],
  ["navigator", /\bnavigator\s*\./],
  ["localStorage", /\b(local|session)Storage\b/],
];

const BROWSER_PACKAGES = /^(wxt\/browser|wxt\/utils\/storage|webextension-polyfill)$/;
const isDexie = (to: string) => to === "dexie" || to.startsWith("dexie/");

/**
 * Files allowed Dexie outside lib/db/ for now, each with its reason. Issue 14, point 4: the
 * team database moves into lib/db/; delete its line here when it does.
 */
export const DEXIE_OUTSIDE_DB: ReadonlyMap<string, string> = new Map();

/** The cycles among local modules (strongly connected components of more than one file, or a self-import). */
export function importCycles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) {
    if (!to.includes("/") && !to.startsWith("lib") && !to.startsWith("components")) continue;
    next.set(from, [...(next.get(from) ?? []), to]);
  }
  // Tarjan's algorithm, iterative enough for a few hundred files.
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string) => {
    order.set(node, index);
    low.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const target of next.get(node) ?? []) {
      if (!order.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node) as number, low.get(target) as number));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node) as number, order.get(target) as number));
      }
    }
    if (low.get(node) === order.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (next.get(node) ?? []).includes(node)) cycles.push(component.sort());
    }
  };
  for (const node of next.keys()) if (!order.has(node)) visit(node);
  return cycles;
}

/** Every broken rule in `sources` (repo-relative path → source). */
export function layeringViolations(sources: Readonly<Record<string, string>>): Violation[] {
  const edges = importEdges(sources);
  const violations: Violation[] = [];
  for (const edge of edges) {
    for (const rule of IMPORT_RULES) {
      if (rule.from(edge.from) && rule.forbidden(edge.to, edge.typeOnly)) {
        violations.push({ rule: rule.name, file: edge.from, detail: `imports ${edge.to}` });
      }
    }
    if (mayTouchBrowser(edge.from)) continue;
    if (
      BROWSER_PACKAGES.test(edge.to) ||
      (isDexie(edge.to) && !under("lib/db")(edge.from) && !DEXIE_OUTSIDE_DB.has(edge.from))
    ) {
      violations.push({
        rule: "only lib/platform and entrypoints touch the browser",
        file: edge.from,
        detail: `imports ${edge.to}`,
      });
    }
  }
  for (const [file, source] of Object.entries(sources)) {
    if (mayTouchBrowser(file)) continue;
    const code = codeOnly(source);
    for (const [what, pattern] of BROWSER_GLOBALS) {
      if (pattern.test(code)) {
        violations.push({ rule: "only lib/platform and entrypoints touch the browser", file, detail: `uses ${what}` });
      }
    }
  }
  for (const cycle of importCycles(edges)) {
    violations.push({ rule: "no import cycles", file: cycle[0] as string, detail: cycle.join(" → ") });
  }
  return violations;
}
