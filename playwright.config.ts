import { defineConfig } from "@playwright/test";
import { systemChromium } from "./test/e2e/serve";

export default defineConfig({
  testDir: "test/e2e",
  testMatch: "*.spec.ts",
  outputDir: "test-results/e2e",
  timeout: 90_000,
  expect: { timeout: 10_000 },
  // Each test starts its own `netloom serve`; two cores run two at a time at most.
  workers: process.env.CI ? 1 : 2,
  fullyParallel: false,
  reporter: [
    ["list"],
    ["json", { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? "test-results/playwright.json" }],
  ],
  use: {
    browserName: "chromium",
    viewport: { width: 1440, height: 900 },
    screenshot: "on",
    trace: "retain-on-failure",
    launchOptions: {
      ...(systemChromium ? { executablePath: systemChromium } : {}),
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
});
