import { expect, test } from "./fixtures";

test("edits made while training leave the run's graph alone, and the next run is labelled by them", async ({
  editor,
  page,
}) => {
  test.setTimeout(300_000);
  const status = page.getByTestId("train-status");
  // A graph with an error cannot train, and says why.
  await editor.node("linear2").click();
  await page.getByTestId("param-units").fill("5");
  await page.getByTestId("param-units").press("Enter");
  await expect(page.getByTestId("train")).toBeDisabled();
  await expect(page.getByTestId("train-blocked")).toHaveText("Fix 1 error first (see Problems)");
  await editor.command("edit.undo");
  await expect(page.getByTestId("train")).toBeEnabled();
  await expect(page.getByTestId("train-blocked")).toHaveCount(0);

  await page.getByTestId("train-panel-toggle").click();
  await page.getByTestId("run-epochs").fill("1");
  await page.getByTestId("run-limit").fill("50000");
  await page.getByTestId("train").click();
  await expect(status).toContainText("Training epoch 1 of 1", { timeout: 60_000 });
  await page.getByTestId("pause").click();
  await expect(status).toContainText("Paused at epoch 1");

  // The canvas marks the graph being trained; an edited node says the run keeps its old version.
  await expect(page.locator('.nl-node[data-run="run"]')).toHaveCount(11);
  await editor.select("optimizer");
  await page.getByTestId("param-learningRate").fill("0.05");
  await page.getByTestId("param-learningRate").press("Enter");
  await expect(editor.card("optimizer")).toHaveAttribute("data-run", "edited");
  await expect(editor.card("optimizer")).toContainText("the run uses the earlier version");
  await expect(page.locator('.nl-node[data-run="run"]')).toHaveCount(10);
  await expect(page.getByTestId("train")).toBeDisabled();
  await editor.shot("1-edited-while-training");

  await page.getByTestId("stop").click();
  await expect(status).toHaveAttribute("data-phase", "finished");
  await expect(page.locator(".nl-node[data-run]")).toHaveCount(0);

  await page.getByTestId("run-limit").fill("3000");
  await page.getByTestId("train").click();
  const legend = page.getByTestId("run-legend");
  await expect(legend).toHaveCount(2);
  await expect(legend.nth(0)).toContainText("Run 1 first run");
  await expect(legend.nth(1)).toContainText("Run 2 limit 50,000 → 3,000, lr 0.02 → 0.05");
  await expect(status).toHaveText("Finished", { timeout: 120_000 });
  await expect(legend.nth(1)).toContainText(/test \d+\.\d\d%/);
  // Both runs are drawn on the same axes: the loss chart holds the points of each.
  await expect(page.locator(".nl-chart").first()).toHaveAttribute("data-run-points", /^1:[1-9]\d* 2:[1-9]\d*$/);
  await editor.shot("2-two-runs-overlaid");

  await page.getByTestId("tab-results").click();
  await expect(page.getByTestId("results")).toHaveAttribute("data-seq", "2");
  await expect(page.getByTestId("results")).toContainText("lr 0.02 → 0.05");
  await expect(page.getByTestId("confusion-matrix")).toHaveAttribute("data-total", "10000");
  await page.getByTestId("example").first().scrollIntoViewIfNeeded();
  await editor.shot("3-results-of-run-2");
});
