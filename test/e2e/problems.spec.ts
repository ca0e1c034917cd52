import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Locator } from "@playwright/test";
import { expect, test } from "./fixtures";

const PRESET = path.resolve(import.meta.dirname, "../../shared/presets/mnist.json");

/** Whether a node lies wholly inside the visible canvas. */
async function inView(node: Locator, pane: Locator): Promise<boolean> {
  const [box, view] = [await node.boundingBox(), await pane.boundingBox()];
  if (!box || !view) return false;
  return (
    box.x >= view.x &&
    box.y >= view.y &&
    box.x + box.width <= view.x + view.width &&
    box.y + box.height <= view.y + view.height
  );
}

test("a problem about a connection selects it and brings both its ends into view", async ({ editor, page, work }) => {
  // The MNIST graph with the loss's target wired straight from the Dataset: data cannot feed a tensor input.
  const doc = JSON.parse(readFileSync(PRESET, "utf8"));
  doc.edges = doc.edges.map((e: { id: string }) =>
    e.id === "e-loader-loss"
      ? { id: "e-bad", source: "dataset", sourcePort: "y", target: "loss", targetPort: "target" }
      : e,
  );
  const file = path.join(work, "bad-wire.netloom.json");
  writeFileSync(file, JSON.stringify(doc));
  await editor.command("file.open");
  await editor.choosePath(file);
  const problem = page.locator('.nl-problem[data-edge="e-bad"]');
  await expect(problem).toContainText("cannot connect");

  // Pan far away, so neither end of the connection is on screen.
  const pane = page.locator(".react-flow");
  const box = await pane.boundingBox();
  if (!box) throw new Error("the canvas is not on screen");
  await page.mouse.move(box.x + box.width / 2, box.y + 40);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 - 1500, box.y + 40, { steps: 10 });
  await page.mouse.up();
  await expect.poll(() => inView(editor.node("dataset"), pane)).toBe(false);
  await expect.poll(() => inView(editor.node("loss"), pane)).toBe(false);

  await problem.click();
  await expect(page.locator('.react-flow__edge[data-id="e-bad"]')).toHaveClass(/selected/);
  await expect.poll(() => inView(editor.node("dataset"), pane)).toBe(true);
  await expect.poll(() => inView(editor.node("loss"), pane)).toBe(true);
  await editor.shot("connection-problem-revealed");

  // Selected alone, the connection is what Delete removes.
  await page.keyboard.press("Delete");
  await expect(page.locator('.react-flow__edge[data-id="e-bad"]')).toHaveCount(0);
  await expect(editor.nodes).toHaveCount(11);
});

test("binary cross-entropy after the preset's ten-class Softmax is flagged, and fixed by categorical", async ({
  editor,
  page,
}) => {
  await editor.node("loss").click();
  const loss = page.getByTestId("param-loss");
  await loss.selectOption("binaryCrossentropy");
  await expect(editor.card("loss")).toHaveAttribute("data-status", "warning");
  const problem = page.locator('.nl-problem.warning[data-node="loss"]');
  await expect(problem).toContainText("each of the 10 Softmax outputs as a yes/no question");
  await expect(problem).toContainText("use categorical cross-entropy");
  await editor.shot("binary-after-softmax");
  await loss.selectOption("categoricalCrossentropy");
  await expect(editor.card("loss")).toHaveAttribute("data-status", "ok");
  await expect(problem).toHaveCount(0);
});
