// Issue 16: in the built popup.html, the bundler loads the rest of the popup (its module and
// the module's preloads) from the <head>, beside popup-first.js. Those fetches slow down the
// one that the figures wait for. The build moves the module's address onto popup-first.js,
// which loads it once the figures are painted (see first-figures.ts), and drops the preloads:
// the module brings its own imports.

const FIRST_SCRIPT = '<script defer fetchpriority="high" src="/popup-first.js"></script>';
const MODULE_SCRIPT = /\s*<script type="module" crossorigin src="([^"]+)"><\/script>/;
const PRELOAD = /\s*<link rel="modulepreload" crossorigin href="[^"]+">/g;

/**
 * popup.html as built, with the rest of the popup loaded by popup-first.js after the figures.
 * Throws when the page does not have the shape this expects, so that a change of the bundler
 * shows at build time instead of as a popup that never loads its rest.
 */
export function deferRestOfPopup(html: string): string {
  const module = MODULE_SCRIPT.exec(html);
  if (!html.includes(FIRST_SCRIPT) || !module) {
    throw new Error("popup.html: expected popup-first.js and one module script in the built page");
  }
  return html
    .replace(MODULE_SCRIPT, "")
    .replace(PRELOAD, "")
    .replace(FIRST_SCRIPT, FIRST_SCRIPT.replace("></script>", ` data-rest="${module[1]}"></script>`));
}
