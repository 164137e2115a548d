import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "@playwright/test";

/**
 * Journeys in Debian's Chromium (no browser download): the real app on a fresh embedded
 * database with the demo data, started exactly as `npm start` does, on its own port.
 */
const port = Number(process.env.E2E_PORT ?? 3210);
// E2E_BASE_URL points the journeys at a server already running (while writing them).
const externalServer = process.env.E2E_BASE_URL;
const dataDir = mkdtempSync(join(tmpdir(), "relais-e2e-"));

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  outputDir: "./.artifacts",
  use: {
    baseURL: externalServer ?? `http://127.0.0.1:${port}`,
    locale: "fr-FR",
    timezoneId: "Europe/Paris",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  webServer: externalServer
    ? undefined
    : {
        command: "npm start",
        cwd: "..",
        url: `http://127.0.0.1:${port}/api/v1/health`,
        timeout: 180_000,
        reuseExistingServer: false,
        env: { PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, JOBS: "on" },
        stdout: "pipe",
      },
});
