import path from "node:path";
import type { Page } from "@playwright/test";
import { fashionMissing } from "../helpers/fashionMnist";
import { type Editor, expect, test } from "./fixtures";

/** The examples the gallery has: id, title, nodes, whether its data is here. */
const EXAMPLES = [
  { id: "mnist-mlp", title: "MNIST MLP", nodes: 11, ready: true },
  { id: "mnist-cnn", title: "MNIST CNN", nodes: 18, ready: true },
  { id: "fashion-mnist-mlp", title: "Fashion-MNIST MLP", nodes: 11, ready: fashionMissing === null },
  { id: "xor", title: "XOR", nodes: 8, ready: true },
  { id: "sine-regression", title: "Sine regression", nodes: 10, ready: true },
  { id: "activations", title: "Activation functions compared", nodes: 11, ready: true },
];

const card = (page: Page, id: string) => page.locator(`.nl-example-card[data-example="${id}"]`);

/** Opens an example through Examples… in the toolbar. */
async function openExample(editor: Editor, id: string): Promise<void> {
  await editor.command("file.examples");
  await card(editor.page, id).click();
}

test.describe("started with no file and no preset", () => {
  test.use({ serveArgs: [] });

  test("the start page offers a new graph, the examples, Open and the recent files", async ({ editor, page, work }) => {
    const start = page.getByTestId("start-page");
    await expect(start).toBeVisible();
    for (const example of EXAMPLES) await expect(card(page, example.id)).toBeVisible();
    await expect(start).toContainText("No recent files yet.");
    await expect(card(page, "xor")).toContainText("33 params");
    await editor.shot("start-page");

    // An example from the start page becomes the graph, with no file yet.
    await card(page, "xor").click();
    await expect(start).toBeHidden();
    await expect(editor.nodes).toHaveCount(8);
    await expect(page.getByTestId("file-name")).toHaveText("XOR");
    await expect(page.getByTestId("file-name")).toHaveAttribute("data-dirty", "false");
    await expect(page.getByTestId("graph-status")).toHaveText("Ready to train");
    const file = path.join(work, "my-xor");
    await editor.command("file.saveAs");
    await editor.choosePath(file);
    await expect(page.getByTestId("file-name")).toHaveText("my-xor.netloom.json");

    // Started again, the start page lists the file saved; choosing it opens it.
    await page.reload();
    await expect(start).toBeVisible();
    const recent = page.getByTestId("start-recent").getByRole("button", { name: /my-xor\.netloom\.json/ });
    await recent.click();
    await expect(page.getByTestId("file-name")).toHaveText("my-xor.netloom.json");
    await expect(editor.nodes).toHaveCount(8);

    // New graph from the start page: an empty canvas.
    await page.reload();
    await page.getByTestId("start-new").click();
    await expect(start).toBeHidden();
    await expect(editor.nodes).toHaveCount(0);
  });
});

test("the gallery opens each example as a new graph, asking first when there is unsaved work", async ({
  editor,
  page,
}) => {
  await editor.command("file.examples");
  const dialog = page.getByRole("dialog", { name: "New from Example" });
  for (const example of EXAMPLES) {
    await expect(dialog.locator(`.nl-example-card[data-example="${example.id}"]`)).toBeVisible();
    await expect(card(page, example.id)).toContainText(example.title);
    await expect(card(page, example.id).locator(".nl-graph-picture rect")).toHaveCount(example.nodes);
  }
  if (fashionMissing) await expect(card(page, "fashion-mnist-mlp")).toContainText("dataset-fashion-mnist");
  await editor.shot("gallery");
  await dialog.getByRole("button", { name: "Cancel" }).click();

  for (const example of EXAMPLES) {
    await openExample(editor, example.id);
    await expect(page.getByTestId("file-name")).toHaveText(example.title);
    await expect(editor.nodes).toHaveCount(example.nodes);
    await expect(page.getByTestId("file-name")).toHaveAttribute("data-dirty", "false");
    if (example.ready) await expect(page.getByTestId("graph-status")).toHaveText("Ready to train");
  }

  // With an unsaved edit, choosing another example asks first; Cancel keeps the graph.
  await editor.node("output").click();
  await page.getByTestId("param-units").fill("12");
  await page.getByTestId("param-units").press("Enter");
  await expect(page.getByTestId("file-name")).toHaveAttribute("data-dirty", "true");
  await openExample(editor, "xor");
  const question = page.getByRole("dialog", { name: "Unsaved changes" });
  await question.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByTestId("file-name")).toHaveText(/^Activation functions compared/);
  await expect(page.getByTestId("file-name")).toHaveAttribute("data-dirty", "true");
  await openExample(editor, "xor");
  await question.getByRole("button", { name: "Open an example anyway" }).click();
  await expect(page.getByTestId("file-name")).toHaveText("XOR");
});

test("the XOR example trains to 100% on its truth table", async ({ editor, page }) => {
  await openExample(editor, "xor");
  await expect(page.getByTestId("graph-status")).toHaveText("Ready to train");
  await page.getByTestId("train").click();
  await expect(page.getByTestId("train-status")).toHaveAttribute("data-phase", "finished", { timeout: 60_000 });
  await page.getByTestId("tab-results").click();
  await expect(page.getByTestId("test-accuracy")).toHaveText("100.00%");
  await editor.shot("xor-trained");
});

test("Train variants trains each activation function in turn, their curves overlaid", async ({ editor, page }) => {
  test.setTimeout(300_000);
  await openExample(editor, "activations");
  await page.getByTestId("train-panel-toggle").click();
  const variants = page.locator(".nl-variants li");
  await expect(variants).toHaveCount(6);
  await expect(variants.filter({ hasText: "Maxout" })).toContainText("activation left out, hidden → Maxout");
  // A short run each: one epoch of 500 samples.
  await page.getByTestId("run-epochs").fill("1");
  await page.getByTestId("run-limit").fill("500");
  await page.getByTestId("train-variants").click();
  await expect(page.getByTestId("variant-series")).toContainText("Variant 1 of 6: Sigmoid");
  await expect(page.getByTestId("train-variants")).toBeVisible({ timeout: 240_000 });
  const legend = page.getByTestId("run-legend");
  await expect(legend).toHaveCount(6);
  for (const [i, name] of ["Sigmoid", "Tanh", "ReLU", "Leaky ReLU", "ELU", "Maxout"].entries()) {
    await expect(legend.nth(i)).toContainText(`Run ${i + 1} ${name}`);
    await expect(variants.nth(i).getByTestId("variant-outcome")).toHaveText(/^\d+\.\d%$/);
  }
  await editor.shot("activation-variants");
});
