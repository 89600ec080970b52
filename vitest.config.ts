import { defineConfig } from "vitest/config";
import { WxtVitest } from "wxt/testing/vitest-plugin";

export default defineConfig({
  // Resolves `wxt/browser` to WXT's in-memory fakeBrowser for the lib/platform/ tests.
  plugins: [WxtVitest()],
  test: {
    include: ["tests/unit/**/*.test.ts"],
    globals: false,
    // Local-day rules (midnight splits, DST) are tested in a zone with DST changes.
    env: { TZ: "Europe/Berlin" },
    setupFiles: ["tests/unit/setup.ts"],
  },
});
