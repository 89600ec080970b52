import { defineConfig } from "@playwright/test";

// The extension is loaded from .output/, built by `npm run test:e2e` before this runs.
export default defineConfig({
  testMatch: "**/*.spec.ts",
  // Every test starts its own browser; two cores are not enough to run them side by side
  // without skewing the accuracy checks against the stopwatch.
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  retries: 0,
  // A stray test.only must not quietly skip the rest of the suite in CI.
  forbidOnly: Boolean(process.env.CI),
  reporter: [["list"]],
  outputDir: "test-results",
  projects: [
    // Chromium, driven by Playwright over CDP.
    { name: "chromium", testDir: "tests/e2e" },
    // A stock Firefox ESR, driven over WebDriver BiDi by puppeteer-core from the fixtures.
    { name: "firefox", testDir: "tests/e2e-firefox" },
  ],
});
