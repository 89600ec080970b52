import "../../components/theme.css";
import "./popup.css";
import { type FirstFigures, paintFirstFigures, readFirstFigures } from "./first-figures";

// The figures first, the rest of the popup after they are painted (see first-figures.ts).
const root = document.getElementById("root");

async function start(): Promise<void> {
  let first: FirstFigures | null = null;
  try {
    first = await readFirstFigures(Date.now());
    if (root && first) paintFirstFigures(root, first);
  } catch (error) {
    // The full popup reads everything again and shows any failure in its own place.
    console.error("[popup]", error);
  }
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
