import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { registerEluWithAlpha } from "../../../../main/tfjs/eluLayer";
import { layerRule, NODE_KINDS } from "../../../../shared/catalog";
import { type CompileSuccess, compileGraph } from "../../../../shared/compile";
import { graphAround, LAYER_KINDS } from "../../../helpers/kindCases";

describe("compiled models load in TensorFlow.js", () => {
  beforeAll(async () => {
    await tf.setBackend("cpu");
    registerEluWithAlpha(tf);
  });

  it("has an example of every kind that becomes layers", () => {
    expect(LAYER_KINDS).toEqual(NODE_KINDS.filter((k) => layerRule(k)));
  });

  for (const kind of LAYER_KINDS) {
    it(`${kind}: tfjs output shapes, weights and parameter counts equal the catalog's`, async () => {
      const result = compileGraph(graphAround(kind));
      if (!result.ok) throw new Error(result.errors.map((e) => `${e.nodeId}: ${e.message}`).join("\n"));
      const model = await tf.models.modelFromJSON(result.model as never);
      try {
        for (const step of (result as CompileSuccess).steps) {
          const lastLayer = step.layers[step.layers.length - 1];
          if (!lastLayer) continue; // a no-op Flatten
          expect(model.getLayer(lastLayer).outputShape, `${step.kind} ${lastLayer}`).toEqual([
            null,
            ...step.outputShape,
          ]);
        }
        const subject = result.steps.find((s) => s.nodeId === "subject");
        expect(subject?.layers.length).toBeGreaterThan(0);
        for (const step of result.steps) {
          const declared = step.weights.map((w) => [`${w.layer}/${w.name}`, w.shape]);
          const made = step.layers.flatMap((l) => model.getLayer(l).weights.map((w) => [w.originalName, w.shape]));
          expect(declared, `${step.kind} weights`).toEqual(made);
        }
        expect(model.countParams()).toBe(result.params.total);
        // The compiler writes exactly what tfjs itself writes for the same model.
        expect(model.toJSON(null, false)).toEqual({ ...result.model, keras_version: expect.any(String) });
      } finally {
        model.dispose();
      }
    });
  }

  it("computes ELU with its alpha: x if x >= 0 else alpha·(e^x - 1)", async () => {
    const result = compileGraph(graphAround("ELU"));
    if (!result.ok) throw new Error("ELU graph should compile");
    const model = await tf.models.modelFromJSON(result.model as never);
    const layer = model.getLayer("subject");
    const x = tf.tensor2d([[-2, -0.5, 0, 3]]);
    const y = (await (layer.apply(x) as tf.Tensor).array()) as number[][];
    const expected = [-2, -0.5, 0, 3].map((v) => (v >= 0 ? v : 0.5 * (Math.exp(v) - 1)));
    y[0]?.forEach((v, i) => {
      expect(v).toBeCloseTo(expected[i] as number, 6);
    });
    const grad = tf.grad((t: tf.Tensor) => (layer.apply(t) as tf.Tensor).sum())(tf.tensor2d([[-1, 100]]));
    const g = (await grad.array()) as number[][];
    expect(g[0]?.[0]).toBeCloseTo(0.5 * Math.exp(-1), 6);
    expect(g[0]?.[1]).toBe(1);
    model.dispose();
  });

  it("computes Maxout as the max over its pieces", async () => {
    const result = compileGraph(
      graphAround("Maxout", {
        layers: [["Maxout", { units: 2, pieces: 3 }, "subject"], ["Linear", { units: 10 }], ["Softmax"]],
      }),
    );
    if (!result.ok) throw new Error("maxout graph should compile");
    const model = await tf.models.modelFromJSON(result.model as never);
    const dense = model.getLayer("subject_dense");
    // Kernel [784, 6]: piece k of unit j is column k * 2 + j; give each column a distinct weight on input 0.
    const kernel = tf.buffer([784, 6]);
    [1, -2, 3, 5, -1, 0.5].forEach((w, col) => {
      kernel.set(w, 0, col);
    });
    dense.setWeights([kernel.toTensor(), tf.zeros([6])]);
    const probe = tf.model({
      inputs: model.inputs,
      outputs: model.getLayer("subject_max").output as tf.SymbolicTensor,
    });
    const x = tf.buffer([1, 784]);
    x.set(2, 0, 0);
    const y = (await (probe.predict(x.toTensor()) as tf.Tensor).array()) as number[][];
    // unit 0: max(1, 3, -1) * 2 = 6; unit 1: max(-2, 5, 0.5) * 2 = 10
    expect(y[0]?.map((v) => Math.round(v * 1e5) / 1e5)).toEqual([6, 10]);
    model.dispose();
  });
});
