import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../../../main/engine/backend";
import { confusionMatrix } from "../../../../main/engine/evaluate";
import {
  countCorrect,
  countCorrectRows,
  lossFunction,
  metricKind,
  predictedClasses,
} from "../../../../main/engine/metrics";
import type { Tf } from "../../../../main/engine/tf";

let tf: Tf;
beforeAll(async () => {
  tf = (await selectBackend({ force: "cpu" })).tf;
});

describe("accuracy rules", () => {
  it("uses argmax for several outputs, a 0.5 threshold for one, nothing for regression", () => {
    expect(metricKind("categoricalCrossentropy", 10, true)).toBe("argmax");
    expect(metricKind("binaryCrossentropy", 1, true)).toBe("threshold");
    expect(metricKind("binaryCrossentropy", 1, false)).toBe("threshold");
    expect(metricKind("meanSquaredError", 1, false)).toBeNull();
    expect(metricKind("meanSquaredError", 3, false)).toBeNull();
    // MSE on one-hot classes still has a meaningful accuracy.
    expect(metricKind("meanSquaredError", 10, true)).toBe("argmax");
    // One output fitted to 0/1 classes thresholds at 0.5; to five class indices it has no accuracy.
    expect(metricKind("meanSquaredError", 1, true, 2)).toBe("threshold");
    expect(metricKind("meanSquaredError", 1, true, 5)).toBeNull();
  });

  it("counts argmax hits", () => {
    const yTrue = tf.tensor2d([
      [0, 1, 0],
      [1, 0, 0],
      [0, 0, 1],
    ]);
    const yPred = tf.tensor2d([
      [0.1, 0.8, 0.1],
      [0.2, 0.7, 0.1],
      [0.1, 0.2, 0.7],
    ]);
    expect(countCorrect(tf, "argmax", yTrue, yPred)?.dataSync()[0]).toBe(2);
    expect(Array.from(predictedClasses(tf, "argmax", yPred) ?? [])).toEqual([1, 1, 2]);
  });

  it("thresholds a single sigmoid output at 0.5", () => {
    const yTrue = tf.tensor2d([[1], [0], [1], [0]]);
    const yPred = tf.tensor2d([[0.9], [0.4], [0.2], [0.5]]);
    expect(countCorrect(tf, "threshold", yTrue, yPred)?.dataSync()[0]).toBe(2);
    expect(Array.from(predictedClasses(tf, "threshold", yPred) ?? [])).toEqual([1, 0, 0, 1]);
    expect(countCorrect(tf, null, yTrue, yPred)).toBeNull();
  });

  it("counts on values read back as it counts on tensors, ties and several thresholded outputs included", () => {
    // Values on a coarse grid, so rows often tie for the largest output.
    const values = (n: number) =>
      Float32Array.from({ length: n }, (_, i) => Math.round(Math.abs(Math.sin(i * 12.9898)) * 4) / 4);
    for (const [kind, width] of [
      ["argmax", 4],
      ["threshold", 1],
      ["threshold", 3],
    ] as const) {
      const yTrue = values(40 * width);
      const yPred = values(40 * width + 7).subarray(7);
      const onTensors = countCorrect(tf, kind, tf.tensor2d(yTrue, [40, width]), tf.tensor2d(yPred, [40, width]));
      expect(countCorrectRows(kind, yTrue, yPred, width)).toBeCloseTo(onTensors?.dataSync()[0] as number, 4);
    }
    expect(countCorrectRows(null, new Float32Array(2), new Float32Array(2), 1)).toBeNull();
  });

  it("computes Keras's losses, averaged over the batch", () => {
    const mse = lossFunction(tf, "meanSquaredError")(tf.tensor2d([[1], [3]]), tf.tensor2d([[2], [1]]));
    expect(mse.dataSync()[0]).toBeCloseTo((1 + 4) / 2, 6);
    const cce = lossFunction(tf, "categoricalCrossentropy")(tf.tensor2d([[0, 1]]), tf.tensor2d([[0.25, 0.75]]));
    expect(cce.dataSync()[0]).toBeCloseTo(-Math.log(0.75), 5);
    const bce = lossFunction(tf, "binaryCrossentropy")(tf.tensor2d([[1], [0]]), tf.tensor2d([[0.8], [0.4]]));
    expect(bce.dataSync()[0]).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, 5);
  });

  it("builds a confusion matrix with true classes as rows", () => {
    const m = confusionMatrix(3, Int32Array.from([0, 0, 1, 2, 2]), Int32Array.from([0, 1, 1, 2, 0]));
    expect(m).toEqual([
      [1, 1, 0],
      [0, 1, 0],
      [1, 0, 1],
    ]);
  });
});
