import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  avgPoolStep,
  batchNormStep,
  conv2dStep,
  flattenStep,
  globalAvgPoolStep,
  maxPoolStep,
} from "../../../../shared/catalog/imageSteps";
import { num, type StepUnit } from "../../../../shared/catalog/stepRules";
import { seeded } from "../../../helpers/tfjsReference";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const random = seeded(3);
/** A [5, 5, 2] image of values in [-1, 1]. */
const image = tf.tensor3d(
  Array.from({ length: 50 }, () => random() * 2 - 1),
  [5, 5, 2],
);
const x = Array.from(image.dataSync());

/** Every unit of a kind's output on the image, with y and ∂L/∂x from TF.js (L = Σ y·dy for a given dy). */
function units(f: (t: tf.Tensor3D) => tf.Tensor3D, weights: StepUnit["weights"] = {}): StepUnit[] {
  const y = f(image);
  const dy = tf.randomUniform(y.shape, -1, 1, "float32", 7) as tf.Tensor3D;
  const dx = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(f(t as tf.Tensor3D), dy)))(image);
  const [yv, dyv, dxv] = [y, dy, dx].map((t) => Array.from(t.dataSync()));
  return Array.from({ length: y.size }, (_, j) => ({
    j,
    x,
    xShape: [5, 5, 2],
    y: yv as number[],
    yShape: y.shape,
    dx: dxv as number[],
    dy: dyv as number[],
    weights,
    batch: 1,
    crossEntropyTarget: null,
  }));
}

/** The numbers of a formula, in order. */
const numbers = (text: string) =>
  [...text.matchAll(/-?\d+(\.\d+)?(·10\^-?\d+)?/g)].map((m) => Number(m[0].replace("·10^", "e")));
const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(2e-3 * Math.max(1, Math.abs(b)));

describe("step formulas of the image kinds, against TF.js", () => {
  it("Conv2D: the window's weighted sum plus the bias is the output, with same padding and stride 2", () => {
    const kernel = tf.randomUniform([3, 3, 2, 4], -1, 1, "float32", 5) as tf.Tensor4D;
    const bias = tf.tensor1d([0.1, -0.2, 0.3, 0]);
    const weights = {
      weight: { shape: [4, 2, 3, 3], value: Array.from(tf.transpose(kernel, [3, 2, 0, 1]).dataSync()) },
      bias: { shape: [4], value: Array.from(bias.dataSync()) },
    };
    const p = { filters: 4, kernelSize: 3, stride: 2, padding: "same", bias: true, activation: "none" } as const;
    const all = units((t) => tf.add(tf.conv2d(t, kernel, 2, "same"), bias) as tf.Tensor3D, weights);
    expect(all).toHaveLength(3 * 3 * 4);
    for (const u of all) {
      const text = conv2dStep.forwardAt(p, u);
      const [sum = 0, b = 0, y = 0] = numbers(text.split(" = ").slice(-2).join(" = ")).slice(-3);
      close(sum + b, y);
      close(y, u.y[u.j] ?? 0);
    }
    expect(conv2dStep.forwardAt(p, all[0] as StepUnit)).toMatch(/^y\[0, 0, 0\] = Σ W_0 · x\[0\.\.1, 0\.\.1, :\]/);
    expect(conv2dStep.backwardAt(p, all[5] as StepUnit)).toMatch(/^position \[0, 1\] adds ∂L\/∂W_1\[\d, \d, \d\] \+= /);
  });

  it("MaxPool2D: the window's largest input wins and takes the whole gradient", () => {
    const p = { poolSize: 2, stride: 2, padding: "same" } as const;
    for (const u of units((t) => tf.maxPool(t, 2, 2, "same"))) {
      const text = maxPoolStep.forwardAt(p, u);
      const listed = numbers(text.slice(text.indexOf("max(") + 4, text.lastIndexOf(")")));
      close(Math.max(...listed), u.y[u.j] ?? 0);
      const back = maxPoolStep.backwardAt(p, u);
      const [r = 0, c = 0, ch = 0] = numbers(back.slice(0, back.indexOf("]")));
      close(u.dx[(r * 5 + c) * 2 + ch] ?? 0, u.dy[u.j] ?? 0);
    }
  });

  it("AvgPool2D: the mean over the window's pixels inside the image, and the gradient shared by them", () => {
    const p = { poolSize: 2, stride: 2, padding: "same" } as const;
    const all = units((t) => tf.avgPool(t, 2, 2, "same"));
    for (const u of all) {
      const [sum = 0, n = 1, y = 0] = numbers(avgPoolStep.forwardAt(p, u).split(" = ").slice(-2).join(" = "));
      close(sum / n, y);
      close(y, u.y[u.j] ?? 0);
    }
    // The corner window at [2, 2] holds one pixel of the 5x5 image, which gets its whole gradient
    // (TF.js's own AvgPool gradient divides by the full window here, 4, unlike its forward pass).
    const corner = all[(2 * 3 + 2) * 2] as StepUnit;
    expect(avgPoolStep.backwardAt(p, corner)).toBe(
      `each of the 1 inputs of the window gets ∂L/∂y[2, 2, 0] / 1 = ${num(corner.dy[corner.j] ?? 0).replace(/^-.*/, (v) => `(${v})`)} / 1 = ${num(corner.dy[corner.j])}`,
    );
  });

  it("GlobalAvgPool2D, Flatten and BatchNorm: their numbers are the node's own", () => {
    for (const u of units((t) => tf.reshape(tf.mean(t, [0, 1]), [1, 1, 2]) as tf.Tensor3D)) {
      const unit = { ...u, yShape: [2] };
      const [sum = 0, hw = 1, y = 0] = numbers(
        globalAvgPoolStep.forwardAt({}, unit).split(" = ").slice(-2).join(" = "),
      );
      close(sum / hw, y);
      close(numbers(globalAvgPoolStep.backwardAt({}, unit)).at(-1) ?? 0, u.dx[u.j] ?? 0);
    }
    const flat = units((t) => t)[13] as StepUnit;
    expect(flattenStep.forwardAt({}, { ...flat, yShape: [50] })).toBe(`y_13 = x[1, 1, 1] = ${num(x[13])}`);
    const bn = units((t) => t)[3] as StepUnit;
    const gammaBeta = { weight: { shape: [2], value: [2, 0.5] }, bias: { shape: [2], value: [0.1, -0.1] } };
    const text = batchNormStep.forwardAt({ momentum: 0.99, epsilon: 1e-3 }, { ...bn, weights: gammaBeta });
    // Channel 1: x̂ = (y − β) / γ.
    expect(text).toContain(`= ${num(((bn.y[3] ?? 0) + 0.1) / 0.5)};`);
  });
});
