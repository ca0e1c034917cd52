import { describe, expect, it } from "vitest";
import { nodeSize } from "../../../../renderer/canvas/geometry";
import { layoutGraph } from "../../../../renderer/canvas/layout";
import type { GraphDocument } from "../../../../shared/graph";
import { loadPreset } from "../../../../shared/presets";

type Placed = Map<string, { x: number; y: number }>;

async function place(doc: GraphDocument, pane?: { width: number; height: number }): Promise<Placed> {
  return new Map((await layoutGraph(doc, {}, pane)).map((p) => [p.id, p.position]));
}

function box(doc: GraphDocument, placed: Placed, id: string) {
  const node = doc.nodes.find((n) => n.id === id);
  const at = placed.get(id);
  if (!node || !at) throw new Error(`${id} was not placed`);
  return { ...at, ...nodeSize(node.kind, node.params) };
}

function expectNoOverlaps(doc: GraphDocument, placed: Placed): void {
  const boxes = doc.nodes.map((n) => box(doc, placed, n.id));
  for (const [i, a] of boxes.entries()) {
    for (const b of boxes.slice(i + 1)) {
      const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      expect(apart, `${JSON.stringify(a)} and ${JSON.stringify(b)} overlap`).toBe(true);
    }
  }
}

describe("auto-layout", () => {
  it("places every node to the right of the nodes that feed it when the canvas is wide, without overlaps", async () => {
    const doc = loadPreset("mnist");
    const placed = await place(doc, { width: 20_000, height: 800 });
    expect(placed.size).toBe(doc.nodes.length);
    for (const e of doc.edges) {
      const source = box(doc, placed, e.source);
      expect(box(doc, placed, e.target).x, e.id).toBeGreaterThanOrEqual(source.x + source.width);
    }
    expectNoOverlaps(doc, placed);
  });

  it("wraps a long chain into rows so the graph takes about the canvas's shape", async () => {
    const doc = loadPreset("mnist");
    const placed = await place(doc, { width: 940, height: 750 });
    const boxes = doc.nodes.map((n) => box(doc, placed, n.id));
    const width = Math.max(...boxes.map((b) => b.x + b.width)) - Math.min(...boxes.map((b) => b.x));
    const height = Math.max(...boxes.map((b) => b.y + b.height)) - Math.min(...boxes.map((b) => b.y));
    // In one row the preset is over 2,000 pixels wide and under 400 high.
    expect(width / height).toBeLessThan(2);
    expectNoOverlaps(doc, placed);
  });

  it("keeps the catalog's port order: the Dataset's x branch above its y branch", async () => {
    const placed = await place(loadPreset("mnist"));
    expect(placed.get("normalize")?.y ?? 0).toBeLessThan(placed.get("onehot")?.y ?? 0);
  });

  it("uses measured sizes when it has them", async () => {
    const doc = loadPreset("mnist");
    const wide = Object.fromEntries(doc.nodes.map((n) => [n.id, { width: 500, height: 80 }]));
    const placed = new Map(
      (await layoutGraph(doc, wide, { width: 20_000, height: 800 })).map((p) => [p.id, p.position]),
    );
    expect((placed.get("relu")?.x ?? 0) - (placed.get("linear1")?.x ?? 0)).toBeGreaterThanOrEqual(500);
  });
});
