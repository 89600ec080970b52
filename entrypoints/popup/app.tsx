import "../../components/theme.css";
import "./popup.css";
import { mountPage } from "../../lib/platform/mount-page";
import type { FirstFigures } from "./handoff";
import { Popup } from "./Popup";

/** Mounts the full popup over the first figures, starting from them. */
export function mountPopup(first: FirstFigures | null): void {
  mountPage(<Popup first={first} />);
}
