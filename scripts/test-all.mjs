#!/usr/bin/env node
// Runs every test NetLoom has: type checks, lint, vitest (unit + integration) and Playwright
// (end-to-end in Chromium), then prints one summary line `N passed, N failed`.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";

const results = { passed: 0, failed: 0, skipped: 0 };
mkdirSync("test-results", { recursive: true });

function run(label, cmd, args, env = {}) {
  console.log(`\n=== ${label}: ${cmd} ${args.join(" ")}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  return r.status === 0;
}

function check(label, cmd, args) {
  const ok = run(label, cmd, args);
  results[ok ? "passed" : "failed"]++;
  console.log(`=== ${label}: ${ok ? "passed" : "FAILED"}`);
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return null;
  }
}

check("typecheck (shared alone: no DOM, no Node)", "npx", ["tsc", "-p", "tsconfig.shared.json"]);
check("typecheck (shared, main, tests)", "npx", ["tsc", "-p", "tsconfig.json"]);
check("typecheck (renderer)", "npx", ["tsc", "-p", "tsconfig.web.json"]);
check("lint and format", "npx", ["biome", "ci", "."]);

rmSync("test-results/vitest.json", { force: true });
const vitestOk = run("vitest", "npx", [
  "vitest",
  "run",
  "--reporter=default",
  "--reporter=json",
  "--outputFile.json=test-results/vitest.json",
]);
const vitest = readJson("test-results/vitest.json");
if (vitest) {
  results.passed += vitest.numPassedTests;
  results.skipped += vitest.numPendingTests + (vitest.numTodoTests ?? 0);
  // A suite that fails to load has no tests to count: one failure each. A failed run with no
  // failed test (an unhandled error, say) is still one failure.
  const unloaded = vitest.testResults.filter((s) => s.status === "failed" && s.assertionResults.length === 0).length;
  const failures = vitest.numFailedTests + unloaded;
  results.failed += failures || (vitestOk ? 0 : 1);
} else if (!vitestOk) {
  results.failed++;
}

const hasE2e = existsSync("test/e2e") && readdirSync("test/e2e").some((f) => f.endsWith(".spec.ts"));
// The end-to-end tests run in the system's Chromium (Playwright's own browsers cannot be
// downloaded everywhere), else in Playwright's own where `npx playwright install` put it.
async function playwrightChromium() {
  try {
    const path = (await import("playwright-core")).chromium.executablePath();
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}
const chromium =
  ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p)) ?? (await playwrightChromium());
if (hasE2e && !chromium) {
  console.log(
    "\n=== playwright: NOT RUN: no Chromium (npm run setup installs one: Debian's chromium, else Playwright's own)",
  );
  results.failed++;
} else if (hasE2e) {
  const built = run("build renderer", "npx", ["vite", "build"]);
  if (!built) results.failed++;
  else {
    rmSync("test-results/playwright.json", { force: true });
    const e2eOk = run("playwright", "npx", ["playwright", "test"], {
      PLAYWRIGHT_JSON_OUTPUT_NAME: "test-results/playwright.json",
    });
    const pw = readJson("test-results/playwright.json");
    if (pw?.stats) {
      results.passed += pw.stats.expected + pw.stats.flaky;
      // Errors outside any test (a spec that fails to load) count too, and a failed run never passes.
      const failures = pw.stats.unexpected + (pw.errors?.length ?? 0);
      results.failed += failures || (e2eOk ? 0 : 1);
      results.skipped += pw.stats.skipped;
    } else if (!e2eOk) {
      results.failed++;
    }
  }
}

if (results.skipped) console.log(`${results.skipped} skipped`);
console.log(`${results.passed} passed, ${results.failed} failed`);
process.exit(results.failed > 0 ? 1 : 0);
