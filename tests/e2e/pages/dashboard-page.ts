import type { Page } from "@playwright/test";

/** The team lead's dashboard. */
export class DashboardPage {
  constructor(readonly page: Page) {}

  /** Picks files with the multi-file picker. */
  importFiles(paths: string[]) {
    return this.page.getByTestId("file-input").setInputFiles(paths);
  }

  /** Picks a whole folder. */
  importFolder(path: string) {
    return this.page.getByTestId("folder-input").setInputFiles(path);
  }

  fileRow(name: string) {
    return this.page.getByTestId("files").locator(`tr[data-file$="${name}"]`);
  }

  kpi(id: string) {
    return this.page.getByTestId(`kpi-${id}`);
  }

  useCase(category: string) {
    return this.page.getByTestId("use-cases").locator(`tr[data-category="${category}"]`);
  }

  /** The notice of reports waiting for release. */
  waiting() {
    return this.page.getByTestId("waiting");
  }

  /** The team view: every figure on screen. */
  teamView() {
    return this.page.locator('section[aria-labelledby="view-heading"]');
  }

  noData() {
    return this.page.getByTestId("no-data");
  }
}
