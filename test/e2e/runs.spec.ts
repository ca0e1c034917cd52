import path from "node:path";
import { KEPT_MODELS } from "../../shared/run";
import { GRAPH_FIXTURES } from "../helpers/fixtures";
import { type Editor, expect, test } from "./fixtures";

test.use({ serveArgs: [path.join(GRAPH_FIXTURES, "e2e-xor.json")] });

/** Trains the open graph with `rate` as its learning rate, for a few epochs, until it finishes. */
async function trainWith(editor: Editor, rate: string): Promise<void> {
  const { page } = editor;
  await editor.select("optimizer");
  await page.getByTestId("param-learningRate").fill(rate);
  await page.getByTestId("param-learningRate").press("Tab");
  await page.getByTestId("train").click();
  await expect(page.getByTestId("train-status")).toHaveAttribute("data-phase", "finished", { timeout: 60_000 });
}

test("runs are compared: legend hides and pins, and Results, Try it and Export use the run picked", async ({
  editor,
  page,
}) => {
  test.setTimeout(240_000);
  await page.getByTestId("train-panel-toggle").click();
  await page.getByTestId("run-epochs").fill("20");
  const rates = ["0.1", "0.05", "0.2", "0.3", "0.01", "0.02"];
  expect(rates.length).toBe(KEPT_MODELS + 1);
  for (const rate of rates) await trainWith(editor, rate);

  // Curves: a click hides a run from the charts; the pin labels the others against a baseline.
  const legend = (seq: number) => page.locator(`[data-testid="run-legend"][data-seq="${seq}"]`);
  await expect(page.getByTestId("run-legend")).toHaveCount(6);
  const lossChart = page.locator(".nl-chart").first();
  await expect(lossChart).toHaveAttribute("data-run-points", /(^| )2:\d+/);
  await legend(2).locator(".nl-run-toggle").click();
  await expect(legend(2)).toHaveAttribute("data-hidden", "true");
  await expect(lossChart).not.toHaveAttribute("data-run-points", /(^| )2:/);
  await expect(legend(4)).toContainText("lr 0.2 → 0.3");
  await legend(3).getByTestId("run-baseline").click();
  await expect(legend(3)).toContainText("baseline");
  await expect(legend(4)).toContainText("vs run 3: lr 0.2 → 0.3");
  await expect(legend(5)).toContainText("vs run 3: lr 0.2 → 0.01");
  await page.mouse.move(0, 0);
  await editor.shot("1-legend-hidden-and-baseline");

  // Results: every run is there to pick; the oldest run's model is no longer kept.
  await page.getByTestId("tab-results").click();
  const picker = page.getByTestId("run-picker");
  await expect(picker.locator("option")).toHaveCount(6);
  await expect(picker).toHaveValue("6");
  await expect(picker.locator('option[value="1"]')).toContainText("model no longer kept");
  await expect(picker.locator('option[value="2"]')).not.toContainText("model no longer kept");
  await picker.selectOption("1");
  await expect(page.getByTestId("results")).toHaveAttribute("data-seq", "1");
  await expect(page.getByTestId("model-gone")).toContainText(`the last ${KEPT_MODELS} runs`);
  await expect(page.getByTestId("export-tfjs")).toBeDisabled();
  await expect(page.getByTestId("test-accuracy")).toHaveText(/%$/);
  await editor.shot("2-run-picker-results");

  // Try it shows the run picked too: run 1 cannot be tried, run 2 can.
  await page.getByTestId("tab-try").click();
  await expect(page.getByTestId("try-it")).toHaveAttribute("data-seq", "1");
  await expect(page.getByTestId("model-gone")).toBeVisible();
  await expect(page.getByTestId("predict-row")).toHaveCount(0);
  await page.getByTestId("run-picker").selectOption("2");
  await expect(page.getByTestId("try-it")).toHaveAttribute("data-seq", "2");
  const features = page.getByTestId("row-feature");
  await features.nth(0).fill("1");
  await features.nth(1).fill("0");
  await page.getByTestId("predict-row").click();
  await expect(page.getByTestId("probability").or(page.getByTestId("prediction-value")).first()).toBeVisible();
  await editor.shot("3-run-picker-try-it");

  // A new run is what its starter sees next.
  await trainWith(editor, "0.1");
  await expect(page.getByTestId("try-it")).toHaveAttribute("data-seq", "7");
});
