import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/unit/**/*.test.ts"],
    globals: false,
    // Local-day rules (midnight splits, DST) are tested in a zone with DST changes.
    env: { TZ: "Europe/Berlin" },
    setupFiles: ["tests/unit/setup.ts"],
  },
});
