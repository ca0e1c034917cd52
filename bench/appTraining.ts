/**
 * MNIST-preset training speed from the app against the headless CLI, in the same run: the app is
 * `netloom serve` in Chromium with the Curves tab (live charts) open; headless is
 * `netloom train --json`. Both train the same epochs on the same samples; samples/s is an epoch's
 * training samples over its time as the engine reports it, for the first epoch (which includes
 * warming up a fresh process's JIT in the CLI) and the last (steady speed). Rounds alternate which
 * goes first; the medians are compared, and so is the median of each round's app/headless ratio,
 * since other work on the machine slows both alike.
 * Prints JSON lines; nothing asserts.
 * Run: `npx vite build && node bench/appTraining.mjs [--limit N] [--epochs N] [--rounds N]`.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";
import { type Browser, chromium, type Page } from "@playwright/test";
import { startServe, systemChromium, tempDir } from "../test/e2e/serve";

const { values } = parseArgs({
  options: {
    limit: { type: "string", default: "30000" },
    epochs: { type: "string", default: "2" },
    rounds: { type: "string", default: "3" },
  },
});
const LIMIT = Number(values.limit);
const EPOCHS = Number(values.epochs);
const ROUNDS = Number(values.rounds);
const ROOT = path.resolve(import.meta.dirname, "..");
const print = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);
const log = (text: string) => process.stderr.write(`bench appTraining: ${text}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** Samples per second of each epoch. */
type Speeds = number[];

/** The preset through `netloom train --json`: each epoch's training samples over its seconds. */
function headless(): Promise<Speeds> {
  return new Promise((resolve, reject) => {
    const args = ["bin/netloom.mjs", "train", "--preset", "mnist", "--json"];
    args.push("--epochs", String(EPOCHS), "--limit", String(LIMIT));
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on("exit", (code) => {
      const events = out
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { type: string; samples?: { train: number }; seconds?: number });
      const train = events.find((e) => e.type === "started")?.samples?.train ?? 0;
      const seconds = events.filter((e) => e.type === "epoch").map((e) => e.seconds ?? 0);
      if (code !== 0 || !train || seconds.length !== EPOCHS) reject(new Error(`netloom train exited with ${code}`));
      else resolve(seconds.map((t) => train / t));
    });
  });
}

/** The same from the app's Train button with the live charts on screen, read from its epoch table. */
async function fromApp(page: Page, run: number): Promise<Speeds> {
  const toggle = page.getByTestId("train-panel-toggle");
  if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
  await page.getByTestId("tab-curves").click();
  await page.getByTestId("run-epochs").fill(String(EPOCHS));
  await page.getByTestId("run-limit").fill(String(LIMIT));
  await page.getByTestId("train").click();
  const legend = page.locator(`[data-testid="run-legend"][data-seq="${run}"]`);
  await legend.waitFor();
  await page.waitForFunction(
    () => document.querySelector('[data-testid="train-status"]')?.getAttribute("data-phase") === "finished",
    undefined,
    { timeout: 600_000, polling: 250 },
  );
  return page
    .getByTestId("epoch-row")
    .evaluateAll((rows) =>
      rows.map((r) => Number(r.getAttribute("data-samples")) / Number(r.getAttribute("data-seconds"))),
    );
}

async function main(): Promise<void> {
  const data = tempDir("netloom-bench-");
  const served = await startServe(["--preset", "mnist"], data.dir);
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      ...(systemChromium ? { executablePath: systemChromium } : {}),
      args: ["--no-sandbox"],
    });
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(served.url);
    await page.getByTestId("train").waitFor();
    const app: Speeds[] = [];
    const cli: Speeds[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? ["app", "cli"] : ["cli", "app"];
      for (const who of order) {
        const speeds = who === "app" ? await fromApp(page, app.length + 1) : await headless();
        (who === "app" ? app : cli).push(speeds);
        log(`round ${round + 1}: ${who} ${speeds.map(Math.round).join(", ")} samples/s by epoch`);
      }
    }
    const epochs: Array<[number, string]> = [
      [0, "first"],
      [EPOCHS - 1, "last"],
    ];
    for (const [epoch, label] of epochs) {
      const [a, h] = [median(app.map((s) => s[epoch] ?? 0)), median(cli.map((s) => s[epoch] ?? 0))];
      // Each round's two runs ran back to back, so their ratio is least disturbed by other load.
      const paired = median(app.map((s, i) => (s[epoch] ?? 0) / (cli[i]?.[epoch] ?? Number.NaN)));
      print({
        bench: "appTraining",
        epoch: label,
        limit: LIMIT,
        epochs: EPOCHS,
        rounds: ROUNDS,
        headlessSamplesPerSec: Math.round(h),
        appSamplesPerSec: Math.round(a),
        ratio: Number((a / h).toFixed(3)),
        pairedRatio: Number(paired.toFixed(3)),
      });
    }
  } finally {
    await browser?.close();
    await served.stop();
    data.remove();
  }
}

await main();
