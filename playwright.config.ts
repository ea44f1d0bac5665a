/* Playwright: end-to-end tests in Debian's Chromium (/usr/bin/chromium; no browser download) against a
 * production build of the panel. e2e/fixtures/global-setup.ts builds into .next-e2e (when sources
 * changed), starts `next start` on 127.0.0.1 with a fresh data directory and a random port, and hands
 * the URL and admin credentials to the tests through LIFEBOAT_E2E_* variables; global-teardown stops it.
 * Specs run one at a time: they share one server, and the machine has 2 cores. */
import { defineConfig } from "@playwright/test";

export default defineConfig({
  testDir: "./e2e",
  testMatch: /.*\.spec\.ts$/,
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  globalSetup: "./e2e/fixtures/global-setup.ts",
  globalTeardown: "./e2e/fixtures/global-teardown.ts",
  use: {
    baseURL: process.env.LIFEBOAT_E2E_URL,
    viewport: { width: 1360, height: 860 },
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.LIFEBOAT_CHROMIUM || "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
});
