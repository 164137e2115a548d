import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Generous: the heaviest files (the list and steering oracles, the demo load) take a few
    // seconds alone but several times that on a busy two-core machine; a hung test still fails.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Each file opens its own database; two cores, so two at a time.
    maxWorkers: 2,
  },
});
