import type { ReactNode } from "react";
import { createRoot } from "react-dom/client";
import { MessagesContext } from "../../components/messages";
import { t } from "./i18n";

/** Renders an extension page into #root, with the browser's translations for its components. */
export function mountPage(page: ReactNode): void {
  const root = document.getElementById("root");
  if (root) createRoot(root).render(<MessagesContext.Provider value={t}>{page}</MessagesContext.Provider>);
}
