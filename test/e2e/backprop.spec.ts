import type { Page } from "@playwright/test";
import { GRAD_COLOURS } from "../../renderer/backprop/colours";
import { expect, test } from "./fixtures";

test.use({ viewport: { width: 1440, height: 900 } });

/** The stroke colour of the wire between two nodes, as the canvas draws it. */
async function wireColour(page: Page, source: string, target: string): Promise<string> {
  const edge = page.locator(`.react-flow__edge[data-id]`).filter({
    has: page.locator(`path.nl-edge`),
  });
  return edge.evaluateAll(
    (edges, ends) => {
      for (const e of edges) {
        const label = e.getAttribute("aria-label") ?? "";
        const path = e.querySelector("path.nl-edge") as SVGPathElement | null;
        if (path && label.includes(ends[0] as string) && label.includes(ends[1] as string)) return path.style.stroke;
      }
      return "";
    },
    [source, target],
  );
}

test("live signals show on the canvas while the MNIST preset trains, and go when switched off", async ({
  editor,
  page,
}) => {
  test.setTimeout(300_000);
  await page.getByTestId("train-panel-toggle").click();
  // Long enough to be still training when the test stops it: on a quiet machine 20,000 samples take two seconds.
  await page.getByTestId("run-epochs").fill("5");
  const signals = page.getByTestId("signals-switch");
  await signals.check();
  await page.getByTestId("train").click();

  const linear = editor.node("linear1").getByTestId("node-signals");
  await expect(linear).toBeVisible({ timeout: 120_000 });
  await expect(linear).toContainText(/μ -?\d/);
  await expect(linear.locator(".nl-sig-hist rect")).toHaveCount(16);
  // Each trainable layer: its weight and bias tensors' gradient norms and update-to-weight ratios.
  await expect(linear.getByTestId("signal-weight")).toHaveCount(2);
  // Each a row under the headers |∇| and |ΔW|/|W|.
  await expect(linear.getByTestId("signal-weight").first().locator(":scope > span")).toHaveText([
    "weight",
    /^\d/,
    /^\d/,
  ]);
  await expect(editor.node("relu").getByTestId("signal-dead")).toHaveText(/^dead \d+(\.\d)?%$/);
  await expect(editor.node("softmax").getByTestId("node-signals")).toBeVisible();
  await expect(editor.node("linear2").getByTestId("signal-weight")).toHaveCount(2);
  // The wires carry the gradient's size in their colour.
  const colours = GRAD_COLOURS.map((c) => c.toLowerCase());
  const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join(", ")})`;
  await expect.poll(async () => colours.map(rgb).includes(await wireColour(page, "softmax", "loss"))).toBe(true);
  await editor.shot("signals-on");

  // The numbers move as training goes on.
  const first = await linear.textContent();
  await expect.poll(() => linear.textContent(), { timeout: 60_000 }).not.toBe(first);

  await signals.uncheck();
  await expect(page.getByTestId("node-signals")).toHaveCount(0);
  await page.getByTestId("stop").click();
  await expect(page.getByTestId("train-status")).toHaveAttribute("data-phase", "finished");
});

test("Step takes one training step of the MNIST preset apart, forward, backward, update, with the numbers", async ({
  editor,
  page,
}) => {
  test.setTimeout(300_000);
  await page.getByTestId("train-panel-toggle").click();
  await page.getByTestId("step").click();
  const about = page.getByTestId("step-about");
  await expect(about).toHaveText(/^Step 1 from the initial weights, on test sample 0 \(a 7\), batch of 1: loss \d/, {
    timeout: 120_000,
  });
  const stages = page.getByTestId("stage");
  await expect(stages).toHaveText([
    "input",
    "linear1",
    "relu",
    "linear2",
    "softmax",
    "loss",
    "∂ softmax",
    "∂ linear2",
    "∂ relu",
    "∂ linear1",
    "update",
  ]);
  const detail = page.getByTestId("stage-detail");
  const inspector = page.getByTestId("step-inspector");
  // The input: the digit on the DataLoader.
  await expect(editor.node("loader").getByTestId("step-input")).toBeVisible();

  // Forward, node by node: the canvas fills in as the walk passes each node.
  await expect(editor.node("linear1").getByTestId("node-step")).toHaveCount(0);
  await page.getByTestId("stage-next").click();
  await expect(editor.node("linear1").getByTestId("node-step")).toHaveAttribute("data-current", "forward");
  await expect(inspector.getByTestId("step-forward")).toHaveText(/^y_\d+ = Σ_i W_\d+,i·x_i = \S+ \+ \S+ = \S+$/);
  await stages.filter({ hasText: /^softmax$/ }).click();
  const classes = detail.getByTestId("stage-classes").locator("li");
  await expect(classes).toHaveCount(10);
  await expect(classes.nth(7)).toHaveClass("target");
  await expect(editor.node("softmax").getByTestId("step-top").locator("li")).toHaveCount(3);

  await stages.filter({ hasText: /^loss$/ }).click();
  await expect(detail.getByTestId("loss-value")).toHaveText(/^L = −log p_7 = −log \S+ = \S+$/);

  // Backward: softmax with cross-entropy gives p − y at its input; ReLU passes where x > 0.
  await stages.filter({ hasText: "∂ softmax" }).click();
  await expect(editor.node("softmax").getByTestId("node-step")).toHaveAttribute("data-current", "backward");
  await expect(inspector.getByTestId("step-backward")).toHaveText(
    /^∂L\/∂z_\d = \(p_\d − y_\d\) = \(\S+ − [01]\) = \S+$/,
  );
  await stages.filter({ hasText: "∂ relu" }).click();
  await expect(inspector.getByTestId("step-backward")).toHaveText(/^∂L\/∂x_\d+ = \S+ · [01] = \S+$/);
  await stages.filter({ hasText: "∂ linear1" }).click();
  // The first layer's 300 weight-gradient rows as 28x28 images.
  const tiles = detail.getByTestId("weight-tiles");
  await expect(tiles).toHaveAttribute("width", String(30 * 28));
  await expect(tiles).toHaveAttribute("height", String(10 * 28));
  await expect(inspector.getByTestId("step-update").first()).toHaveText(
    /^weight\[\d+,\d+\]: v = 0\.9 · 0 \+ \S+ = \S+; {2}w ← \S+ − 0\.02 · \S+ = \S+$/,
  );
  await editor.shot("step-backward-linear1");

  await page.getByTestId("stage-next").click();
  await expect(detail).toHaveAttribute("data-stage", "update");
  const facts = detail.getByTestId("update-facts");
  await expect(facts).toContainText("linear1.weight [300 × 784]");
  await expect(facts).toContainText("velocity starts at 0");
  await editor.shot("step-update");

  // The next step goes on from these weights, with momentum: its velocity is no longer 0.
  await page.getByTestId("step-again").click();
  // A step carries every number of every tensor (about a million for this graph): on a busy machine that takes seconds.
  await expect(about).toHaveText(/^Step 2 from the initial weights/, { timeout: 60_000 });
  await stages.filter({ hasText: "update" }).click();
  await expect(facts).toContainText("linear1.weight [300 × 784]");
  await expect(facts).not.toContainText("velocity starts at 0");
  await page.getByTestId("step-restart").click();
  await expect(about).toHaveText(/^Step 1 from the initial weights/, { timeout: 60_000 });
});

test("Step goes through a digit drawn in Try it on the trained model", async ({ editor, page }) => {
  test.setTimeout(300_000);
  await page.getByTestId("train-panel-toggle").click();
  await page.getByTestId("run-epochs").fill("1");
  await page.getByTestId("run-limit").fill("2000");
  await page.getByTestId("train").click();
  await expect(page.getByTestId("train-status")).toHaveAttribute("data-phase", "finished", { timeout: 180_000 });
  await page.getByTestId("tab-try").click();
  await editor.draw([
    [
      [70, 60],
      [210, 60],
      [120, 235],
    ],
  ]);
  await editor.probabilities();
  await page.getByTestId("tab-step").click();
  await page.getByTestId("step-drawn").check();
  await page.getByTestId("step-label").selectOption("7");
  await page.getByTestId("step-again").click();
  await expect(page.getByTestId("step-about")).toHaveText(
    /^Step 1 from run 1's trained weights, on the drawn digit \(a 7\)/,
    { timeout: 60_000 },
  );
  await expect(editor.node("loader").getByTestId("step-input")).toBeVisible();
  await editor.shot("step-drawn-digit");
});
