import { describe, expect, it } from "vitest";
import { IMPORTABLE, nodesFromLayers } from "../../../../main/import/layers";
import { compileGraph } from "../../../../shared/compile";
import { graphAround, LAYER_KINDS } from "../../../helpers/kindCases";

/** The compiled Keras layers of a graph, as a model.json holds them. */
function kerasLayers(kind: (typeof LAYER_KINDS)[number]) {
  const result = compileGraph(graphAround(kind));
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join("; "));
  return { result, layers: result.model.config.layers };
}

describe("importing Keras layers", () => {
  it.each(LAYER_KINDS)("reads back the layers %s compiles to as the same nodes and params", (kind) => {
    const { result, layers } = kerasLayers(kind);
    const { nodes, errors } = nodesFromLayers(layers);
    expect(errors).toEqual([]);
    const expected = result.steps.filter((s) => s.layers.length > 0).map((s) => ({ kind: s.kind, params: s.params }));
    expect(nodes.map((n) => ({ kind: n.kind, params: n.params }))).toEqual(expected);
    // Each node names the Keras layers it came from, in the order the compiler wrote them.
    expect(nodes.flatMap((n) => n.from)).toEqual(result.steps.flatMap((s) => s.layers));
  });

  it("splits a Dense layer's activation into its own node", () => {
    const { nodes } = nodesFromLayers([
      { class_name: "Dense", config: { name: "d", units: 4, activation: "tanh", use_bias: false } },
    ]);
    expect(nodes).toEqual([
      { kind: "Linear", params: { units: 4, bias: false }, from: ["d"] },
      { kind: "Tanh", params: {}, from: ["d"] },
    ]);
  });

  it("names the layer whose settings NetLoom refuses, and the setting", () => {
    const { errors } = nodesFromLayers([
      { class_name: "Dense", config: { name: "huge", units: 10 ** 10 } },
      { class_name: "ReLU", config: { name: "capped", max_value: 6 } },
      { class_name: "Activation", config: { name: "act", activation: "swish" } },
      { class_name: "LSTM", config: { name: "rnn" } },
    ]);
    expect(errors).toEqual([
      'layer "huge" (Linear): units must be at most 1000000000',
      'layer "capped" is a ReLU capped at 6, which NetLoom does not have',
      'layer "act" uses the activation "swish", which NetLoom does not have',
      `layer "rnn" is a LSTM, which NetLoom cannot import (it knows ${IMPORTABLE.join(", ")})`,
    ]);
  });

  it("knows every class name the catalog imports", () => {
    expect(IMPORTABLE).toEqual(expect.arrayContaining(["Dense", "Dropout", "Flatten", "InputLayer", "Activation"]));
  });
});
