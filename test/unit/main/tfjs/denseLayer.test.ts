import type { Scalar } from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../../../main/engine/backend";
import type { LayersModel, Tensor, Tf } from "../../../../main/engine/tf";
import { registerTrainingDense } from "../../../../main/tfjs/denseLayer";

let tf: Tf;
beforeAll(async () => {
  tf = (await selectBackend({ force: "cpu" })).tf;
  registerTrainingDense(tf);
});

/** TF.js's own two-layer Dense model, and the same model read back from its JSON (NetLoom's class). */
async function twoModels(): Promise<[LayersModel, LayersModel]> {
  const own = tf.sequential({
    layers: [tf.layers.dense({ units: 5, inputShape: [4] }), tf.layers.dense({ units: 3, activation: "softmax" })],
  });
  const ours = await tf.models.modelFromJSON(JSON.parse(JSON.stringify(own.toJSON(null, false))));
  ours.setWeights(own.getWeights());
  return [own, ours];
}

const x = () =>
  tf.tensor2d(
    Array.from({ length: 24 }, (_, i) => Math.sin(i)),
    [6, 4],
  );
const trainingLoss = (model: LayersModel) => () =>
  tf.sum(tf.square(model.apply(x(), { training: true }) as Tensor)) as Scalar;

/** The gradients of a training-mode loss, by weight. */
const gradients = (model: LayersModel) =>
  tf.tidy(() => Object.values(tf.variableGrads(trainingLoss(model)).grads).map((g) => Array.from(g.dataSync())));

/** How many matrix products computing those gradients runs. */
async function products(model: LayersModel): Promise<number> {
  const { kernels } = await tf.profile(() => tf.tidy(() => tf.variableGrads(trainingLoss(model)).value));
  return kernels.filter((k) => k.name === "BatchMatMul" || k.name === "_FusedMatMul").length;
}

describe("NetLoom's Dense layer", () => {
  it("is the Dense of the model JSON, and trains to TF.js's own Dense's gradients and predictions", async () => {
    const [own, ours] = await twoModels();
    expect(ours.layers[0]?.getClassName()).toBe("Dense");
    expect(own.layers[0]?.constructor).not.toBe(ours.layers[0]?.constructor);
    expect(ours.toJSON(null, false)).toEqual(own.toJSON(null, false));
    const a = gradients(own);
    const b = gradients(ours);
    expect(b.length).toBe(4);
    for (const [i, g] of b.entries()) for (const [j, v] of g.entries()) expect(v).toBeCloseTo(a[i]?.[j] as number, 5);
    const predicted = (m: LayersModel) => Array.from((m.predict(x()) as Tensor).dataSync());
    expect(predicted(ours)).toEqual(predicted(own));
  });

  it("computes no gradient for the model's input: one product fewer per step than TF.js's Dense", async () => {
    const [own, ours] = await twoModels();
    // Forward 2, weight gradients 2, and the input gradient of layer 2 (its input is layer 1's
    // output); TF.js's fused product also computes layer 1's, which nothing uses.
    expect(await products(ours)).toBe(5);
    expect(await products(own)).toBe(6);
  });
});
