import { createHash } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests in real Chromium (Debian's, never a downloaded one) against the whole portal:
 * `scripts/run.ts dev` starts the HubSpot sandbox and `next dev` on their own ports with their own
 * data directory, so a developer's running `npm run dev` (3000/4010, .data/) is never touched.
 * tests/run-e2e.ts picks free ports and a fresh temp directory; these defaults serve a direct
 * `npx playwright test`.
 */
const port = Number(process.env.E2E_PORT ?? 3217);
const sandboxPort = Number(process.env.E2E_SANDBOX_PORT ?? 4217);
const dataDir = process.env.E2E_DATA_DIR ?? path.join(os.tmpdir(), `duret-e2e-${port}`);
// Tests read the sandbox directly (to know what the page must show): same port and token.
process.env.E2E_SANDBOX_URL = `http://127.0.0.1:${sandboxPort}`;
process.env.E2E_SANDBOX_TOKEN = "e2e-sandbox-token";
// The server's AUTH_SECRET, which the specs use to forge session cookies: random per run from
// tests/run-e2e.ts; for a direct `npx playwright test`, one derived from this run's data directory
// (the same in the runner and every worker, which all load this file).
process.env.E2E_AUTH_SECRET ??= createHash("sha256").update(`duret-e2e:${dataDir}`).digest("base64url");
const baseURL = `http://localhost:${port}`;
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "tests/e2e",
  // After the web server is up, before any test: every route compiled once (tests/e2e/global-warmup.ts).
  globalSetup: "./tests/e2e/global-warmup.ts",
  outputDir: "test-results",
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  workers: process.env.CI ? 1 : 2,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL,
    locale: "fr-FR",
    timezoneId: "Europe/Paris",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
    },
  },
  projects: [
    { name: "mobile", use: { ...devices["Pixel 7"] } },
    { name: "desktop", use: { ...devices["Desktop Chrome"] } },
  ],
  webServer: {
    command: "node_modules/.bin/tsx scripts/run.ts dev",
    // /api/ready answers 503 until the database and the sandbox both respond, so tests start on a
    // warm server.
    url: `${baseURL}/api/ready`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: process.env.E2E_VERBOSE ? "pipe" : "ignore",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    env: {
      PORT: String(port),
      SITE_URL: baseURL,
      DATA_DIR: dataDir,
      AUTH_SECRET: process.env.E2E_AUTH_SECRET,
      // The specs play clients at several addresses (auth.spec.ts: an X-Forwarded-For per test, so the
      // per-address sign-in limits do not add up across tests) through the loopback "proxy": the
      // browser. The server stays on loopback.
      TRUSTED_PROXIES: "loopback",
      HOST: "127.0.0.1",
      HUBSPOT_SANDBOX_PORT: String(sandboxPort),
      HUBSPOT_SANDBOX_TOKEN: process.env.E2E_SANDBOX_TOKEN,
      // Empty values win over a developer's .env.local: always the sandbox and the embedded database.
      HUBSPOT_ACCESS_TOKEN: "",
      HUBSPOT_BASE_PATH: "",
      HUBSPOT_CLIENT_SECRET: "",
      DATABASE_URL: "",
      // A separate build directory so a developer's `next dev` lock on .next/dev does not collide
      // (effective once next.config.ts honours NEXT_DIST_DIR). E2E_DIST_DIR lets two e2e runs share a checkout.
      NEXT_DIST_DIR: process.env.E2E_DIST_DIR ?? ".next-e2e",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
