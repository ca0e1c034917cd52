import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../../../main/engine/backend";
import { lossFunction, perSampleLoss } from "../../../../main/engine/metrics";
import type { Tensor, Tf } from "../../../../main/engine/tf";
import { seeded } from "../../../helpers/tfjsReference";

let tf: Tf;
beforeAll(async () => {
  tf = (await selectBackend({ force: "wasm" })).tf;
});

const EPS = Math.fround(1e-7);

/**
 * Predictions of 10 classes: random positive rows that do not sum to 1, softmax-like rows, and
 * rows the clip bites on (zeros, values far below ε, one class at 1 or next to it, values at ε).
 */
function predictions(random: () => number): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < 12; i++) rows.push(Array.from({ length: 10 }, () => random() * 2));
  for (let i = 0; i < 6; i++) {
    const e = Array.from({ length: 10 }, () => Math.exp(8 * random()));
    const sum = e.reduce((a, b) => a + b, 0);
    rows.push(e.map((v) => v / sum));
  }
  rows.push([1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  rows.push([1, 1e-9, 1e-12, 0, 2e-8, 0, 0, 0, 0, 0]);
  rows.push([0.9999999, 1e-7, 0, 0, 0, 0, 0, 0, 0, 0]);
  rows.push([EPS, 0.5, 0.5 - EPS, 0, 0, 0, 0, 0, 0, 0]);
  rows.push([EPS, EPS, EPS, EPS, EPS, EPS, EPS, EPS, EPS, 1 - 9 * EPS]);
  rows.push([3e-7, 1e-7, 0.25, 0.25, 0.25, 0.25 - 4e-7, 0, 0, 0, 0]);
  return rows;
}

/** One-hot targets on random classes (the loss's own classes for the saturated rows), and a few soft ones. */
function targets(rows: number, random: () => number): number[][] {
  return Array.from({ length: rows }, (_, r) => {
    if (r % 7 === 3) {
      const w = Array.from({ length: 10 }, () => random());
      const sum = w.reduce((a, b) => a + b, 0);
      return w.map((v) => v / sum);
    }
    const hot = r >= rows - 6 ? [0, 1, 9, 0, 9, 5][r - (rows - 6)] : Math.floor(random() * 10);
    return Array.from({ length: 10 }, (_, j) => (j === hot ? 1 : 0));
  });
}

/** The gradients agree to 1e-6 of the largest one in their row (a clipped class's is up to 1e7/n). */
function expectSameGradient(actual: Tensor, expected: Tensor) {
  const width = expected.shape[expected.rank - 1] as number;
  const a = actual.dataSync();
  const e = expected.dataSync();
  expect(actual.shape).toEqual(expected.shape);
  for (let row = 0; row * width < e.length; row++) {
    const at = row * width;
    const scale = Math.max(1e-30, ...Array.from(e.subarray(at, at + width), Math.abs));
    for (let j = at; j < at + width; j++) {
      expect(Math.abs((a[j] as number) - (e[j] as number)) / scale).toBeLessThan(1e-6);
    }
  }
}

const backends = ["wasm", "cpu"] as const;

describe.each(backends)("categorical cross-entropy on %s", (backend) => {
  const onBackend = async <T>(f: () => T): Promise<T> => {
    await tf.setBackend(backend);
    try {
      let result: T | undefined;
      tf.tidy(() => {
        result = f();
      });
      return result as T;
    } finally {
      await tf.setBackend("wasm");
    }
  };
  const random = seeded(backend === "wasm" ? 1 : 2);
  const p = predictions(random);
  const y = targets(p.length, random);
  const tfjsMean = (ys: Tensor, ps: Tensor) => tf.mean(tf.metrics.categoricalCrossentropy(ys, ps));

  it("gives the same loss as tf.metrics.categoricalCrossentropy, bit for bit", async () => {
    const [ours, theirs, oursPerSample, theirsPerSample] = await onBackend(() => {
      const ys = tf.tensor2d(y);
      const ps = tf.tensor2d(p);
      return [
        lossFunction(tf, "categoricalCrossentropy")(ys, ps),
        tfjsMean(ys, ps),
        perSampleLoss(tf, "categoricalCrossentropy")(ys, ps),
        tf.metrics.categoricalCrossentropy(ys, ps),
      ].map((t) => Array.from(t.dataSync()));
    });
    expect(ours).toEqual(theirs);
    expect(oursPerSample).toEqual(theirsPerSample);
    expect(Math.max(...(oursPerSample as number[]))).toBeGreaterThan(15); // -log(ε): the clip did bite
  });

  it("has TF.js's gradient, clipped predictions included, for the batch mean and per sample", async () => {
    await onBackend(() => {
      const ys = tf.tensor2d(y);
      const ps = tf.tensor2d(p);
      const ours = tf.grad((x: Tensor) => lossFunction(tf, "categoricalCrossentropy")(ys, x))(ps);
      expectSameGradient(ours, tf.grad((x: Tensor) => tfjsMean(ys, x))(ps));
      // Some gradients are zero only because the clip holds them (TF.js's ClipByValue gradient).
      expect(Array.from(ours.dataSync()).some((v, i) => v === 0 && (p.flat()[i] as number) < EPS)).toBe(true);
      const weights = tf.tensor1d(p.map((_, i) => Math.sin(i) + 0.5));
      const weighted = (loss: (ys: Tensor, ps: Tensor) => Tensor) => (x: Tensor) =>
        tf.sum(tf.mul(loss(ys, x), weights));
      expectSameGradient(
        tf.grad(weighted(perSampleLoss(tf, "categoricalCrossentropy")))(ps),
        tf.grad(weighted(tf.metrics.categoricalCrossentropy))(ps),
      );
    });
  });

  it("gives live signals' traced gradient (per sample, then the mean) exactly a training step's", async () => {
    const [traced, trained] = await onBackend(() => {
      const ys = tf.tensor2d(y);
      const ps = tf.tensor2d(p);
      const perSample = perSampleLoss(tf, "categoricalCrossentropy");
      return [
        tf.grad((x: Tensor) => tf.mean(perSample(ys, x)))(ps),
        tf.grad((x: Tensor) => lossFunction(tf, "categoricalCrossentropy")(ys, x))(ps),
      ].map((t) => Array.from(t.dataSync()));
    });
    expect(traced).toEqual(trained);
  });

  it("works over the last axis of any rank, with integer targets", async () => {
    await onBackend(() => {
      const ps = tf.tensor3d(p.slice(0, 24).flat(), [4, 6, 10]);
      const ys = tf.tensor3d(y.slice(0, 24).flat().map(Math.round), [4, 6, 10], "int32");
      const ours = lossFunction(tf, "categoricalCrossentropy");
      expect(ours(ys, ps).dataSync()[0]).toBe(tfjsMean(ys, ps).dataSync()[0]);
      expectSameGradient(tf.grad((x: Tensor) => ours(ys, x))(ps), tf.grad((x: Tensor) => tfjsMean(ys, x))(ps));
    });
  });
});

describe("categorical cross-entropy's cost", () => {
  it("takes fewer than half the kernels of TF.js's composite for a loss and its gradient", async () => {
    const ys = tf.oneHot(tf.tensor1d([1, 2, 3, 4], "int32"), 10).toFloat();
    const ps = tf.softmax(tf.randomNormal([4, 10], 0, 1, "float32", 7));
    const kernels = async (loss: (ys: Tensor, ps: Tensor) => Tensor) => {
      const info = await tf.profile(() => tf.grad((x: Tensor) => loss(ys, x))(ps));
      return info.kernels.length;
    };
    const ours = await kernels(lossFunction(tf, "categoricalCrossentropy"));
    const theirs = await kernels((a, b) => tf.mean(tf.metrics.categoricalCrossentropy(a, b)));
    expect(ours).toBeLessThan(theirs / 2);
    tf.dispose([ys, ps]);
  });
});
