import { readFileSync } from "node:fs";
import path from "node:path";
import { isNodeKind, kindDef } from "../../shared/catalog";
import { type GraphDocument, type GraphNode, parseGraphText } from "../../shared/graph";
import { expect, test } from "./fixtures";

const PRESET = path.resolve(import.meta.dirname, "../../shared/presets/mnist.json");

/** A graph with its ids set aside: each node's kind and full params, each wire by what its ends are. */
function structure(doc: GraphDocument): { nodes: string[]; edges: string[] } {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const nodeText = (n: GraphNode | undefined): string => {
    if (!n || !isNodeKind(n.kind)) return `unknown ${n?.kind}`;
    return `${n.kind} ${JSON.stringify(kindDef(n.kind).params.parse(n.params))}`;
  };
  return {
    nodes: doc.nodes.map(nodeText).sort(),
    edges: doc.edges
      .map((e) => `${nodeText(byId.get(e.source))}.${e.sourcePort} -> ${nodeText(byId.get(e.target))}.${e.targetPort}`)
      .sort(),
  };
}

test("builds the MNIST network from an empty canvas by dragging and wiring nodes", async ({ editor, page, work }) => {
  await expect(editor.nodes).toHaveCount(11);
  await editor.command("file.new");
  await expect(editor.nodes).toHaveCount(0);
  await expect(page.getByTestId("problems-summary")).toHaveText("Empty graph");

  // Positions within the canvas of a 1440x900 window.
  const drops: Array<[string, number, number]> = [
    ["Dataset", 110, 40],
    ["Flatten", 310, 30],
    ["DataLoader", 510, 40],
    ["Linear", 710, 30],
    ["ReLU", 110, 250],
    ["One-hot", 310, 250],
    ["Linear", 510, 250],
    ["Softmax", 710, 250],
    ["Loss", 110, 420],
  ];
  for (const [label, x, y] of drops) await editor.drop(label, { x, y });
  await expect(editor.nodes).toHaveCount(9);
  await editor.shot("1-nine-nodes");

  await editor.connect(["dataset-1", "x"], ["linear-1", "x"]);
  await expect(page.locator(".nl-notice.error")).toContainText("dataset columns reach layers through a DataLoader");
  await expect(editor.edges).toHaveCount(0);

  const wires: Array<[[string, string], [string, string]]> = [
    [
      ["dataset-1", "x"],
      ["flatten-1", "x"],
    ],
    [
      ["dataset-1", "y"],
      ["onehot-1", "x"],
    ],
    [
      ["flatten-1", "x"],
      ["dataloader-1", "x"],
    ],
    [
      ["onehot-1", "x"],
      ["dataloader-1", "y"],
    ],
    [
      ["dataloader-1", "x"],
      ["linear-1", "x"],
    ],
    [
      ["linear-1", "x"],
      ["relu-1", "x"],
    ],
    [
      ["relu-1", "x"],
      ["linear-2", "x"],
    ],
    [
      ["linear-2", "x"],
      ["softmax-1", "x"],
    ],
    [
      ["softmax-1", "x"],
      ["loss-1", "prediction"],
    ],
    [
      ["dataloader-1", "y"],
      ["loss-1", "target"],
    ],
  ];
  for (const [i, [from, to]] of wires.entries()) {
    await editor.connect(from, to);
    await expect(editor.edges).toHaveCount(i + 1);
  }

  // Default Linear units are 10: the hidden layer becomes 300 in the inspector, validated as typed.
  await editor.node("linear-1").click();
  const units = page.getByTestId("param-units");
  await units.fill("0");
  await expect(page.locator(".nl-field.invalid")).toContainText("units must be at least 1");
  await units.fill("300");
  await units.press("Enter");

  await expect(editor.outputShape("flatten-1")).toHaveText("[784]");
  await expect(editor.outputShape("linear-1")).toHaveText("[300]");
  await expect(editor.outputShape("linear-2")).toHaveText("[10]");
  await expect(editor.node("linear-1")).toContainText("235,500 params");
  await expect(editor.card("loss-1")).toHaveAttribute("data-status", "error");
  await expect(editor.node("loss-1")).toContainText("connect an Optimizer");
  await editor.shot("2-wired-without-optimizer");

  await editor.drop("Optimizer", { x: 510, y: 420 });
  await editor.connect(["loss-1", "loss"], ["optimizer-1", "loss"]);
  await expect(page.getByTestId("problems-summary")).toHaveText("No problems");
  await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
  await expect(page.getByTestId("graph-status")).toHaveText("Ready to train");

  // Pixels scaled to [0, 1] between the Dataset and Flatten (the new wire replaces the old one),
  // and the preset's SGD settings: the network built by hand is then the MNIST preset.
  await editor.drop("Normalize", { x: 710, y: 420 });
  await editor.connect(["dataset-1", "x"], ["normalize-1", "x"]);
  await editor.connect(["normalize-1", "x"], ["flatten-1", "x"]);
  await expect(editor.edges).toHaveCount(wires.length + 2);
  wires.push(
    [
      ["dataset-1", "x"],
      ["normalize-1", "x"],
    ],
    [
      ["normalize-1", "x"],
      ["flatten-1", "x"],
    ],
  );
  await editor.node("optimizer-1").click();
  for (const [param, value] of [
    ["learningRate", "0.02"],
    ["momentum", "0.9"],
    ["epochs", "5"],
  ]) {
    await page.getByTestId(`param-${param}`).fill(value as string);
    await page.getByTestId(`param-${param}`).press("Enter");
  }
  await expect(page.getByTestId("problems-summary")).toHaveText("No problems");
  // Auto-layout wraps the chain into rows, like text, so the whole graph is in view and readable:
  // each node is right of the node feeding it, or on a row further down.
  await editor.command("view.autoLayout");
  await expect.poll(() => editor.zoom()).toBeGreaterThanOrEqual(11 / 13);
  const pane = await page.locator(".react-flow").boundingBox();
  if (!pane) throw new Error("the canvas is not on screen");
  const boxOf = async (id: string) => {
    const box = await editor.node(id).boundingBox();
    if (!box) throw new Error(`${id} is not on screen`);
    return box;
  };
  const outOfView = async () => {
    const out: string[] = [];
    for (const id of await editor.nodes.evaluateAll((els) => els.map((el) => el.getAttribute("data-id") ?? ""))) {
      const box = await boxOf(id);
      const inside = box.x >= pane.x && box.y >= pane.y && box.x + box.width <= pane.x + pane.width;
      if (!inside || box.y + box.height > pane.y + pane.height) out.push(id);
    }
    return out;
  };
  await expect.poll(outOfView).toEqual([]);
  for (const [[from], [to]] of wires.slice(1)) {
    const [a, b] = [await boxOf(from), await boxOf(to)];
    expect(b.x > a.x || b.y > a.y + a.height / 2, `${from} -> ${to}`).toBe(true);
  }
  await editor.shot("3-mnist-built");

  const file = path.join(work, "built");
  await editor.command("file.saveAs");
  await editor.choosePath(file);
  await expect(page.getByTestId("file-name")).toHaveText("built.netloom.json");
  const saved = parseGraphText(readFileSync(`${file}.netloom.json`, "utf8"));
  if (!saved.ok) throw new Error(saved.errors.join("\n"));
  const preset = parseGraphText(readFileSync(PRESET, "utf8"));
  if (!preset.ok) throw new Error(preset.errors.join("\n"));
  expect(structure(saved.doc)).toEqual(structure(preset.doc));
});
