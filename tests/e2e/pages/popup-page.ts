import type { Page } from "@playwright/test";

/** The toolbar popup, opened as a page. */
export class PopupPage {
  constructor(readonly page: Page) {}

  trackingState() {
    return this.page.getByTestId("tracking-state");
  }

  emptyState() {
    return this.page.getByTestId("empty-state");
  }

  pauseButton() {
    return this.page.getByRole("button", { name: /^(Pause|Resume)$/ });
  }

  trackedTools() {
    return this.page.getByRole("list", { name: "Tools being tracked" }).getByRole("listitem");
  }

  todayRow(toolName: string) {
    return this.page.getByRole("row").filter({ hasText: toolName });
  }

  dashboardLink() {
    return this.page.getByRole("link", { name: "Team dashboard" });
  }

  optionsLink() {
    return this.page.getByRole("link", { name: "Settings and privacy" });
  }
}
