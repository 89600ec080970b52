import { mountPage } from "../../lib/platform/mount-page";
import type { FirstFigures } from "./first-figures";
import { Popup } from "./Popup";

/** Mounts the full popup over the first figures, starting from them. */
export function mountPopup(first: FirstFigures | null): void {
  mountPage(<Popup first={first} />);
}
