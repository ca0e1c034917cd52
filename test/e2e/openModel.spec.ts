import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import type { Page } from "@playwright/test";
import * as tf from "@tensorflow/tfjs";
import { bundleFromModel, writeTfjsModel } from "../../main/export/tfjsModel";
import type { TrainingEvent } from "../../shared/run";
import { expect, test } from "./fixtures";

const run = promisify(execFile);

/** Trains the MNIST preset with the CLI, as a user would, and returns its `done` event. */
async function trainWithCli(dir: string): Promise<Extract<TrainingEvent, { type: "done" }>> {
  const args = ["bin/netloom.mjs", "train", "--preset", "mnist", "--limit", "3000", "--epochs", "1"];
  const { stdout } = await run(process.execPath, [...args, "--save", dir, "--json"], { timeout: 240_000 });
  const events = stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as TrainingEvent);
  const done = events.find((e) => e.type === "done");
  if (done?.type !== "done") throw new Error(`netloom train reported no done event:\n${stdout}`);
  return done;
}

/** A model.json of a small network with a depthwise-separable convolution, which NetLoom cannot import. */
async function writeConvModel(dir: string): Promise<string> {
  await tf.setBackend("cpu");
  const conv = tf.sequential({
    layers: [
      tf.layers.separableConv2d({
        inputShape: [28, 28, 1],
        filters: 4,
        kernelSize: 3,
        activation: "relu",
        name: "edges",
      }),
      tf.layers.flatten({ name: "flat" }),
      tf.layers.dense({ units: 10, activation: "softmax", name: "digits" }),
    ],
  });
  return writeTfjsModel(dir, await bundleFromModel(tf, conv));
}

async function openFile(page: Page, file: string): Promise<void> {
  await page.locator('.nl-toolbar button[data-command="file.open"]').click();
  const discard = page.getByRole("button", { name: "Open another graph or model anyway" });
  if (await discard.isVisible()) await discard.click();
  await page.getByTestId("file-path").fill(file);
  await page.getByTestId("file-dialog-submit").click();
}

// An empty graph at start, so the opened model's graph is plainly the one on the canvas.
test.use({ serveArgs: [] });

test("opens a model trained by the CLI with its weights: graph, test accuracy, a drawn digit and export, no training", async ({
  editor,
  page,
  work,
}) => {
  test.setTimeout(300_000);
  const saved = path.join(work, "mnist-model");
  const done = await trainWithCli(saved);
  const conv = await writeConvModel(path.join(work, "conv-model"));
  await expect(editor.nodes).toHaveCount(0);

  await openFile(page, path.join(saved, "model.json"));
  await expect(editor.nodes).toHaveCount(11);
  await expect(editor.edges).toHaveCount(12);
  await expect(editor.outputShape("linear1")).toHaveText("[300]");
  await expect(page.getByTestId("file-name")).toHaveAttribute("data-dirty", "true");
  await expect(page).toHaveTitle("● MNIST MLP — NetLoom");
  const status = page.getByTestId("train-status");
  await expect(status).toHaveText("Loaded the trained weights of model.json", { timeout: 60_000 });
  await expect(page.getByTestId("tab-results")).toHaveAttribute("aria-selected", "true");
  const results = page.getByTestId("results");
  await expect(results.getByTestId("run-picker").locator("option:checked")).toContainText("loaded from model.json");
  const accuracy = `${((done.testAccuracy as number) * 100).toFixed(2)}%`;
  await expect(page.getByTestId("test-accuracy")).toHaveText(accuracy);
  await expect(page.getByTestId("confusion-matrix")).toHaveAttribute("data-total", "10000");
  await expect(page.getByTestId("example")).toHaveCount(48);
  await expect(page.getByTestId("loaded-from")).toContainText("Trained weights loaded from model.json");
  // Nothing trained in the app, so there is no training progress, no curve and no hint to train faster.
  await expect(page.getByTestId("epoch-progress")).toHaveCount(0);
  await expect(page.getByTestId("backend")).toBeVisible();
  await expect(page.getByTestId("backend-hint")).toHaveCount(0);
  await page.getByTestId("tab-curves").click();
  await expect(page.getByTestId("no-curves")).toContainText("trained elsewhere");
  await expect(page.getByTestId("run-legend")).toHaveCount(0);
  await page.getByTestId("tab-results").click();
  await editor.shot("1-model-opened");

  await page.getByTestId("tab-try").click();
  await expect(page.getByTestId("draw-pad")).toBeVisible();
  // A one: a stroke straight down the middle.
  await editor.draw([
    [
      [140, 50],
      [140, 150],
      [138, 240],
    ],
  ]);
  const values = await editor.probabilities();
  expect(values.every((p) => p >= 0 && p <= 1)).toBe(true);
  expect(Math.abs(values.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-4);
  await editor.shot("2-drawn-digit");

  await page.getByTestId("tab-results").click();
  const exported = await editor.download("export-json", work);
  await expect(page.locator(".nl-notice")).toContainText("Downloaded run 1");
  const single = JSON.parse(readFileSync(exported, "utf8"));
  expect(single.training).toMatchObject({ epochs: 1, limit: 3000, testAccuracy: done.testAccuracy });

  await openFile(page, conv);
  await expect(page.getByRole("dialog")).toContainText("model.json could not be opened");
  await expect(page.getByTestId("problem-lines")).toContainText(
    'layer "edges" is a SeparableConv2D, which NetLoom cannot import',
  );
  await editor.shot("3-unknown-layer");
  await page.getByRole("dialog").getByRole("button", { name: "OK" }).click();
  await expect(editor.nodes).toHaveCount(11);
  await expect(page).toHaveTitle("● MNIST MLP — NetLoom");
  await expect(page.getByTestId("test-accuracy")).toHaveText(accuracy);
});

test("a foreign model's weights wait for its data file, then load once it is chosen", async ({
  editor,
  page,
  work,
}) => {
  await tf.setBackend("cpu");
  const flowers = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [4], units: 8, activation: "relu", name: "hidden" }),
      tf.layers.dense({ units: 3, activation: "softmax", name: "species" }),
    ],
  });
  const file = await writeTfjsModel(path.join(work, "flowers-model"), await bundleFromModel(tf, flowers));
  await openFile(page, file);
  await expect(editor.nodes).toHaveCount(9);
  await expect(page).toHaveTitle("● flowers-model — NetLoom");
  await expect(editor.card("dataset")).toHaveAttribute("data-status", "error");
  await expect(page.locator(".nl-notice")).toContainText("Choose the model's data file on the Dataset node");
  const waiting = page.getByTestId("model-file");
  await expect(waiting).toContainText("Trained weights from model.json: Choose the model's data file");
  await expect(page.getByTestId("load-weights")).toBeDisabled();
  await expect(page.getByTestId("train-status")).toHaveText("Ready to train");
  await editor.shot("4-waiting-for-data");

  const data = path.resolve(import.meta.dirname, "../fixtures/export");
  await editor.node("dataset").click();
  await page.getByTestId("param-testPath").fill(path.join(data, "flowers-test.csv"));
  await page.getByTestId("param-labelColumn").fill("species");
  await page.getByTestId("param-path").fill(path.join(data, "flowers.csv"));
  await expect(editor.card("dataset")).toHaveAttribute("data-status", "ok");
  await expect(page.getByTestId("train-status")).toHaveText("Loaded the trained weights of model.json");
  await expect(page.getByTestId("test-accuracy")).toHaveText(/^\d{1,3}\.\d\d%$/);
  await expect(page.getByTestId("confusion-matrix")).toHaveAttribute("data-total", "20");
  await expect(waiting).toHaveCount(0);
  await page.getByTestId("tab-try").click();
  await expect(page.getByTestId("row-feature")).toHaveCount(4);
  // Filled from a test sample as its file says it (5.83), not as float32 noise (5.829999923706055).
  const row = await page
    .getByTestId("row-feature")
    .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
  expect(
    row.every((v) => /^-?\d+(\.\d{1,2})?$/.test(v)),
    row.join(", "),
  ).toBe(true);
  await editor.shot("5-loaded-after-data");
});
