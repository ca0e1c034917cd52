import { describe, expect, it } from "vitest";
import { describeChanges } from "../../../../renderer/training/runDiff";
import type { GraphDocument } from "../../../../shared/graph";
import { loadPreset } from "../../../../shared/presets";

const base = loadPreset("mnist");

function setParam(doc: GraphDocument, id: string, key: string, value: unknown): GraphDocument {
  return { ...doc, nodes: doc.nodes.map((n) => (n.id === id ? { ...n, params: { ...n.params, [key]: value } } : n)) };
}

/** The preset with a Dropout between ReLU and the second Linear. */
function withDropout(doc: GraphDocument, rate?: number): GraphDocument {
  return {
    ...doc,
    nodes: [
      ...doc.nodes,
      { id: "dropout-1", kind: "Dropout", position: { x: 0, y: 0 }, params: rate === undefined ? {} : { rate } },
    ],
    edges: [
      ...doc.edges.filter((e) => e.id !== "e-relu-linear2"),
      { id: "e-a", source: "relu", sourcePort: "x", target: "dropout-1", targetPort: "x" },
      { id: "e-b", source: "dropout-1", sourcePort: "x", target: "linear2", targetPort: "x" },
    ],
  };
}

const run = (doc: GraphDocument, options = {}) => ({ doc, options });

describe("run labels: what changed since the previous run", () => {
  it("names the first run and a repeat of the same graph", () => {
    expect(describeChanges(null, run(base))).toBe("first run");
    expect(describeChanges(run(base), run(loadPreset("mnist")))).toBe("same graph");
  });

  it("writes a changed learning rate as lr old → new", () => {
    expect(describeChanges(run(base), run(setParam(base, "optimizer", "learningRate", 0.05)))).toBe("lr 0.02 → 0.05");
  });

  it("names the layer whose units changed, and choices by their labels", () => {
    const label = describeChanges(
      run(base),
      run(setParam(setParam(base, "linear1", "units", 100), "optimizer", "optimizer", "adam")),
    );
    expect(label).toBe("linear1 units 300 → 100, optimizer SGD → Adam");
  });

  it("writes an added node with its main parameter, defaults included", () => {
    expect(describeChanges(run(base), run(withDropout(base, 0.5)))).toBe("+Dropout(0.5)");
    expect(describeChanges(run(withDropout(base, 0.3)), run(base))).toBe("−Dropout(0.3)");
    expect(describeChanges(run(withDropout(base)), run(withDropout(base, 0.5)))).toBe("same graph");
  });

  it("counts run options as the changes they make to the trained graph", () => {
    expect(describeChanges(run(base), run(base, { epochs: 1, limit: 5000 }))).toBe("limit all → 5,000, epochs 5 → 1");
    expect(describeChanges(run(base, { seed: 1 }), run(base, { seed: 2 }))).toBe("seed 1 → 2");
  });

  it("says which backend and how many processes a run changed to", () => {
    expect(describeChanges(run(base), run(base, { backend: "pytorch" }))).toBe("backend best → pytorch");
    const one = run(base, { backend: "pytorch" });
    expect(describeChanges(one, run(base, { backend: "pytorch", processes: 2 }))).toBe("processes 1 → 2");
  });

  it("notices rewiring that adds or removes no node", () => {
    const rewired = {
      ...base,
      edges: base.edges.map((e) => (e.id === "e-normalize-flatten" ? { ...e, source: "dataset" } : e)),
    };
    expect(describeChanges(run(base), run(rewired))).toBe("rewired");
  });

  it("sums up long lists", () => {
    let doc = base;
    for (const [id, key, v] of [
      ["linear1", "units", 10],
      ["linear2", "bias", false],
      ["loader", "batchSize", 64],
      ["optimizer", "learningRate", 0.01],
      ["optimizer", "momentum", 0],
    ] as const) {
      doc = setParam(doc, id, key, v);
    }
    expect(describeChanges(run(base), run(doc))).toMatch(/, \+1 more$/);
  });
});
