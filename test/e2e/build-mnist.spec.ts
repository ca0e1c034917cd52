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

  const drops: Array<[string, number, number]> = [
    ["Dataset", 110, 60],
    ["Flatten", 320, 40],
    ["DataLoader", 530, 60],
    ["Linear", 740, 40],
    ["ReLU", 950, 40],
    ["One-hot", 320, 300],
    ["Linear", 530, 330],
    ["Softmax", 740, 330],
    ["Loss", 950, 330],
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

  await editor.drop("Optimizer", { x: 950, y: 560 });
  await editor.connect(["loss-1", "loss"], ["optimizer-1", "loss"]);
  await expect(page.getByTestId("problems-summary")).toHaveText("No problems");
  await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
  await expect(page.getByTestId("graph-status")).toHaveText("Ready to train");

  // Pixels scaled to [0, 1] between the Dataset and Flatten (the new wire replaces the old one),
  // and the preset's SGD settings: the network built by hand is then the MNIST preset.
  await editor.drop("Normalize", { x: 110, y: 560 });
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
  // Auto-layout puts every node right of the nodes feeding it.
  await editor.command("view.autoLayout");
  const x = async (id: string) => (await editor.node(id).boundingBox())?.x ?? Number.NaN;
  await expect.poll(async () => (await x("linear-2")) > (await x("relu-1"))).toBe(true);
  for (const [[from], [to]] of wires.slice(1)) {
    expect(await x(to), `${from} -> ${to}`).toBeGreaterThan(await x(from));
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
