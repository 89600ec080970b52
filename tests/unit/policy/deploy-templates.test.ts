import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { CATALOG } from "../../../lib/catalog/catalog";
import { type ManagedSchemaNode, managedSchema } from "../../../lib/policy/managed-schema";
import { lockedFields, type Policy, parsePolicy } from "../../../lib/policy/policy";

// The IT templates under docs/deploy/: each must install the extension and carry the same valid policy.
const deploy = resolve(import.meta.dirname, "../../../docs/deploy");
const read = (path: string) => readFileSync(join(deploy, path), "utf8");

const CHROME_ID = "ddckonafdhipgbbjhhdbhlgbonladhhk";
const GECKO_ID = "ai-adoption-meter@ai-adoption-meter.org";
const CHROME_STORE = "https://clients2.google.com/service/update2/crx";
const EDGE_STORE = "https://edge.microsoft.com/extensionwebstorebase/v1/crx";
const PLACEHOLDER = "https://REPLACE-WITH-YOUR-SERVER.example/";

const example = JSON.parse(read("example-policy.json")) as Policy;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : [relative(deploy, join(dir, entry.name))],
  );
}

/** The policy part must validate with no issue and be the shared example. */
function expectExamplePolicy(policy: unknown) {
  const parsed = parsePolicy(policy);
  expect(parsed.issues).toEqual([]);
  expect(policy).toEqual(example);
}

// --- Windows .reg ---------------------------------------------------------------------------

type RegValue = { kind: "sz"; value: string } | { kind: "dword"; value: number };

/** Reads a `Windows Registry Editor Version 5.00` file: key → value name → value. */
function parseReg(text: string): Map<string, Map<string, RegValue>> {
  const lines = text.split("\r\n");
  expect(lines[0]).toBe("Windows Registry Editor Version 5.00");
  const keys = new Map<string, Map<string, RegValue>>();
  let current: Map<string, RegValue> | undefined;
  for (const line of lines.slice(1)) {
    if (line === "" || line.startsWith(";")) continue;
    const key = /^\[(.+)\]$/.exec(line);
    if (key?.[1]) {
      current = new Map();
      keys.set(key[1], current);
      continue;
    }
    const sz = /^"([^"\\]+)"="((?:[^"\\]|\\.)*)"$/.exec(line);
    const dword = /^"([^"\\]+)"=dword:([0-9a-f]{8})$/.exec(line);
    if (!current) throw new Error(`value outside a key: ${line}`);
    if (sz?.[1] && sz[2] !== undefined) current.set(sz[1], { kind: "sz", value: sz[2].replace(/\\(.)/g, "$1") });
    else if (dword?.[1] && dword[2]) current.set(dword[1], { kind: "dword", value: Number.parseInt(dword[2], 16) });
    else throw new Error(`unreadable line: ${line}`);
  }
  return keys;
}

/** What Chrome makes of a registry value, given the type the managed schema declares for it. */
function fromRegistry(value: RegValue, schema: ManagedSchemaNode | undefined): unknown {
  expect(schema, "a registry value for a field the schema does not know").toBeDefined();
  switch (schema?.type) {
    case "object":
    case "array":
      expect(value.kind).toBe("sz");
      return JSON.parse(String(value.value));
    case "boolean":
      return Number(value.value) !== 0;
    case "integer":
      return value.kind === "dword" ? value.value : Number.parseInt(value.value, 10);
    case "number":
      return value.kind === "dword" ? value.value : Number.parseFloat(value.value);
    default:
      expect(value.kind).toBe("sz");
      return value.value;
  }
}

// --- macOS .mobileconfig --------------------------------------------------------------------

type PlistToken = { tag: string; close: boolean; selfClose: boolean } | { text: string };

/** Reads an XML property list (dict, array, string, integer, real, true, false). */
function parsePlist(xml: string): unknown {
  const body = xml
    .replace(/<\?xml[^>]*\?>/, "")
    .replace(/<!DOCTYPE[^>]*>/, "")
    .replace(/<!--[\s\S]*?-->/g, "");
  const tokens = [...body.matchAll(/<(\/?)([a-z]+)(?:\s[^>]*?)?(\/?)>|([^<]+)/g)]
    .map(
      ([, close, tag, selfClose, text]): PlistToken =>
        tag ? { tag, close: close === "/", selfClose: selfClose === "/" } : { text: text ?? "" },
    )
    .filter((token) => !("text" in token) || token.text.trim() !== "");
  let at = 0;
  const next = () => {
    const token = tokens[at++];
    if (!token) throw new Error("unexpected end of plist");
    return token;
  };
  const open = (tag: string) => {
    const token = next();
    if (!("tag" in token) || token.tag !== tag || token.close) throw new Error(`expected <${tag}>`);
    return token;
  };
  const textThenClose = (tag: string) => {
    let token = next();
    let text = "";
    if ("text" in token) {
      text = token.text;
      token = next();
    }
    if (!("tag" in token) || token.tag !== tag || !token.close) throw new Error(`expected </${tag}>`);
    return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  };
  const isClose = (tag: string) => {
    const token = tokens[at];
    return token !== undefined && "tag" in token && token.tag === tag && token.close;
  };
  const value = (): unknown => {
    const token = next();
    if (!("tag" in token) || token.close) throw new Error("expected a value");
    if (token.selfClose) {
      if (token.tag === "true") return true;
      if (token.tag === "false") return false;
      throw new Error(`unexpected <${token.tag}/>`);
    }
    switch (token.tag) {
      case "dict": {
        const dict: Record<string, unknown> = {};
        while (!isClose("dict")) {
          open("key");
          const key = textThenClose("key");
          dict[key] = value();
        }
        at++;
        return dict;
      }
      case "array": {
        const array: unknown[] = [];
        while (!isClose("array")) array.push(value());
        at++;
        return array;
      }
      case "string":
        return textThenClose("string");
      case "integer": {
        const text = textThenClose("integer");
        expect(text).toMatch(/^-?\d+$/);
        return Number.parseInt(text, 10);
      }
      case "real":
        return Number.parseFloat(textThenClose("real"));
      default:
        throw new Error(`unexpected <${token.tag}>`);
    }
  };
  open("plist");
  const root = value();
  textThenClose("plist");
  expect(at).toBe(tokens.length);
  return root;
}

type Payload = Record<string, unknown> & { PayloadType: string };

function withoutPayloadKeys(payload: Payload): Record<string, unknown> {
  return Object.fromEntries(Object.entries(payload).filter(([key]) => !key.startsWith("Payload")));
}

// --- The tests ------------------------------------------------------------------------------

describe("the example policy", () => {
  it("is valid and sets what the guide promises", () => {
    expect(parsePolicy(example)).toEqual({ policy: example, issues: [] });
    expect(example).toMatchObject({
      teamLabel: "Marketing",
      approvedToolIds: ["chatgpt", "claude", "m365-copilot"],
      export: { minGroupSize: 5 },
    });
    expect(lockedFields(example)).toEqual(
      expect.arrayContaining(["trainingDate", "taskCategories", "targets.weeklyActiveRate", "hourlyCost"]),
    );
  });
});

describe.each([
  ["chrome/linux-policy.json", CHROME_STORE],
  ["edge/linux-policy.json", EDGE_STORE],
  ["chromium/linux-policy.json", CHROME_STORE],
])("%s", (path, updateUrl) => {
  const json = JSON.parse(read(path));

  it("force-installs the extension from the store", () => {
    expect(json.ExtensionSettings).toEqual({
      [CHROME_ID]: { installation_mode: "force_installed", update_url: updateUrl },
    });
  });

  it("holds the example policy under 3rdparty.extensions", () => {
    expect(Object.keys(json)).toEqual(["ExtensionSettings", "3rdparty"]);
    expect(Object.keys(json["3rdparty"].extensions)).toEqual([CHROME_ID]);
    expectExamplePolicy(json["3rdparty"].extensions[CHROME_ID]);
  });
});

describe("firefox/policies.json", () => {
  const json = JSON.parse(read("firefox/policies.json"));

  it("force-installs the add-on from a clearly marked placeholder address", () => {
    expect(Object.keys(json)).toEqual(["policies"]);
    const settings = json.policies.ExtensionSettings[GECKO_ID];
    expect(settings.installation_mode).toBe("force_installed");
    expect(settings.install_url).toMatch(new RegExp(`^${PLACEHOLDER.replace(/[.]/g, "\\.")}.+\\.xpi$`));
  });

  it("holds the example policy under 3rdparty.Extensions", () => {
    expect(Object.keys(json.policies["3rdparty"].Extensions)).toEqual([GECKO_ID]);
    expectExamplePolicy(json.policies["3rdparty"].Extensions[GECKO_ID]);
  });
});

describe.each([
  ["chrome/windows.reg", "Google\\Chrome", CHROME_STORE],
  ["edge/windows.reg", "Microsoft\\Edge", EDGE_STORE],
])("%s", (path, vendor, updateUrl) => {
  const text = read(path);
  const keys = parseReg(text);
  const root = `HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\${vendor}`;
  const policyKey = `${root}\\3rdparty\\extensions\\${CHROME_ID}\\policy`;

  it("uses Windows line endings throughout", () => {
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });

  it("writes exactly the two keys", () => {
    expect([...keys.keys()]).toEqual([root, policyKey]);
  });

  it("force-installs the extension from the store", () => {
    const value = keys.get(root)?.get("ExtensionSettings");
    expect(value?.kind).toBe("sz");
    expect(JSON.parse(String(value?.value))).toEqual({
      [CHROME_ID]: { installation_mode: "force_installed", update_url: updateUrl },
    });
  });

  it("holds the example policy, as Chrome converts it with the managed schema", () => {
    const properties = managedSchema().properties ?? {};
    const policy = Object.fromEntries(
      [...(keys.get(policyKey) ?? new Map<string, RegValue>())].map(([name, value]) => [
        name,
        fromRegistry(value, properties[name]),
      ]),
    );
    expectExamplePolicy(policy);
  });
});

describe.each([
  ["chrome/macos.mobileconfig", "com.google.Chrome", CHROME_STORE],
  ["edge/macos.mobileconfig", "com.microsoft.Edge", EDGE_STORE],
])("%s", (path, domain, updateUrl) => {
  const profile = parsePlist(read(path)) as Payload & { PayloadContent: Payload[] };

  it("is a system-wide configuration profile with two payloads", () => {
    expect(profile.PayloadType).toBe("Configuration");
    expect(profile.PayloadScope).toBe("System");
    expect(profile.PayloadContent.map((payload) => payload.PayloadType)).toEqual([
      domain,
      `${domain}.extensions.${CHROME_ID}`,
    ]);
  });

  it("force-installs the extension from the store", () => {
    const [settings] = profile.PayloadContent;
    expect(settings?.ExtensionSettings).toEqual({
      [CHROME_ID]: { installation_mode: "force_installed", update_url: updateUrl },
    });
  });

  it("holds the example policy as native values", () => {
    const [, policy] = profile.PayloadContent;
    expect(policy).toBeDefined();
    expectExamplePolicy(withoutPayloadKeys(policy as Payload));
  });

  it("every payload has a version and an identifier", () => {
    for (const payload of [profile, ...profile.PayloadContent]) {
      expect(payload.PayloadVersion).toBe(1);
      expect(payload.PayloadIdentifier).toMatch(/^[a-z0-9.-]+$/);
    }
  });
});

describe("all templates", () => {
  const all = files(deploy);

  it("are the ones the guide lists", () => {
    expect(all.sort()).toEqual(
      [
        "README.md",
        "chrome/linux-policy.json",
        "chrome/macos.mobileconfig",
        "chrome/windows.reg",
        "chromium/linux-policy.json",
        "edge/linux-policy.json",
        "edge/macos.mobileconfig",
        "edge/windows.reg",
        "example-policy.json",
        "firefox/policies.json",
        "self-hosted-updates.xml",
      ].sort(),
    );
    const guide = read("README.md");
    for (const file of all.filter((name) => name !== "README.md")) expect(guide).toContain(`\`${file}\``);
  });

  it("name the right extension", () => {
    for (const file of all.filter((name) => name !== "README.md" && name !== "example-policy.json")) {
      expect(read(file)).toContain(file.startsWith("firefox/") ? GECKO_ID : CHROME_ID);
    }
  });

  it("use only store addresses or the marked placeholder", () => {
    for (const file of all.filter((name) => name !== "README.md")) {
      const urls = read(file).match(/https:\/\/[^\s"'<>\\]+/g) ?? [];
      for (const url of urls) {
        const allowed =
          url === CHROME_STORE ||
          url === EDGE_STORE ||
          url.startsWith(PLACEHOLDER) ||
          // The plist DOCTYPE and the update manifest's XML namespace are identifiers, not downloads.
          url === "http://www.apple.com/DTDs/PropertyList-1.0.dtd";
        expect(allowed, `${file}: ${url}`).toBe(true);
      }
    }
  });

  it("give every macOS payload its own UUID", () => {
    const uuids = ["chrome/macos.mobileconfig", "edge/macos.mobileconfig"].flatMap(
      (file) => read(file).match(/<key>PayloadUUID<\/key>\s*<string>([^<]*)<\/string>/g) ?? [],
    );
    expect(uuids).toHaveLength(6);
    expect(new Set(uuids).size).toBe(6);
    for (const entry of uuids)
      expect(entry).toMatch(/[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}/);
  });
});

describe("self-hosted-updates.xml", () => {
  const xml = read("self-hosted-updates.xml");

  it("is an update manifest for the extension with a placeholder package address", () => {
    expect(xml).toContain('<gupdate xmlns="http://www.google.com/update2/response" protocol="2.0">');
    expect(xml).toContain(`<app appid="${CHROME_ID}">`);
    expect(xml).toMatch(
      new RegExp(`codebase="${PLACEHOLDER.replace(/[.]/g, "\\.")}[^"]+\\.crx" version="\\d+\\.\\d+\\.\\d+"`),
    );
  });
});

describe("the guide", () => {
  const guide = read("README.md");

  it("gives both extension ids and the store addresses", () => {
    for (const text of [CHROME_ID, GECKO_ID, CHROME_STORE, EDGE_STORE]) expect(guide).toContain(text);
  });

  it("documents every policy field in its table", () => {
    const schema = managedSchema().properties ?? {};
    const paths = Object.entries(schema).flatMap(([key, node]) =>
      node.type === "object" ? Object.keys(node.properties ?? {}).map((sub) => `${key}.${sub}`) : [key],
    );
    for (const path of paths) expect(guide).toMatch(new RegExp(`^\\| \`${path.replace(".", "\\.")}\` +\\|`, "m"));
  });

  it("lists every catalog id", () => {
    for (const tool of CATALOG) expect(guide).toContain(`\`${tool.id}\``);
  });
});
