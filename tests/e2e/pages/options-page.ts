import type { Page } from "@playwright/test";

/** The options page: settings, privacy and "Download my data". */
export class OptionsPage {
  constructor(readonly page: Page) {}

  downloadButton() {
    return this.page.getByRole("button", { name: "Download my data" });
  }

  dashboardLink() {
    return this.page.getByRole("link", { name: "Team dashboard" });
  }

  trackedTools() {
    return this.page.getByRole("list", { name: "Tools being tracked" }).getByRole("listitem");
  }
}
