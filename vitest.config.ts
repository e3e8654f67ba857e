import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "reports/out/**", "out/**"],
    globalSetup: ["./suites/support/global-setup.ts"],
    reporters: ["default", "./suites/support/result-reporter.ts", "./suites/support/summary-line-reporter.ts"],
    // Each test file may start its own servers and containers, so few files run at once.
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 60_000,
  },
});
