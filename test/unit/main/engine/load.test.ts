import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { setWeights } from "../../../../main/engine/load";
import { buildModel } from "../../../../main/engine/model";
import { modelWeights } from "../../../../main/engine/predict";
import type { ModelWeightsData } from "../../../../main/engine/protocol";
import type { TrainedRun } from "../../../../main/engine/train";
import { type CompileSuccess, compileGraph } from "../../../../shared/compile";
import { loadPreset } from "../../../../shared/presets";

let compiled: CompileSuccess;
/** Weights of the MNIST preset's model (784-300-10) from another seed. */
let source: ModelWeightsData;

async function presetModel(seed: number): Promise<tf.LayersModel> {
  return buildModel(tf, compiled.model, seed);
}

/** The first `n` weights of `weights`, with their bytes. */
function firstWeights(weights: ModelWeightsData, n: number): ModelWeightsData {
  const specs = weights.weightSpecs.slice(0, n);
  const bytes = specs.reduce((sum, s) => sum + s.shape.reduce((a, b) => a * b, 1) * 4, 0);
  return { weightSpecs: specs, weightData: weights.weightData.slice(0, bytes) };
}

beforeAll(async () => {
  await tf.setBackend("cpu");
  const result = compileGraph(loadPreset("mnist"));
  if (!result.ok) throw new Error("the MNIST preset must compile");
  compiled = result;
  const model = await presetModel(7);
  const saved = await modelWeights({ tf, model, compiled } as unknown as TrainedRun);
  source = { weightSpecs: saved.weightSpecs as ModelWeightsData["weightSpecs"], weightData: saved.weightData };
  model.dispose();
});

describe("setting trained weights on a model", () => {
  it("sets every weight, so the model computes what the source model computes", async () => {
    const target = await presetModel(99);
    const original = await presetModel(7);
    const x = tf.randomUniform([3, 784], 0, 1, "float32", 5);
    const before = (target.predict(x) as tf.Tensor).arraySync();
    expect(setWeights(tf, target, source, compiled.steps)).toBeNull();
    const after = (target.predict(x) as tf.Tensor).arraySync();
    expect(after).not.toEqual(before);
    expect(after).toEqual((original.predict(x) as tf.Tensor).arraySync());
  });

  it("names each weight whose shape does not fit, and the node it belongs to", async () => {
    const doc = loadPreset("mnist");
    const narrow = doc.nodes.find((n) => n.id === "linear1");
    if (narrow) narrow.params = { ...narrow.params, units: 128 };
    const other = compileGraph(doc);
    if (!other.ok) throw new Error("the narrower graph must compile");
    const model = await buildModel(tf, other.model, 1);
    const misfit = setWeights(tf, model, source, other.steps);
    expect(misfit?.nodeId).toBe("linear1");
    expect(misfit?.message).toMatch(/^3 weights do not fit the graph: /);
    expect(misfit?.message).toContain(
      'weight "linear1/kernel" has shape [784, 300] in the model file, but node linear1 needs [784, 128]',
    );
    expect(misfit?.message).toContain('weight "linear2/kernel" has shape [300, 10] in the model file');
  });

  it("names a weight the file lacks, and one the graph has no layer for", async () => {
    const model = await presetModel(1);
    expect(setWeights(tf, model, firstWeights(source, 3), compiled.steps)).toEqual({
      message: 'weight "linear2/bias" is missing from the model file (node linear2 needs [10])',
      nodeId: "linear2",
    });
    const stray = {
      weightSpecs: [...source.weightSpecs, { name: "conv9/kernel", shape: [2], dtype: "float32" as const }],
      weightData: new Uint8Array([...new Uint8Array(source.weightData), ...new Uint8Array(8)]).buffer,
    };
    expect(setWeights(tf, model, stray, compiled.steps)).toEqual({
      message: 'the model file\'s weight "conv9/kernel" belongs to no layer of the graph',
    });
  });

  it("refuses weight data whose size does not match its specs, and leaves the model as it was", async () => {
    const model = await presetModel(1);
    const x = tf.randomUniform([2, 784], 0, 1, "float32", 5);
    const before = (model.predict(x) as tf.Tensor).arraySync();
    const cut = { ...source, weightData: source.weightData.slice(0, 100) };
    expect(setWeights(tf, model, cut, compiled.steps)).toEqual({
      message: "the weight data holds 100 bytes but its specs describe 954040",
    });
    expect((model.predict(x) as tf.Tensor).arraySync()).toEqual(before);
  });
});
