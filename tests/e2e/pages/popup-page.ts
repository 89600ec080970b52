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

  /** The pause switch: on while tracking, off while paused. */
  trackingSwitch() {
    return this.page.getByRole("switch", { name: "Track AI use" });
  }

  trackedTools() {
    return this.page.getByRole("list", { name: "Tools being tracked" }).getByRole("listitem");
  }

  /** The row of a tool in "By tool this week". */
  weekRow(toolName: string) {
    return this.page
      .getByRole("table")
      .first()
      .getByRole("row", { name: new RegExp(`^${toolName}\\b`) });
  }

  todayTotal() {
    return this.page.getByTestId("today-total");
  }

  weekTotal() {
    return this.page.getByTestId("week-total");
  }

  writeError() {
    return this.page.getByTestId("write-error");
  }

  pending() {
    return this.page.getByTestId("pending").locator(".card");
  }

  savedTotal() {
    return this.page.getByTestId("saved-total");
  }

  dashboardLink() {
    return this.page.getByRole("link", { name: "Team dashboard" });
  }

  optionsLink() {
    return this.page.getByRole("link", { name: "Settings and privacy" });
  }
}
