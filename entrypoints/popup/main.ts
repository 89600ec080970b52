import { firstFiguresPainted } from "./handoff";

// The rest of the popup, once popup-first.js has painted the figures (see first-figures.ts).
async function start(): Promise<void> {
  const first = await firstFiguresPainted();
  // Loading the rest (React, the database library) costs the main thread tens of ms of
  // compiling: it starts only once the frame with the figures has been painted.
  // A page that is not shown paints no frames: it loads the rest at once.
  if (document.visibilityState === "visible") {
    await new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  }
  const { mountPopup } = await import("./app");
  mountPopup(first);
}

void start();
