import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

test.use({ viewport: { width: 1440, height: 900 } });

/** The middle of a connection's drawn path, in page pixels. */
async function wireMiddle(page: Page, edgeId: string): Promise<{ x: number; y: number }> {
  return page.locator(`.react-flow__edge[data-id="${edgeId}"] path.react-flow__edge-path`).evaluate((el) => {
    const path = el as SVGPathElement;
    const point = path.getPointAtLength(path.getTotalLength() / 2);
    const m = path.getScreenCTM();
    if (!m) throw new Error("the path is not drawn");
    return { x: point.x * m.a + point.y * m.c + m.e, y: point.x * m.b + point.y * m.d + m.f };
  });
}

/** A connection by its ends, as React Flow labels it. */
const wire = (page: Page, from: string, to: string) =>
  page.locator(`.react-flow__edge[aria-label="Edge from ${from} to ${to}"]`);

test("Replace with… from a node's context menu keeps its wires, and one undo brings the old node back", async ({
  editor,
  page,
}) => {
  await editor.node("relu").click({ button: "right" });
  const menu = page.getByTestId("node-menu");
  await expect(menu).toBeVisible();
  await expect(menu.locator("h2")).toHaveText("Replace ReLU with…");
  await expect(menu.locator('[data-kind="ReLU"]')).toHaveCount(0);
  await expect(menu.locator('[data-kind="Optimizer"]')).toContainText("loses 2 connections");
  await page.getByLabel("Search kinds").fill("el");
  await expect(menu.locator(".nl-menu-item")).toHaveText(["Leaky ReLU", "ELU"]);
  await page.getByLabel("Search kinds").fill("");
  await editor.shot("replace-with-menu");

  await menu.locator('[data-kind="ELU"]').click();
  await expect(menu).toHaveCount(0);
  await expect(editor.node("relu")).toHaveCount(0);
  await expect(editor.card("elu-1")).toHaveAttribute("data-status", "ok");
  await expect(wire(page, "linear1", "elu-1")).toHaveCount(1);
  await expect(wire(page, "elu-1", "linear2")).toHaveCount(1);
  await expect(editor.edges).toHaveCount(12);
  await expect(page.locator(".nl-inspector h2")).toHaveText("ELU");
  await expect(page.getByTestId("problems-summary")).toHaveText("No problems");

  await editor.command("edit.undo");
  await expect(editor.card("relu")).toHaveAttribute("data-status", "ok");
  await expect(wire(page, "linear1", "relu")).toHaveCount(1);
  await expect(editor.node("elu-1")).toHaveCount(0);
  await expect(page.locator('.nl-toolbar button[data-command="edit.undo"]')).toBeDisabled();
});

test("Replace with… in the inspector: a Linear becomes a Maxout with its units and wires", async ({ editor, page }) => {
  await editor.node("linear2").click();
  await page.getByTestId("replace-with").selectOption("Maxout");
  await expect(editor.node("linear2")).toHaveCount(0);
  await expect(wire(page, "relu", "maxout-1")).toHaveCount(1);
  await expect(wire(page, "maxout-1", "softmax")).toHaveCount(1);
  await expect(editor.outputShape("maxout-1")).toHaveText("[10]");
  await expect(page.getByTestId("param-units")).toHaveValue("10");
});

test("a palette item dropped on a wire goes between its ends, as one undo step", async ({ editor, page }) => {
  const at = await wireMiddle(page, "e-linear1-relu");
  const item = page.locator(".nl-palette-item", { hasText: /^Dropout$/ });
  const pane = await page.locator(".react-flow__pane").boundingBox();
  if (!pane) throw new Error("the canvas is not on screen");
  await item.dragTo(page.locator(".react-flow__pane"), { targetPosition: { x: at.x - pane.x, y: at.y - pane.y } });
  await expect(wire(page, "linear1", "dropout-1")).toHaveCount(1);
  await expect(wire(page, "dropout-1", "relu")).toHaveCount(1);
  await expect(wire(page, "linear1", "relu")).toHaveCount(0);
  await expect(editor.edges).toHaveCount(13);

  await editor.command("edit.undo");
  await expect(editor.nodes).toHaveCount(11);
  await expect(wire(page, "linear1", "relu")).toHaveCount(1);
  await expect(page.locator('.nl-toolbar button[data-command="edit.undo"]')).toBeDisabled();
});

test("a palette click adds the node mid-canvas after the selection; dragged onto a wire, an unwired node joins it", async ({
  editor,
  page,
}) => {
  // Nothing selected: the node lands alone in the middle of the canvas.
  await page.locator(".react-flow__pane").click({ position: { x: 10, y: 10 } });
  await page.locator(".nl-palette-item", { hasText: /^Tanh$/ }).click();
  const tanh = editor.node("tanh-1");
  await expect(tanh).toBeVisible();
  const pane = await page.locator(".react-flow__pane").boundingBox();
  const box = await tanh.boundingBox();
  if (!pane || !box) throw new Error("the canvas or the new node is not on screen");
  expect(Math.abs(box.x + box.width / 2 - (pane.x + pane.width / 2))).toBeLessThan(box.width);
  expect(Math.abs(box.y + box.height / 2 - (pane.y + pane.height / 2))).toBeLessThan(box.height * 2);
  await expect(editor.edges).toHaveCount(12);

  // Dragged by its title onto the ReLU -> Linear wire, it is put on it.
  const to = await wireMiddle(page, "e-relu-linear2");
  await page.mouse.move(box.x + 20, box.y + 8);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 15 });
  await expect(page.locator(".react-flow__edge.nl-drop-target")).toHaveAttribute("data-id", "e-relu-linear2");
  await page.mouse.up();
  await expect(wire(page, "relu", "tanh-1")).toHaveCount(1);
  await expect(wire(page, "tanh-1", "linear2")).toHaveCount(1);
  await expect(page.locator(".react-flow__edge.nl-drop-target")).toHaveCount(0);
  await editor.shot("node-dropped-on-wire");

  // One undo takes back the move and the insertion together.
  await editor.command("edit.undo");
  await expect(wire(page, "relu", "linear2")).toHaveCount(1);
  await expect(wire(page, "relu", "tanh-1")).toHaveCount(0);
  await expect.poll(async () => (await tanh.boundingBox())?.x).toBeCloseTo(box.x, 0);

  // With Linear 2 selected, a palette click wires the new node after it. Clicked by its lower
  // right corner: the Tanh and its problem note, put mid-canvas, lie over the rest of it.
  const linear2 = await editor.node("linear2").boundingBox();
  if (!linear2) throw new Error("Linear 2 is not on screen");
  await editor.node("linear2").click({ position: { x: linear2.width - 16, y: linear2.height - 8 } });
  await page.locator(".nl-palette-item", { hasText: /^Dropout$/ }).click();
  await expect(wire(page, "linear2", "dropout-1")).toHaveCount(1);
  await expect(page.locator(".nl-inspector h2")).toHaveText("Dropout");
});
