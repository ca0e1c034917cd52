import { describe, expect, it } from "vitest";
import { DEFAULT_NODE_SIZE, layoutGraph } from "../../../../renderer/canvas/layout";
import { loadPreset } from "../../../../shared/presets";

describe("auto-layout", () => {
  it("places every node to the right of the nodes that feed it, without overlaps", async () => {
    const doc = loadPreset("mnist");
    const placed = new Map((await layoutGraph(doc, {})).map((p) => [p.id, p.position]));
    expect(placed.size).toBe(doc.nodes.length);
    for (const e of doc.edges) {
      expect((placed.get(e.target)?.x ?? 0) - (placed.get(e.source)?.x ?? 0), e.id).toBeGreaterThanOrEqual(
        DEFAULT_NODE_SIZE.width,
      );
    }
    const boxes = [...placed.values()];
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        const apart = Math.abs(a.x - b.x) >= DEFAULT_NODE_SIZE.width || Math.abs(a.y - b.y) >= DEFAULT_NODE_SIZE.height;
        expect(apart).toBe(true);
      }
    }
  });

  it("keeps the catalog's port order: the Dataset's x branch above its y branch", async () => {
    const placed = new Map((await layoutGraph(loadPreset("mnist"), {})).map((p) => [p.id, p.position]));
    expect(placed.get("normalize")?.y ?? 0).toBeLessThan(placed.get("onehot")?.y ?? 0);
  });

  it("uses measured sizes when it has them", async () => {
    const doc = loadPreset("mnist");
    const wide = Object.fromEntries(doc.nodes.map((n) => [n.id, { width: 500, height: 80 }]));
    const placed = new Map((await layoutGraph(doc, wide)).map((p) => [p.id, p.position]));
    expect((placed.get("relu")?.x ?? 0) - (placed.get("linear1")?.x ?? 0)).toBeGreaterThanOrEqual(500);
  });
});
