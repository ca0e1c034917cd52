import { expect, test } from "./fixtures";

test("a broken connection shows its error on the node; undo and redo bring it back and again", async ({
  editor,
  page,
}) => {
  await expect(page.getByTestId("problems-summary")).toHaveText("No problems");
  await expect(editor.card("relu")).toHaveAttribute("data-status", "ok");

  await editor.clickEdge("e-linear1-relu");
  await page.keyboard.press("Delete");
  await expect(editor.edges).toHaveCount(11);
  await expect(editor.card("relu")).toHaveAttribute("data-status", "error");
  await expect(editor.card("relu")).toContainText('input "x" is not connected');
  await expect(page.getByTestId("file-name")).toHaveAttribute("data-dirty", "true");
  await editor.shot("1-connection-broken");

  // The problems list focuses the node it names.
  await page.locator('.nl-problem[data-node="relu"]').first().click();
  await expect(page.locator(".nl-inspector h2")).toHaveText("ReLU");

  await page.keyboard.press("Control+z");
  await expect(editor.edges).toHaveCount(12);
  await expect(editor.card("relu")).toHaveAttribute("data-status", "ok");
  await expect(page.getByTestId("file-name")).toHaveAttribute("data-dirty", "false");
  await editor.shot("2-undone");

  await page.keyboard.press("Control+Shift+z");
  await expect(editor.edges).toHaveCount(11);
  await expect(editor.card("relu")).toHaveAttribute("data-status", "error");
  await editor.command("edit.undo");
  await expect(editor.card("relu")).toHaveAttribute("data-status", "ok");
  await editor.command("edit.redo");
  await expect(editor.card("relu")).toHaveAttribute("data-status", "error");
  await editor.shot("3-redone");
});

test("a node drag is one undo step", async ({ editor, page }) => {
  const relu = editor.node("relu");
  const start = await relu.boundingBox();
  if (!start) throw new Error("ReLU is not on screen");
  await page.mouse.move(start.x + 40, start.y + 10);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(start.x + 40 + i * 8, start.y + 10 + i * 12);
  await page.mouse.up();
  // React Flow commits the last move after mouse-up: wait for the position, do not read it once.
  await expect.poll(async () => (await relu.boundingBox())?.y ?? 0).toBeGreaterThan(start.y + 60);
  await editor.command("edit.undo");
  await expect.poll(async () => (await relu.boundingBox())?.y).toBeCloseTo(start.y, 0);
  await expect(page.locator('.nl-toolbar button[data-command="edit.undo"]')).toBeDisabled();
});

test("Escape takes back an inspector edit: the graph, its shapes and its unsaved mark are as before", async ({
  editor,
  page,
}) => {
  const undoButton = page.locator('.nl-toolbar button[data-command="edit.undo"]');
  const dirty = page.getByTestId("file-name");
  await editor.node("linear2").click();
  const units = page.getByTestId("param-units");
  await units.click();
  await units.pressSequentially("0");
  await expect(editor.outputShape("linear2")).toHaveText("[100]");
  await expect(dirty).toHaveAttribute("data-dirty", "true");
  await units.press("Escape");
  await expect(units).toHaveValue("10");
  await expect(editor.outputShape("linear2")).toHaveText("[10]");
  await expect(dirty).toHaveAttribute("data-dirty", "false");
  await expect(undoButton).toBeDisabled();

  // A label typed and taken back leaves no label and no undo step either.
  const label = page.getByLabel("label", { exact: true });
  await label.fill("Output layer");
  await expect(editor.card("linear2")).toContainText("Output layer");
  await label.press("Escape");
  await expect(editor.card("linear2")).not.toContainText("Output layer");
  await expect(page.locator(".nl-inspector h2")).toHaveText("Linear");
  await expect(dirty).toHaveAttribute("data-dirty", "false");
  await expect(undoButton).toBeDisabled();

  // Enter keeps the edit, as one undo step.
  await units.fill("12");
  await units.press("Enter");
  await expect(editor.outputShape("linear2")).toHaveText("[12]");
  await editor.command("edit.undo");
  await expect(editor.outputShape("linear2")).toHaveText("[10]");
  await expect(undoButton).toBeDisabled();
});

test("duplicate, copy and paste add fresh nodes; delete removes the selection", async ({ editor, page }) => {
  await editor.node("linear1").click();
  await page.keyboard.press("Control+d");
  await expect(editor.nodes).toHaveCount(12);
  await expect(editor.node("linear-1")).toBeVisible();
  await editor.node("relu").click();
  await page.keyboard.press("Control+c");
  await page.keyboard.press("Control+v");
  await expect(editor.nodes).toHaveCount(13);
  await expect(editor.node("relu-1")).toBeVisible();
  await page.keyboard.press("Delete");
  await expect(editor.nodes).toHaveCount(12);
  await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("Control+a");
  await expect(page.locator(".nl-inspector")).toContainText("12 nodes selected");
});

test("the palette filters by search, and Enter adds the focused kind", async ({ editor, page }) => {
  await page.getByLabel("Search nodes").fill("relu");
  // Conv2D offers ReLU as its activation, and choices are searched too.
  await expect(page.locator(".nl-palette-item")).toHaveText(["Conv2D", "ReLU", "Leaky ReLU"]);
  await page.getByLabel("Search nodes").fill("cross-entropy");
  await expect(page.locator(".nl-palette-item")).toHaveText(["Loss"]);
  await page.locator(".nl-palette-item", { hasText: "Loss" }).press("Enter");
  await expect(editor.node("loss-1")).toBeVisible();
  await page.getByLabel("Search nodes").fill("zzz");
  await expect(page.locator(".nl-palette")).toContainText("No node matches");
});

test("follows the system's light or dark theme", async ({ editor, page }) => {
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.emulateMedia({ colorScheme: "light" });
  await expect(page.locator(".react-flow")).toHaveClass(/light/);
  const light = await background();
  await page.emulateMedia({ colorScheme: "dark" });
  await expect(page.locator(".react-flow")).toHaveClass(/dark/);
  expect(await background()).not.toBe(light);
  await expect(editor.nodes).toHaveCount(11);
  await editor.shot("dark");
});
