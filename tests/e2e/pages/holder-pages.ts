import type { Locator, Page } from "@playwright/test";

/** What the custodian's page and the lead's section have in common. */
class HolderPart {
  constructor(
    readonly page: Page,
    readonly root: Locator,
  ) {}

  /** The one guided step. */
  step() {
    return this.root.getByTestId("next-step");
  }

  /** Clicks the guided step's own button. */
  async doStep(name: string | RegExp) {
    await this.step().getByRole("button", { name }).click();
  }

  publicKey() {
    return this.root.getByTestId("public-key").inputValue();
  }

  /** The verdict of a file of the last import. */
  verdict(fileName: string) {
    return this.root.getByTestId("verdicts").locator(`li[data-file="${fileName}"]`);
  }

  verdicts() {
    return this.root.getByTestId("verdicts").locator("li");
  }

  /** The save button of a file due, by its name. */
  saveButton(fileName: string) {
    return this.step().getByRole("button", { name: `Save ${fileName}` });
  }
}

/** The custodian's page. */
export class CustodianPage extends HolderPart {
  constructor(page: Page) {
    super(page, page.locator("main"));
  }

  importTeamKey(path: string) {
    return this.page.locator("#custodian-team-key").setInputFiles(path);
  }

  async setMembers(names: string[]) {
    await this.page.getByLabel(/Team members/).fill(names.join("\n"));
    await this.page.getByRole("button", { name: "Save the member list" }).click();
  }

  importFiles(paths: string[]) {
    return this.page.getByTestId("custodian-import").setInputFiles(paths);
  }

  waitingWeek(week: string) {
    return this.page.getByTestId("waiting-weeks").locator(`li[data-week="${week}"]`);
  }

  /** A member's line in the member codes list. */
  memberCode(name: string) {
    return this.page.getByTestId("member-codes").locator(`li[data-member="${name}"]`);
  }

  /** Gives `name` a member code and returns it, as the page shows it this once. */
  async issueCode(name: string): Promise<string> {
    await this.page.getByRole("button", { name: `Give a code to ${name}` }).click();
    const shown = this.page.getByTestId("issued-code");
    await shown.and(this.page.locator(`[data-member="${name}"]`)).waitFor();
    return ((await shown.getByTestId("issued-code-value").textContent()) ?? "").trim();
  }
}

/** The lead's protected-sharing section on the dashboard. */
export class LeadSection extends HolderPart {
  constructor(page: Page) {
    super(page, page.getByTestId("protected-lead"));
  }

  async makeTeamKey(fields: { team: string; lead: string; custodian: string; custodianKey: string }) {
    await this.root.getByLabel("Team name").fill(fields.team);
    await this.root.getByLabel("Your name, as the team knows you").fill(fields.lead);
    await this.root.getByLabel("The custodian's name").fill(fields.custodian);
    await this.root.getByLabel(/The custodian's public key/).fill(fields.custodianKey);
    await this.root.getByRole("button", { name: "Make the team key file" }).click();
  }

  teamKeyButton() {
    return this.root.getByRole("button", { name: /^Save team-key-.*for the team and the custodian$/ });
  }

  importFiles(paths: string[]) {
    return this.root.getByTestId("lead-import").setInputFiles(paths);
  }

  weekRow(week: string) {
    return this.root.getByTestId("protected-weeks").locator(`tr[data-week="${week}"]`);
  }

  /** The late reports of a week waiting at the custodian's, as the lead's section lists them. */
  lateWeek(week: string) {
    return this.root.getByTestId("lead-late-reports").locator(`li[data-week="${week}"]`);
  }
}
