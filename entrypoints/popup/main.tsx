import { createRoot } from "react-dom/client";
import "../../components/theme.css";
import "./popup.css";
import { MessagesContext } from "../../components/messages";
import { t } from "../../lib/platform/i18n";
import { Popup } from "./Popup";

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <MessagesContext.Provider value={t}>
      <Popup />
    </MessagesContext.Provider>,
  );
}
