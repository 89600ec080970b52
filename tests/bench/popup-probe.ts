import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeSites } from "../e2e/support/fake-sites";
import { launchPopupProfile, type Open, openOnce, PAGES, preparePopupProfile } from "./popup";
import { median, table } from "./stats";

// What each way of reading the popup's figures costs, against the empty page, in the bench's
// profile (a year of heavy use, the production build): probe pages added to the copy of the
// build, each with one tiny classic script that paints "0 min" after one read. A tool to choose
// with: `npm run build && npm run build:e2e && npx tsx tests/bench/popup-probe.ts [opens]`.
// Also tried: an inline script allowed by its hash in the pages' CSP would save the script's
// fetch, but Chromium (checked again with 156) refuses to load a Manifest V3 extension whose
// extension-page script-src names a hash, and so it does for 'inline-speculation-rules';
// 'wasm-unsafe-eval' loads but runs no inline script. So every page pays for one script file,
// fetched once the HTML is in: its size hardly matters (the probe "script" above is 0.2 KB),
// the round trip does. A hash in style-src is accepted (an inline <style>), but the popup needs
// none: popup-first.js applies its styles as a constructed stylesheet while its read is under way.

const PAINT = `performance.mark("popup-figures-read"); const p = document.createElement("p"); p.textContent = "0 min"; document.body.append(p);`;

/** Probe pages: name → the classic script's body (run deferred from the <head>). */
const PROBES: Record<string, string> = Object.fromEntries(
  Object.entries({
    // The script alone: its fetch, compile and run.
    script: PAINT,
    // One storage.session read of everything kept there.
    session: `chrome.storage.session.get(null).then(() => { ${PAINT} });`,
    // One storage.session read of one key.
    "session-key": `chrome.storage.session.get("popupFigures").then(() => { ${PAINT} });`,
    // The personal database opened and one value read.
    idb: `const r = indexedDB.open("ai-adoption-meter"); r.onsuccess = () => { const t = r.result.transaction("keptValues", "readonly"); t.objectStore("keptValues").get("tracking"); t.oncomplete = () => { ${PAINT} }; };`,
  }).map(([name, body]) => [name, `performance.mark("popup-code-start"); ${body}`]),
);

const page = (name: string) => ({ path: `probe-${name}.html`, selector: "p", count: 1 }) as const;

const opens = Number(process.argv[2] ?? 7);
const sites = await startFakeSites();
const kept = process.env.BENCH_POPUP_PROFILE;
const dir = kept ?? (await mkdtemp(join(tmpdir(), "meter-popup-probe-")));
try {
  const prepared = await preparePopupProfile(dir, sites);
  for (const [name, body] of Object.entries(PROBES)) {
    await writeFile(
      join(prepared.extension, `probe-${name}.html`),
      `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Probe</title><script defer src="/probe-${name}.js"></script></head><body></body></html>\n`,
    );
    await writeFile(join(prepared.extension, `probe-${name}.js`), `${body}\n`);
  }
  // The popup's own first script alone, without the rest of the popup loading beside it;
  // and the same run at once from the <head>, not deferred.
  for (const [name, attribute] of [
    ["first", " defer"],
    ["first-sync", ""],
  ]) {
    await writeFile(
      join(prepared.extension, `probe-${name}.html`),
      `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Probe</title><script${attribute} src="/popup-first.js"></script></head><body><div id="root"></div></body></html>\n`,
    );
  }
  const meter = await launchPopupProfile(prepared, sites);
  try {
    const names = ["blank", ...Object.keys(PROBES), "first", "first-sync", "popup"];
    const pageOf = (name: string) =>
      name === "blank"
        ? PAGES.blank
        : name === "popup"
          ? PAGES.popup
          : name.startsWith("first")
            ? { ...PAGES.popup, path: `probe-${name}.html` }
            : page(name);
    for (const name of names) await openOnce(meter, pageOf(name));
    const painted: Record<string, Open[]> = Object.fromEntries(names.map((name) => [name, []]));
    for (let i = 0; i < opens; i++) {
      // A different order each round, so no page always follows the same one.
      const order = names.map((_, k) => names[(k + i) % names.length] as string);
      for (const name of order) painted[name]?.push(await openOnce(meter, pageOf(name)));
    }
    const blank = median((painted.blank ?? []).map((o) => o.painted));
    process.stdout.write(
      `${table(
        ["page", "painted ms", "max ms", "÷ empty page", "HTML in", "code runs", "read done", "shown"],
        names.map((name) => {
          const opened = painted[name] ?? [];
          const values = opened.map((o) => o.painted);
          const at = (pick: (o: Open) => number | undefined) =>
            median(opened.map((o) => pick(o) ?? Number.NaN)).toFixed(1);
          return [
            name,
            median(values).toFixed(1),
            Math.max(...values).toFixed(1),
            (median(values) / blank).toFixed(2),
            at((o) => o.htmlIn),
            at((o) => o.codeStart),
            at((o) => o.read),
            at((o) => o.shown),
          ];
        }),
      )}\n`,
    );
  } finally {
    await meter.close();
  }
} finally {
  await sites.close();
  if (!kept) await rm(dir, { recursive: true, force: true });
}
