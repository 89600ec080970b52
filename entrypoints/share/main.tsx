import { createRoot } from "react-dom/client";
import "../../components/theme.css";
import "../../components/page.css";
import { MessagesContext } from "../../components/messages";
import { t } from "../../lib/platform/i18n";
import { Share } from "./Share";

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <MessagesContext.Provider value={t}>
      <Share />
    </MessagesContext.Provider>,
  );
}
