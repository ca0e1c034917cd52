import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { nodeSize } from "../../../../renderer/canvas/geometry";
import { DEFAULT_PANE } from "../../../../renderer/canvas/layout";
import { FIT_PADDING, fitViewport, fitZoom, MAX_FIT_ZOOM, READABLE_ZOOM } from "../../../../renderer/canvas/viewport";
import { type GraphDocument, parseGraphText } from "../../../../shared/graph";
import { loadPreset, PRESET_NAMES } from "../../../../shared/presets";

const PANE = { width: 1000, height: 800 };

/** The box around a graph's nodes, with each node's size as the canvas draws it. */
function graphBounds(doc: GraphDocument) {
  const boxes = doc.nodes.map((n) => ({ ...n.position, ...nodeSize(n.kind, n.params) }));
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  return {
    x,
    y,
    width: Math.max(...boxes.map((b) => b.x + b.width)) - x,
    height: Math.max(...boxes.map((b) => b.y + b.height)) - y,
  };
}

describe("fit view", () => {
  it("centres a graph that fits, never enlarging it beyond the largest fit zoom", () => {
    const view = fitViewport({ x: 100, y: 50, width: 200, height: 100 }, PANE);
    expect(view.zoom).toBe(MAX_FIT_ZOOM);
    expect(view.x + (100 + 100) * view.zoom).toBeCloseTo(PANE.width / 2);
    expect(view.y + (50 + 50) * view.zoom).toBeCloseTo(PANE.height / 2);
  });

  it("shrinks a graph to fit while it stays readable", () => {
    const view = fitViewport({ x: 0, y: 0, width: 1100, height: 400 }, PANE);
    expect(view.zoom).toBeCloseTo((PANE.width - 2 * FIT_PADDING) / 1100);
    expect(view.zoom).toBeGreaterThan(READABLE_ZOOM);
  });

  it("stops at the readable zoom and shows a long graph from its start, centred across", () => {
    const view = fitViewport({ x: -40, y: 0, width: 6000, height: 300 }, PANE);
    expect(view.zoom).toBe(READABLE_ZOOM);
    expect(view.x - 40 * view.zoom).toBeCloseTo(FIT_PADDING);
    expect(view.y + 150 * view.zoom).toBeCloseTo(PANE.height / 2);
  });

  it("brings far-apart nodes into view together when asked not to stay readable", () => {
    const view = fitViewport({ x: 0, y: 0, width: 6000, height: 300 }, PANE, { readable: false });
    expect(view.zoom).toBeCloseTo(fitZoom({ width: 6000, height: 300 }, PANE));
    expect(view.zoom).toBeLessThan(READABLE_ZOOM);
  });

  it("opens every preset and every example whole and readable in the canvas of a 1440x900 window", () => {
    for (const name of PRESET_NAMES) {
      expect(fitZoom(graphBounds(loadPreset(name)), DEFAULT_PANE), name).toBeGreaterThanOrEqual(READABLE_ZOOM);
    }
    const dir = path.resolve(import.meta.dirname, "../../../../examples");
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".netloom.json"))) {
      const parsed = parseGraphText(readFileSync(path.join(dir, file), "utf8"));
      if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
      expect(fitZoom(graphBounds(parsed.doc), DEFAULT_PANE), file).toBeGreaterThanOrEqual(READABLE_ZOOM);
    }
  });
});
