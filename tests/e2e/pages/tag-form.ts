import type { Locator } from "@playwright/test";

/** The tag form, wherever it appears (popup card, history, tag window). */
export class TagFormPart {
  constructor(readonly root: Locator) {}

  async answer(task: string, minutes: number | string, note?: string) {
    await this.root
      .getByRole("group", { name: "What was it for?" })
      .getByRole("radio", { name: task, exact: true })
      .check();
    const choice = this.root
      .getByRole("group", { name: "Minutes saved" })
      .getByRole("radio", { name: `${minutes} min`, exact: true });
    if (typeof minutes === "number" && (await choice.count()) > 0) {
      await this.root.getByLabel("Other amount (minutes)").fill("");
      await choice.check();
    } else {
      await this.root.getByLabel("Other amount (minutes)").fill(String(minutes));
    }
    if (note !== undefined) await this.root.getByLabel("Private note (optional)").fill(note);
  }

  save() {
    return this.root.getByRole("button", { name: "Save" }).click();
  }

  skip() {
    return this.root.getByRole("button", { name: "Skip" }).click();
  }

  notToday() {
    return this.root.getByRole("button", { name: "Not today" }).click();
  }

  error() {
    return this.root.locator(".field-error");
  }
}
