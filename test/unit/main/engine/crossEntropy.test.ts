import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../../../main/engine/backend";
import { lossFunction, perSampleLoss } from "../../../../main/engine/metrics";
import type { Tensor, Tf } from "../../../../main/engine/tf";
import type { LossName } from "../../../../shared/catalog";
import { seeded } from "../../../helpers/tfjsReference";

let tf: Tf;
beforeAll(async () => {
  tf = (await selectBackend({ force: "wasm" })).tf;
});

const EPS = Math.fround(1e-7);

/** Rows the clip bites on: zeros, values far below ε, at ε, one class at 1 or next to it. */
const SATURATED = [
  [1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  [1, 1e-9, 1e-12, 0, 2e-8, 0, 0, 0, 0, 0],
  [0.9999999, 1e-7, 0, 0, 0, 0, 0, 0, 0, 0],
  [EPS, 0.5, 0.5 - EPS, 0, 0, 0, 0, 0, 0, 0],
  [EPS, EPS, EPS, EPS, EPS, EPS, EPS, EPS, EPS, 1 - 9 * EPS],
  [3e-7, 1e-7, 0.25, 0.25, 0.25, 0.25 - 4e-7, 0, 0, 0, 0],
];

/** Predictions of 10 outputs: random rows (not summing to 1), softmax-like rows, then {@link SATURATED}. */
function predictions(random: () => number): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < 12; i++) rows.push(Array.from({ length: 10 }, () => random()));
  for (let i = 0; i < 6; i++) {
    const e = Array.from({ length: 10 }, () => Math.exp(8 * random()));
    const sum = e.reduce((a, b) => a + b, 0);
    rows.push(e.map((v) => v / sum));
  }
  return [...rows, ...SATURATED, ...SATURATED.map((row) => row.map((v) => 1 - v))];
}

/** One-hot targets (on the saturated classes for the saturated rows), and every seventh a soft one. */
function targets(rows: number, random: () => number): number[][] {
  return Array.from({ length: rows }, (_, r) => {
    if (r % 7 === 3) {
      const w = Array.from({ length: 10 }, () => random());
      const sum = w.reduce((a, b) => a + b, 0);
      return w.map((v) => v / sum);
    }
    const hot = r >= 18 ? [0, 1, 9, 0, 9, 5][(r - 18) % 6] : Math.floor(random() * 10);
    return Array.from({ length: 10 }, (_, j) => (j === hot ? 1 : 0));
  });
}

/**
 * The gradients agree to 1e-6 of the largest one in their row (a clipped output's is up to 1e7/n,
 * a row's others may be tiny beside it), or, where `exact` is given, TF.js's is no closer to the
 * exact gradient than ours.
 */
function expectSameGradient(actual: Tensor, expected: Tensor, exact?: number[]) {
  const width = expected.shape[expected.rank - 1] as number;
  const a = actual.dataSync();
  const e = expected.dataSync();
  expect(actual.shape).toEqual(expected.shape);
  for (let row = 0; row * width < e.length; row++) {
    const at = row * width;
    const scale = Math.max(1e-30, ...Array.from(e.subarray(at, at + width), Math.abs));
    for (let j = at; j < at + width; j++) {
      const tfjsError = exact ? Math.abs((e[j] as number) - (exact[j] as number)) : 0;
      expect(Math.abs((a[j] as number) - (e[j] as number))).toBeLessThanOrEqual(
        Math.max(1e-6 * scale, 1.5 * tfjsError),
      );
    }
  }
}

/**
 * dL/dp of binary cross-entropy's batch mean in float64: (p - y) / (p·(1-p)) / (k·n) where
 * ε <= p <= 1-ε (float32 bounds, as TF.js's ClipByValue gradient has them), else 0.
 */
function exactBinaryGradient(p: number[][], y: number[][]): number[] {
  const n = p.length;
  return p.flatMap((row, i) =>
    row.map((value, j) => {
      const v = Math.fround(value);
      if (v < EPS || v > Math.fround(1 - EPS)) return 0;
      return (v - (y[i]?.[j] as number)) / (v * (1 - v)) / (row.length * n);
    }),
  );
}

const cases = (["wasm", "cpu"] as const).flatMap((backend) =>
  (["categoricalCrossentropy", "binaryCrossentropy"] as const).map((loss) => ({ backend, loss })),
);

describe.each(cases)("$loss on $backend", ({ backend, loss }) => {
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
  const tfjs = (name: LossName) =>
    name === "binaryCrossentropy" ? tf.metrics.binaryCrossentropy : tf.metrics.categoricalCrossentropy;
  const tfjsMean = (ys: Tensor, ps: Tensor) => tf.mean(tfjs(loss)(ys, ps));

  it("gives the same loss as tf.metrics, bit for bit, per sample and for the batch", async () => {
    const [ours, theirs, oursPerSample, theirsPerSample] = await onBackend(() => {
      const ys = tf.tensor2d(y);
      const ps = tf.tensor2d(p);
      return [
        lossFunction(tf, loss)(ys, ps),
        tfjsMean(ys, ps),
        perSampleLoss(tf, loss)(ys, ps),
        tfjs(loss)(ys, ps),
      ].map((t) => Array.from(t.dataSync()));
    });
    expect(ours).toEqual(theirs);
    expect(oursPerSample).toEqual(theirsPerSample);
    expect(Math.max(...(oursPerSample as number[]))).toBeGreaterThan(1.5); // -log(ε) / 10: the clip did bite
  });

  it("has TF.js's gradient, clipped predictions included, for the batch mean and per sample", async () => {
    await onBackend(() => {
      const ys = tf.tensor2d(y);
      const ps = tf.tensor2d(p);
      const ours = tf.grad((x: Tensor) => lossFunction(tf, loss)(ys, x))(ps);
      const theirs = tf.grad((x: Tensor) => tfjsMean(ys, x))(ps);
      if (loss === "binaryCrossentropy") {
        // TF.js's chain sums step(z) - y - e^-|z|/(1+e^-|z|) (times dL/dl): for y = 1 and p near 1,
        // that cancels and keeps only a few bits, where (c - y) / (c·(1-c)) keeps them all.
        const exact = exactBinaryGradient(p, y);
        expectSameGradient(ours, tf.tensor(exact, ours.shape));
        expectSameGradient(ours, theirs, exact);
      } else expectSameGradient(ours, theirs);
      // Some gradients are zero only because the clip holds them (TF.js's ClipByValue gradient).
      expect(Array.from(ours.dataSync()).some((v, i) => v === 0 && (p.flat()[i] as number) < EPS)).toBe(true);
      const weights = tf.tensor1d(p.map((_, i) => Math.sin(i) + 0.5));
      const weighted = (f: (ys: Tensor, ps: Tensor) => Tensor) => (x: Tensor) => tf.sum(tf.mul(f(ys, x), weights));
      expectSameGradient(
        tf.grad(weighted(perSampleLoss(tf, loss)))(ps),
        tf.grad(weighted(tfjs(loss)))(ps),
        loss === "binaryCrossentropy"
          ? exactBinaryGradient(p, y).map((v, i) => v * (Math.sin(Math.floor(i / 10)) + 0.5) * p.length)
          : undefined,
      );
    });
  });

  it("gives live signals' traced gradient (per sample, then the mean) exactly a training step's", async () => {
    const [traced, trained] = await onBackend(() => {
      const ys = tf.tensor2d(y);
      const ps = tf.tensor2d(p);
      return [
        tf.grad((x: Tensor) => tf.mean(perSampleLoss(tf, loss)(ys, x)))(ps),
        tf.grad((x: Tensor) => lossFunction(tf, loss)(ys, x))(ps),
      ].map((t) => Array.from(t.dataSync()));
    });
    expect(traced).toEqual(trained);
  });

  it("works over the last axis of any rank, with integer targets", async () => {
    await onBackend(() => {
      const ps = tf.tensor3d(p.slice(0, 24).flat(), [4, 6, 10]);
      const ys = tf.tensor3d(y.slice(0, 24).flat().map(Math.round), [4, 6, 10], "int32");
      const ours = lossFunction(tf, loss);
      expect(ours(ys, ps).dataSync()[0]).toBe(tfjsMean(ys, ps).dataSync()[0]);
      expectSameGradient(
        tf.grad((x: Tensor) => ours(ys, x))(ps),
        tf.grad((x: Tensor) => tfjsMean(ys, x))(ps),
        loss === "binaryCrossentropy"
          ? exactBinaryGradient(
              p.slice(0, 24),
              y.slice(0, 24).map((r) => r.map(Math.round)),
            )
          : undefined,
      );
    });
  });
});

describe("the cross-entropies' cost", () => {
  it.each(["categoricalCrossentropy", "binaryCrossentropy"] as const)(
    "%s takes under half the kernels of TF.js's composite for the loss and its gradient",
    async (loss) => {
      const ys = tf.oneHot(tf.tensor1d([1, 2, 3, 4], "int32"), 10).toFloat();
      const ps = tf.softmax(tf.randomNormal([4, 10], 0, 1, "float32", 7));
      const kernels = async (f: (ys: Tensor, ps: Tensor) => Tensor) => {
        const info = await tf.profile(() => tf.grad((x: Tensor) => f(ys, x))(ps));
        return info.kernels.length;
      };
      const tfjs = loss === "binaryCrossentropy" ? tf.metrics.binaryCrossentropy : tf.metrics.categoricalCrossentropy;
      const ours = await kernels(lossFunction(tf, loss));
      const theirs = await kernels((a, b) => tf.mean(tfjs(a, b)));
      expect(ours).toBeLessThan(theirs / 2);
      tf.dispose([ys, ps]);
    },
  );
});
