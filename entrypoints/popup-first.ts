import { startFirstPaint } from "./popup/first-figures";

// The popup's first paint (entrypoints/popup/first-figures.ts), built as its own classic
// script, popup-first.js, that popup.html alone loads.
export default defineUnlistedScript(() => startFirstPaint(Date.now()));
