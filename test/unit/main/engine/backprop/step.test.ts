import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { computeStep } from "../../../../../main/engine/backprop/step";
import type { LossName } from "../../../../../shared/catalog";
import type { CompileSuccess } from "../../../../../shared/compile";
import type { StepNode } from "../../../../../shared/step";
import { chainGraph, compileOk, type NodeSpec } from "../../../../helpers/chainGraph";
import { forward64, type Nudge, type Weights } from "../../../../helpers/float64Chain";
import { referenceModel, seeded } from "../../../../helpers/tfjsReference";

const INPUTS = 6;
const BATCH = 3;

/** A small graph per activation and loss kind: 6 inputs, a batch of 3. */
const CASES: [string, NodeSpec[], LossName][] = [
  [
    "Sigmoid",
    [["Linear", { units: 5 }], ["Sigmoid"], ["Linear", { units: 4 }], ["Softmax"]],
    "categoricalCrossentropy",
  ],
  ["Tanh", [["Linear", { units: 5 }], ["Tanh"], ["Linear", { units: 4 }], ["Softmax"]], "categoricalCrossentropy"],
  ["ReLU", [["Linear", { units: 5 }], ["ReLU"], ["Linear", { units: 4 }], ["Softmax"]], "categoricalCrossentropy"],
  [
    "LeakyReLU",
    [["Linear", { units: 5 }], ["LeakyReLU", { alpha: 0.2 }], ["Linear", { units: 4 }], ["Softmax"]],
    "categoricalCrossentropy",
  ],
  [
    "ELU",
    [["Linear", { units: 5 }], ["ELU", { alpha: 0.7 }], ["Linear", { units: 4 }], ["Softmax"]],
    "categoricalCrossentropy",
  ],
  ["Maxout", [["Maxout", { units: 5, pieces: 3 }], ["Linear", { units: 4 }], ["Softmax"]], "categoricalCrossentropy"],
  ["Sigmoid with categorical cross-entropy", [["Linear", { units: 4 }], ["Sigmoid"]], "categoricalCrossentropy"],
  ["mean squared error", [["Linear", { units: 5 }], ["Tanh"], ["Linear", { units: 3 }]], "meanSquaredError"],
  [
    "binary cross-entropy",
    [["Linear", { units: 5 }], ["ReLU"], ["Linear", { units: 3 }], ["Sigmoid"]],
    "binaryCrossentropy",
  ],
];

function compileCase(layers: NodeSpec[], loss: LossName): CompileSuccess {
  const classes = loss === "categoricalCrossentropy";
  const doc = chainGraph({
    dataset: { source: "idx", path: "/data/x.idx", labelsPath: "/data/y.idx" },
    x: [],
    y: classes ? [["OneHot", { classes: 4 }]] : [],
    layers,
    loss,
    optimizer: { optimizer: "sgd", learningRate: 0.1, momentum: 0.9 },
    loader: { batchSize: BATCH },
  });
  const info = classes
    ? { xShape: [INPUTS], yShape: [1], classes: 4, trainSamples: 50, testSamples: 0 }
    : { xShape: [INPUTS], yShape: [3], trainSamples: 50, testSamples: 0 };
  return compileOk(doc, { datasets: { dataset: info } });
}

/** Inputs uniform in [-2, 2]; one-hot classes, or targets in [0, 1] for MSE and binary cross-entropy. */
function batchFor(loss: LossName, seed: number): { x: number[][]; y: number[][] } {
  const random = seeded(seed);
  const x = Array.from({ length: BATCH }, () => Array.from({ length: INPUTS }, () => random() * 4 - 2));
  const y = Array.from({ length: BATCH }, (_, i) =>
    loss === "categoricalCrossentropy" ? [0, 1, 2, 3].map((k) => (k === (i * 3 + 1) % 4 ? 1 : 0)) : [0.9, 0.1, 0.6],
  );
  return { x, y };
}

/** Central difference of the float64 loss, stepping by `h`. */
function central(f: (delta: number) => number, h = 1e-5): number {
  return (f(h) - f(-h)) / (2 * h);
}

/** Shown and numerical gradients agree to 1e-3 of the tensor's largest gradient (float32 against float64). */
function expectClose(shown: readonly number[], numeric: readonly number[], what: string): void {
  const scale = Math.max(1e-8, ...numeric.map(Math.abs));
  shown.forEach((v, i) => {
    const diff = Math.abs(v - (numeric[i] as number));
    if (diff > 1e-3 * scale + 1e-7)
      throw new Error(`${what}[${i}]: shown ${v}, finite differences ${numeric[i]} (scale ${scale})`);
  });
}

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("the gradients a step shows equal central finite differences", () => {
  for (const [name, layers, loss] of CASES) {
    it(name, async () => {
      const compiled = compileCase(layers, loss);
      const model = await referenceModel(compiled, 7);
      const { x, y } = batchFor(loss, 11);
      const xs = tf.tensor2d(x);
      const ys = tf.tensor2d(y);
      const { trace, weightsAfter, stateAfter } = await computeStep({ tf, model, compiled, xs, ys });
      tf.dispose([xs, ys, ...weightsAfter, ...stateAfter.map((s) => s.tensor)]);
      const weights: Weights = Object.fromEntries(
        model.trainableWeights.map((w) => [w.originalName, Float64Array.from(w.read().dataSync())]),
      );
      model.dispose();
      const x64 = x.map((r) => Float64Array.from(r));
      const y64 = y.map((r) => Float64Array.from(r));
      const lossAt = (nudge?: Nudge) => forward64(compiled.steps, weights, x64, y64, loss, nudge).loss;
      const reference = forward64(compiled.steps, weights, x64, y64, loss);

      expect(trace.loss.batch).toBeCloseTo(reference.loss, 5);
      trace.nodes.forEach((node: StepNode, i) => {
        expectClose(node.output, Array.from(reference.outputs[i]?.[0] ?? []), `${node.nodeId} output`);
        const numeric = node.grad.map((_, j) => central((delta) => lossAt({ node: i, index: j, delta })));
        expectClose(node.grad, numeric, `dLoss/d(${node.nodeId})`);
      });
      const inputNumeric = trace.input.grad.map((_, j) => central((delta) => lossAt({ node: -1, index: j, delta })));
      expectClose(trace.input.grad, inputNumeric, "dLoss/d(input)");

      for (const [i, node] of trace.nodes.entries()) {
        const inputs = compiled.steps[i]?.inputShape[0] ?? 0;
        for (const w of node.weights) {
          const stored = weights[w.variable] as Float64Array;
          const numeric = stored.map((_, k) =>
            central((delta) => {
              const saved = stored[k] as number;
              stored[k] = saved + delta;
              const value = lossAt();
              stored[k] = saved;
              return value;
            }),
          );
          expectClose(w.grad, shownLayout(w.variable, inputs, w.shape, Array.from(numeric)), `dLoss/d(${w.variable})`);
        }
      }
    });
  }
});

/**
 * A TF.js `[inputs, units]` kernel's values in the layout a step shows: `weight` of `[units, inputs]`,
 * as PyTorch's nn.Linear; a bias as it is.
 */
function shownLayout(variable: string, inputs: number, shape: number[], values: number[]): number[] {
  if (!variable.endsWith("/kernel")) return values;
  const units = values.length / inputs;
  expect(shape).toEqual([units, inputs]);
  return Array.from({ length: units * inputs }, (_, i) => values[(i % inputs) * units + Math.floor(i / inputs)] ?? 0);
}

describe("a step's update", () => {
  it("is SGD with momentum: v = momentum·v + g, w += -lr·v, continuing the optimizer's state", async () => {
    const [, layers, loss] = CASES[2] as (typeof CASES)[number];
    const compiled = compileCase(layers, loss);
    const model = await referenceModel(compiled, 3);
    const { x, y } = batchFor(loss, 5);
    const xs = tf.tensor2d(x);
    const ys = tf.tensor2d(y);
    const first = await computeStep({ tf, model, compiled, xs, ys });
    expect(first.trace.optimizer).toMatchObject({ name: "sgd", learningRate: 0.1, momentum: 0.9, step: 1 });
    for (const w of first.trace.nodes.flatMap((n) => n.weights)) {
      expect(w.velocity).toBeNull();
      expectClose(
        w.update,
        w.grad.map((g) => -0.1 * g),
        `first update of ${w.variable}`,
      );
    }
    // The second step starts from the first one's weights and velocity.
    model.setWeights(first.weightsAfter);
    const second = await computeStep({ tf, model, compiled, xs, ys, state: first.stateAfter });
    expect(second.trace.optimizer.step).toBe(2);
    const firstWeights = first.trace.nodes.flatMap((n) => n.weights);
    second.trace.nodes
      .flatMap((n) => n.weights)
      .forEach((w, i) => {
        const before = firstWeights[i] as (typeof firstWeights)[number];
        expectClose(w.velocity ?? [], before.grad, `velocity of ${w.variable}`);
        expectClose(
          w.update,
          w.grad.map((g, k) => -0.1 * (0.9 * (before.grad[k] as number) + g)),
          `second update of ${w.variable}`,
        );
        expectClose(
          w.value,
          before.value.map((v, k) => v + (before.update[k] as number)),
          `weights after the first step of ${w.variable}`,
        );
      });
    tf.dispose([xs, ys, ...first.weightsAfter, ...second.weightsAfter]);
    tf.dispose([...first.stateAfter, ...second.stateAfter].map((s) => s.tensor));
    model.dispose();
  });

  it("leaves the model's weights as they were", async () => {
    const [, layers, loss] = CASES[0] as (typeof CASES)[number];
    const compiled = compileCase(layers, loss);
    const model = await referenceModel(compiled, 3);
    const before = model.getWeights().map((w) => Array.from(w.dataSync()));
    const { x, y } = batchFor(loss, 5);
    const result = await computeStep({ tf, model, compiled, xs: tf.tensor2d(x), ys: tf.tensor2d(y) });
    expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
    expect(result.trace.nodes[0]?.weights[0]?.update.some((u) => u !== 0)).toBe(true);
    model.dispose();
  });
});
