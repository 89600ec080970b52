import type { Page } from "@playwright/test";

/** The options page: settings, tools, privacy and the user's data. */
export class OptionsPage {
  constructor(readonly page: Page) {}

  downloadButton() {
    return this.page.getByRole("button", { name: "Download my data" });
  }

  dashboardLink() {
    return this.page.getByRole("link", { name: "Team dashboard" });
  }

  approvedTools() {
    return this.page.getByRole("list", { name: "Approved AI tools" }).getByRole("checkbox");
  }

  field(label: string | RegExp) {
    return this.page.getByRole("textbox", { name: label });
  }

  fieldError(name: string) {
    return this.page.locator(`input[name="${name}"] ~ .field-error`);
  }

  saveSettings() {
    return this.page.getByRole("button", { name: "Save settings" }).click();
  }

  settingsMessage() {
    return this.page.getByTestId("settings-message");
  }

  async deleteAllData() {
    await this.page.getByRole("button", { name: "Delete all my data" }).click();
    await this.page
      .getByRole("dialog", { name: "Delete all your data?" })
      .getByRole("button", { name: "Delete everything" })
      .click();
  }

  dataMessage() {
    return this.page.getByTestId("data-message");
  }

  async addCustomTool(name: string, host: string, pathPrefix = "") {
    await this.page.getByRole("textbox", { name: "Name", exact: true }).fill(name);
    await this.page.getByRole("textbox", { name: /^Host name/ }).fill(host);
    await this.page.getByRole("textbox", { name: /^Path prefix/ }).fill(pathPrefix);
    await this.page.getByRole("button", { name: "Add tool" }).click();
  }

  customTools() {
    return this.page.getByRole("list", { name: "Your own tools" }).getByRole("listitem");
  }
}
