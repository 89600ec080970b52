import { createRoot } from "react-dom/client";
import "../../components/theme.css";
import "../../components/page.css";
import { MessagesContext } from "../../components/messages";
import { t } from "../../lib/platform/i18n";
import { TagPage } from "./TagPage";

const root = document.getElementById("root");
const visitId = Number(new URLSearchParams(location.search).get("visit"));
if (root) {
  createRoot(root).render(
    <MessagesContext.Provider value={t}>
      <TagPage visitId={visitId} />
    </MessagesContext.Provider>,
  );
}
