import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { benchGraph } from "../../bench/graphs";
import { nodeHandles, nodeSize } from "../../renderer/canvas/geometry";
import { READABLE_ZOOM } from "../../renderer/canvas/viewport";
import { defaultParams, NODE_KINDS } from "../../shared/catalog";
import { emptyGraph, type GraphDocument, parseGraphText, serializeGraph } from "../../shared/graph";
import { type Editor, expect, test } from "./fixtures";

function preset(): GraphDocument {
  const parsed = parseGraphText(
    readFileSync(path.resolve(import.meta.dirname, "../../shared/presets/mnist.json"), "utf8"),
  );
  if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
  return parsed.doc;
}

/** Opens a graph document through File > Open, as a user does. */
async function open(editor: Editor, work: string, doc: GraphDocument): Promise<void> {
  const file = path.join(work, "graph.netloom.json");
  writeFileSync(file, serializeGraph(doc));
  await editor.command("file.open");
  await editor.choosePath(file);
  await expect(editor.page.getByTestId("file-name")).toHaveText("graph.netloom.json");
}

/** Ids of the nodes drawn wholly inside the canvas. */
async function inView(editor: Editor): Promise<string[]> {
  const pane = await editor.page.locator(".react-flow").boundingBox();
  if (!pane) throw new Error("the canvas is not on screen");
  const ids: string[] = [];
  for (const node of await editor.nodes.all()) {
    const box = await node.boundingBox();
    if (!box) continue;
    const inside = box.x >= pane.x && box.y >= pane.y && box.x + box.width <= pane.x + pane.width;
    if (inside && box.y + box.height <= pane.y + pane.height) ids.push((await node.getAttribute("data-id")) ?? "");
  }
  return ids;
}

test("the MNIST preset opens whole and readable at 1440x900, node titles at least 11px on screen", async ({
  editor,
  page,
}) => {
  await expect.poll(() => inView(editor).then((ids) => ids.length)).toBe(11);
  expect(await editor.zoom()).toBeGreaterThanOrEqual(READABLE_ZOOM);
  const title = page.locator('.react-flow__node[data-id="linear1"] .nl-node-name');
  const px = await title.evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
  expect(px * (await editor.zoom())).toBeGreaterThanOrEqual(10.9);
  await editor.shot("preset-fit-view");

  // Fit view after panning away comes back to the same readable view.
  const before = await editor.zoom();
  await page.mouse.move(700, 300);
  await page.mouse.down();
  await page.mouse.move(100, 600, { steps: 5 });
  await page.mouse.up();
  await editor.command("view.fitView");
  await expect.poll(() => inView(editor).then((ids) => ids.length)).toBe(11);
  expect(await editor.zoom()).toBeCloseTo(before, 2);
});

test("the MNIST CNN opens from the gallery whole and readable at 1440x900", async ({ editor, page }) => {
  await editor.command("file.examples");
  await page.locator('.nl-example-card[data-example="mnist-cnn"]').click();
  await expect(page.getByTestId("file-name")).toHaveText("MNIST CNN");
  await expect.poll(() => inView(editor).then((ids) => ids.length)).toBe(18);
  expect(await editor.zoom()).toBeGreaterThanOrEqual(READABLE_ZOOM);
  await expect(page.getByTestId("graph-status")).toHaveText("Ready to train");
  await editor.shot("mnist-cnn-fit-view");
});

test("the minimap gives way when the Train panel leaves the canvas short, and comes back with the room", async ({
  editor,
  page,
}) => {
  const minimap = page.locator(".react-flow__minimap");
  await expect(minimap).toBeVisible();
  await page.getByTestId("train-panel-toggle").click();
  await expect.poll(async () => (await page.locator(".react-flow").boundingBox())?.height ?? 0).toBeLessThan(480);
  await expect(minimap).toHaveCount(0);
  await editor.shot("train-panel-open-no-minimap");
  await page.getByTestId("train-panel-toggle").click();
  await expect(minimap).toBeVisible();
});

test("nodes are drawn with the size and handles the canvas assumes before measuring them", async ({
  editor,
  page,
  work,
}) => {
  const doc = emptyGraph("every kind");
  NODE_KINDS.forEach((kind, i) => {
    const position = { x: (i % 5) * 200, y: Math.floor(i / 5) * 220 };
    doc.nodes.push({ id: `k${i}`, kind, position, params: defaultParams(kind) });
  });
  await open(editor, work, doc);
  await expect(editor.nodes).toHaveCount(NODE_KINDS.length);
  const zoom = await editor.settledZoom();
  for (const node of doc.nodes) {
    const drawn = editor.node(node.id);
    const box = await drawn.boundingBox();
    if (!box) throw new Error(`${node.id} is not drawn`);
    expect(box.width / zoom, node.kind).toBeCloseTo(nodeSize(node.kind, node.params).width, 0);
    for (const handle of nodeHandles(node.kind, node.params)) {
      const hb = await drawn.locator(`.react-flow__handle[data-handleid="${handle.id}"]`).boundingBox();
      if (!hb) throw new Error(`${node.kind} ${handle.id} is not drawn`);
      expect((hb.x - box.x) / zoom, `${node.kind} ${handle.id} x`).toBeCloseTo(handle.x, 0);
      expect((hb.y - box.y) / zoom, `${node.kind} ${handle.id} y`).toBeCloseTo(handle.y, 0);
    }
  }
  // Heights hold for nodes without problems listed under them: the preset's.
  const mnist = preset();
  await open(editor, work, mnist);
  await expect(editor.nodes).toHaveCount(mnist.nodes.length);
  const presetZoom = await editor.settledZoom();
  for (const node of mnist.nodes) {
    const box = await editor.node(node.id).boundingBox();
    expect((box?.height ?? 0) / presetZoom, node.kind).toBeCloseTo(nodeSize(node.kind, node.params).height, 0);
  }
  await expect(page.getByTestId("problems-summary")).toHaveText("No problems");
});

test("a 300-node graph draws what is in view, readable, and the rest as it comes into view", async ({
  editor,
  page,
  work,
}) => {
  await open(editor, work, benchGraph(300, [["Linear", { units: 32 }], ["ReLU"]], 20));
  await expect(page.locator(".nl-inspector")).toContainText("300 nodes");
  expect(await editor.zoom()).toBeCloseTo(READABLE_ZOOM, 3);
  await expect.poll(() => inView(editor)).toContain("data");
  const drawn = await editor.nodes.count();
  expect(drawn).toBeGreaterThan(10);
  expect(drawn).toBeLessThan(100);
  // A connection to a node out of view is drawn all the same.
  await expect(page.locator('.react-flow__edge[data-id="e20"]')).toHaveCount(1);
  await editor.shot("300-nodes-opened");

  // Dragging the empty canvas brings further nodes into view, drawn and draggable.
  const before = new Set(await editor.nodes.evaluateAll((els) => els.map((el) => el.getAttribute("data-id"))));
  // Pressed on the gap between the fourth and fifth nodes of the third row, level with their titles,
  // where no wire runs (a grid of 230 x 170).
  const pane = await page.locator(".react-flow__pane").boundingBox();
  const view = await page
    .locator(".react-flow__viewport")
    .evaluate((el) => new DOMMatrixReadOnly(getComputedStyle(el).transform));
  if (!pane) throw new Error("the canvas is not on screen");
  const gap = { x: pane.x + view.e + (3 * 230 + 201) * view.a, y: pane.y + view.f + (2 * 170 + 12) * view.a };
  await page.mouse.move(gap.x, gap.y);
  await page.mouse.down();
  await page.mouse.move(gap.x - 600, gap.y - 400, { steps: 8 });
  await page.mouse.up();
  let id = "";
  await expect
    .poll(async () => {
      id = (await inView(editor)).find((n) => !before.has(n)) ?? "";
      return id;
    })
    .not.toBe("");
  const start = await editor.node(id).boundingBox();
  if (!start) throw new Error(`${id} is not drawn`);
  await page.mouse.move(start.x + start.width / 2, start.y + 8);
  await page.mouse.down();
  await page.mouse.move(start.x + start.width / 2 + 60, start.y + 48, { steps: 6 });
  await page.mouse.up();
  const end = await editor.node(id).boundingBox();
  expect(end?.x ?? 0).toBeGreaterThan(start.x + 40);
  await editor.shot("300-nodes-panned");
});
