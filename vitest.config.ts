import { defineConfig } from "vitest/config";
import { SummaryReporter } from "./tests/support/summary-reporter.ts";

export default defineConfig({
  test: {
    include: [
      "tests/unit/**/*.test.ts",
      "tests/contract/**/*.test.ts",
      "tests/integration/**/*.test.ts",
      "tests/e2e/**/*.test.ts",
    ],
    // Builds out/renderer when it is older than its sources (a no-op otherwise): the e2e tests load it.
    globalSetup: ["tests/e2e/global-setup.ts"],
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // expect.poll waits for something to happen: 10 s, not vitest's 1 s, on a busy 2-core machine.
    // A poll never passes sooner or later for a broken implementation, only fails later.
    expect: { poll: { timeout: 10_000 } },
    reporters: ["default", new SummaryReporter()],
  },
});
