import { describe, expect, it } from "vitest";
import { compileGraph } from "../../../../shared/compile";
import {
  applyVariant,
  type GraphDocument,
  type GraphVariant,
  parseGraph,
  parseGraphText,
  serializeGraph,
} from "../../../../shared/graph";
import { loadPreset } from "../../../../shared/presets";

function withVariants(variants: unknown): unknown {
  return { ...loadPreset("mnist"), variants };
}

function parsed(raw: unknown): GraphDocument {
  const result = parseGraph(raw);
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return result.doc;
}

const tanh: GraphVariant = { name: "Tanh", nodes: { relu: { kind: "Tanh", params: {} } } };
const maxout: GraphVariant = {
  name: "Maxout",
  nodes: { linear1: { kind: "Maxout", params: { units: 300, pieces: 2 } }, relu: { bypass: true } },
};

describe("graph variants", () => {
  it("are kept by a save and a reopen, in a fixed order", () => {
    const doc = parsed(withVariants([maxout, tanh]));
    const text = serializeGraph(doc);
    const again = parseGraphText(text);
    expect(again.ok && again.doc.variants).toEqual(doc.variants);
    expect(text.indexOf('"variants"')).toBeGreaterThan(text.indexOf('"edges"'));
    expect(serializeGraph(parsed(JSON.parse(text)))).toBe(text);
  });

  it("refuse duplicate names, unknown node ids and changes that are neither a kind nor a bypass", () => {
    for (const [variants, message] of [
      [[tanh, tanh], 'duplicate variant name "Tanh"'],
      [[{ name: "X", nodes: { "bad id!": { bypass: true } } }], "is not a node id"],
      [[{ name: "X", nodes: { relu: { bypass: false } } }], "variants[0].nodes.relu"],
      [[{ name: "X", nodes: { relu: { kind: "Tanh", colour: "red" } } }], "variants[0].nodes.relu"],
      [[{ name: "", nodes: {} }], "variants[0].name"],
    ] as const) {
      const result = parseGraph(withVariants(variants));
      expect(result.ok, JSON.stringify(variants)).toBe(false);
      if (!result.ok) expect(result.errors.join("\n")).toContain(message);
    }
  });

  it("swap a node's kind and params, keeping its id, position and connections", () => {
    const doc = parsed(withVariants([tanh]));
    const result = applyVariant(doc, tanh);
    if (!result.ok) throw new Error(result.error);
    const node = result.doc.nodes.find((n) => n.id === "relu");
    expect(node).toEqual({ ...doc.nodes.find((n) => n.id === "relu"), kind: "Tanh", params: {} });
    expect(result.doc.edges).toEqual(doc.edges);
    expect(result.doc.variants).toBeUndefined();
    expect(result.doc.meta.name).toBe("MNIST MLP (Tanh)");
    expect(compileGraph(result.doc).ok).toBe(true);
  });

  it("bypass a node: its input feeds what it fed, and the graph compiles to the same output", () => {
    const doc = parsed(withVariants([maxout]));
    const result = applyVariant(doc, maxout);
    if (!result.ok) throw new Error(result.error);
    expect(result.doc.nodes.map((n) => n.id)).not.toContain("relu");
    expect(result.doc.edges.find((e) => e.target === "linear2")).toMatchObject({ source: "linear1", sourcePort: "x" });
    const compiled = compileGraph(result.doc);
    expect(compiled.ok).toBe(true);
    expect(compiled.shapes.softmax).toEqual(compileGraph(doc).shapes.softmax);
    // Maxout(784 -> 300, 2 pieces) holds 784 * 600 + 600 weights where Linear(784 -> 300) held 784 * 300 + 300.
    expect(compiled.params.byNode.linear1).toBe(784 * 600 + 600);
  });

  it("say which node is missing or cannot be bypassed", () => {
    const doc = loadPreset("mnist");
    const gone = applyVariant(doc, { name: "Gone", nodes: { act: { kind: "Tanh", params: {} } } });
    expect(gone).toEqual({ ok: false, error: "Gone changes node act, which is not in the graph" });
    const source = applyVariant(doc, { name: "No input", nodes: { dataset: { bypass: true } } });
    expect(source.ok).toBe(false);
    if (!source.ok) expect(source.error).toContain("needs one connected input to pass on (it has 0)");
  });
});
