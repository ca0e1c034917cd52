import { existsSync } from "node:fs";
import type { Page } from "@playwright/test";
import { FASHION_MNIST_DIR } from "../../main/data/builtin";
import { BACKENDS } from "../../shared/run";
import { expect, test } from "./fixtures";

/** A number read from an element attribute the training panel keeps up to date. */
async function attr(page: Page, testId: string, name: string): Promise<number> {
  return Number(await page.getByTestId(testId).first().getAttribute(name));
}

const runProgress = (page: Page) => attr(page, "run-progress", "aria-valuenow");
const lossPoints = async (page: Page) => Number(await page.locator(".nl-chart").first().getAttribute("data-points"));

test("trains the MNIST preset from the app: live curves, pause, resume, stop, results, and a drawn digit", async ({
  editor,
  page,
}) => {
  test.setTimeout(300_000);
  await expect(editor.nodes).toHaveCount(11);
  // The dock starts closed, its header showing the graph's training settings.
  const toggle = page.getByTestId("train-panel-toggle");
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await expect(page.locator(".nl-settings-summary")).toHaveText("5 epochs · batch 32 · SGD (lr 0.02, momentum 0.9)");
  await expect(page.getByTestId("train-status")).toHaveText("Ready to train");
  await toggle.click();
  const settings = page.getByTestId("train-settings");
  await expect(settings).toContainText("Epochs5");
  await expect(settings).toContainText("Batch size32");
  await expect(settings).toContainText("SGD (lr 0.02, momentum 0.9)");

  await page.getByTestId("run-epochs").fill("1");
  await page.getByTestId("run-limit").fill("50000");
  await page.getByTestId("train").click();
  const status = page.getByTestId("train-status");
  // Starting the engine and reading 50,000 samples takes a while on a busy machine.
  await expect(status).toHaveAttribute("data-phase", "training", { timeout: 60_000 });
  // Whichever backend loads here is named; how to get a faster one is said only on a fallback.
  const backend = page.getByTestId("backend");
  await expect(backend).toHaveAttribute("data-backend", new RegExp(`^(${BACKENDS.join("|")})$`));
  const used = (await backend.getAttribute("data-backend")) as string;
  await expect(backend).toContainText(`Backend: ${used}`);
  const fallback = used === "wasm" || used === "cpu";
  await expect(page.getByTestId("backend-hint")).toHaveCount(fallback ? 1 : 0);
  if (fallback) {
    // What it means, one command, and why each faster backend was not used under Details.
    const hint = page.getByTestId("backend-hint");
    await expect(hint).toContainText("native TensorFlow trains several times faster");
    await expect(page.getByTestId("backend-command")).toHaveText("npm install @tensorflow/tfjs-node");
    await expect(hint.locator("details li").first()).toBeHidden();
    await hint.getByText("Details").click();
    await expect(hint.locator("details li").first()).toBeVisible();
    await expect(hint.locator("details")).toContainText("tfjs-node-gpu");
    await editor.shot("0-backend-hint");
    await hint.getByText("Details").click();
  }

  // The curves grow and the progress bar moves while the run trains.
  await expect.poll(() => lossPoints(page), { timeout: 60_000 }).toBeGreaterThan(1);
  const [points, progress] = [await lossPoints(page), await runProgress(page)];
  await expect.poll(() => lossPoints(page)).toBeGreaterThan(points);
  await expect.poll(() => runProgress(page)).toBeGreaterThan(progress);
  await expect(page.getByTestId("samples-per-sec")).toHaveText(/^\d[\d,]*$/);
  await editor.shot("1-training");

  await page.getByTestId("pause").click();
  await expect(status).toContainText(/Paused at epoch 1, batch \d+/);
  await expect(page.getByTestId("resume")).toBeEnabled();
  const paused = await runProgress(page);
  const batch = Number((await status.textContent())?.match(/batch (\d+)/)?.[1]);
  expect(paused).toBeGreaterThan(0);
  expect(batch).toBeGreaterThan(0);
  await editor.shot("2-paused");

  await page.getByTestId("resume").click();
  await expect(status).toContainText("Training epoch 1 of 1");
  await expect.poll(() => runProgress(page)).toBeGreaterThan(paused);

  await page.getByTestId("stop").click();
  await expect(status).toHaveAttribute("data-phase", "finished");
  await expect(status).toContainText(/Stopped at epoch 1, batch \d+/);
  expect(await runProgress(page)).toBeLessThan(100);

  await page.getByTestId("tab-results").click();
  await expect(page.getByTestId("test-accuracy")).toHaveText(/^\d{1,3}\.\d\d%$/);
  const accuracy = Number((await page.getByTestId("test-accuracy").textContent())?.replace("%", ""));
  expect(accuracy).toBeGreaterThan(50);
  const matrix = page.getByTestId("confusion-matrix");
  await expect(matrix).toHaveAttribute("data-total", "10000");
  await expect(matrix.locator("tbody td")).toHaveCount(100);
  await expect(page.getByTestId("class-accuracy")).toHaveCount(10);
  const examples = page.getByTestId("example");
  await expect(examples).toHaveCount(48);
  await expect(examples.first()).toHaveClass("wrong");
  await expect(examples.first().locator("canvas")).toBeVisible();
  await editor.shot("3-results");

  await page.getByTestId("tab-try").click();
  await expect(page.getByTestId("draw-pad")).toBeVisible();
  // A seven: the top bar, then the diagonal down.
  await editor.draw([
    [
      [70, 60],
      [210, 60],
      [120, 235],
    ],
  ]);
  const values = await editor.probabilities();
  expect(values.every((p) => p >= 0 && p <= 1)).toBe(true);
  expect(Math.abs(values.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-4);
  await editor.shot("4-drawn-digit");

  await page.getByTestId("clear-pad").click();
  await expect(page.getByTestId("probability")).toHaveCount(0);
});

test("Stop works while the run is still starting: it ends before the first batch", async ({ editor, page }) => {
  test.setTimeout(180_000);
  await expect(editor.nodes).toHaveCount(11);
  await page.getByTestId("train-panel-toggle").click();
  await page.getByTestId("run-epochs").fill("1");
  await page.getByTestId("train").click();
  const status = page.getByTestId("train-status");
  const stop = page.getByTestId("stop");
  // Loading the engine and MNIST takes seconds; Stop must be there all along, not once training begins.
  await expect
    .poll(() =>
      page.evaluate(() => {
        const phase = document.querySelector('[data-testid="train-status"]')?.getAttribute("data-phase");
        const button = document.querySelector<HTMLButtonElement>('[data-testid="stop"]');
        return `${phase} ${button?.disabled ? "disabled" : "enabled"}`;
      }),
    )
    .toBe("starting enabled");
  await stop.click();
  await expect(stop).toBeDisabled();
  await expect(status).toHaveAttribute("data-phase", "finished", { timeout: 120_000 });
  await expect(status).toHaveText("Stopped before the first batch");
  await expect(page.getByTestId("train")).toBeEnabled();
  await editor.shot("stopped-while-starting");
});

test("a Fashion-MNIST model is tried on its test images, not on a digit pad", async ({ editor, page }) => {
  const present = existsSync(FASHION_MNIST_DIR);
  if (!present)
    console.warn(`SKIPPED: Fashion-MNIST is not in ${FASHION_MNIST_DIR} (apt-get install dataset-fashion-mnist)`);
  test.skip(!present, `Fashion-MNIST is not in ${FASHION_MNIST_DIR} (apt-get install dataset-fashion-mnist)`);
  test.setTimeout(240_000);
  await editor.node("dataset").click();
  await page.getByTestId("param-source").selectOption("fashion-mnist");
  await expect(editor.card("dataset")).toHaveAttribute("data-status", "ok");
  await page.getByTestId("train-panel-toggle").click();
  await page.getByTestId("run-epochs").fill("1");
  await page.getByTestId("run-limit").fill("3000");
  await page.getByTestId("train").click();
  await expect(page.getByTestId("train-status")).toHaveText("Finished", { timeout: 180_000 });

  await page.getByTestId("tab-try").click();
  const tryIt = page.getByTestId("try-it");
  await expect(tryIt).toHaveAttribute("data-kind", "test-images");
  await expect(tryIt).toContainText("photos of clothing, not drawings");
  await expect(page.getByTestId("draw-pad")).toHaveCount(0);
  const images = page.getByTestId("test-image");
  await expect(images).toHaveCount(48);
  await images.nth(3).click();
  await expect(images.nth(3)).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("picked-image")).toContainText(/truly \S/);
  const values = await editor.probabilities();
  await expect(page.locator('[data-testid="probability"][data-class="Sneaker"]')).toHaveCount(1);
  expect(Math.abs(values.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-4);
  await editor.shot("fashion-test-image");
});
