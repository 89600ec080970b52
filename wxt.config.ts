import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { defineConfig } from "wxt";
import { deferRestOfPopup } from "./entrypoints/popup/built-html";
import { CATALOG, heartbeatMatchPatterns, hostMatchPatterns } from "./lib/catalog/catalog";

/**
 * Public half of the signing key: it fixes the Chrome/Edge extension ID to
 * ddckonafdhipgbbjhhdbhlgbonladhhk, which IT puts in managed policy. The private key is
 * never committed.
 */
const PUBLIC_KEY =
  "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA11BcjDwXfUwdQo7cQgqXXOs94oVy1bbWIdFEEoxw5N2v8Kaga80ZnvCzhwxcLKacqyKZ6enBM+wU44yZieEDZFZgJQ+9GZ+hbSI4MLqqaSO4Awx8sYo6up443cdI0G1CzplQSplP+hIfJbQP+2HkCkcfLzAnyD4M667lrJjPt7ijTbqy/Wu9NKegbUBFYM9uo3Gw1SCFvL26835qiPzXnt2ekwdeimmR4MX5QFX0rxouWRPjNSzarAJjUmiWPiKHXD1qeZuu4qQJl4cY/zYz/UVoScwiRrs6KKCtixkU52TlclQfsSy/iZcrkBeD9m6AJVeJrWgi8Rm1oxBC/o5N9wIDAQAB";

/** Firefox add-on id (Firefox ignores `key`). */
const GECKO_ID = "ai-adoption-meter@ai-adoption-meter.org";

/**
 * Extension pages may load only their own code and may connect nowhere: the extension
 * makes no network request, ever.
 */
const EXTENSION_PAGES_CSP =
  "default-src 'self'; script-src 'self'; object-src 'none'; connect-src 'none'; img-src 'self' data: blob:; base-uri 'none'; form-action 'none'";

export default defineConfig({
  outDir: ".output",
  // Manifest V3 everywhere, Firefox included: one permission model to reason about.
  manifestVersion: 3,
  manifest: ({ browser, command }) => ({
    name: "__MSG_extensionName__",
    description: "__MSG_extensionDescription__",
    default_locale: "en",
    ...(browser === "firefox"
      ? { browser_specific_settings: { gecko: { id: GECKO_ID, strict_min_version: "128.0" } } }
      : { key: PUBLIC_KEY }),
    // alarms: the tick while a segment is open; idle: the idle rule; storage: the heartbeat
    // and the browser-session id; notifications: the optional "what was it for?" question,
    // only when switched on; scripting: the same heartbeat in custom tools' pages, on the
    // hosts the person granted (it adds no install warning and reaches no other host).
    permissions: ["alarms", "idle", "notifications", "scripting", "storage"],
    host_permissions: hostMatchPatterns(CATALOG),
    // Custom tools ask for their own host at the moment they are added.
    optional_host_permissions: ["https://*/*"],
    action: { default_title: "__MSG_extensionName__" },
    // Chrome and Edge pass only policy values that fit this schema, generated from the
    // policy's zod schema (lib/policy); without it they give the extension no policy at all.
    storage: { managed_schema: "managed_schema.json" },
    // Measurement only: reports that an AI-tool page is visible, reads nothing from it.
    content_scripts: [{ matches: heartbeatMatchPatterns(CATALOG), js: ["heartbeat.js"], run_at: "document_start" }],
    // The dev server needs to connect to localhost; every build gets the strict policy.
    ...(command === "build" ? { content_security_policy: { extension_pages: EXTENSION_PAGES_CSP } } : {}),
  }),
  hooks: {
    // Issue 16: the built popup loads the rest of itself after its figures (entrypoints/popup/built-html.ts).
    async "build:done"(wxt) {
      if (wxt.config.command !== "build") return;
      const page = join(wxt.config.outDir, "popup.html");
      await writeFile(page, deferRestOfPopup(await readFile(page, "utf8")));
    },
  },
  // Module workers: the protected-sharing workers load their libraries in more than one chunk.
  vite: () => ({ worker: { format: "es" as const } }),
  zip: {
    artifactTemplate: "{{name}}-{{version}}-{{browser}}.zip",
    sourcesTemplate: "{{name}}-{{version}}-sources.zip",
    excludeSources: ["**/*.pem", "**/*.key", ".env*", "test-results/**", "playwright-report/**"],
  },
});
