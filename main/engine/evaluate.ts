import type { Scalar } from "@tensorflow/tfjs";
import { countCorrect, type MetricKind, predictedClasses } from "./metrics";
import type { LayersModel, Tensor, Tf } from "./tf";

/** Rows evaluated per forward pass: large enough to be fast, small enough for any memory. */
const CHUNK = 1000;

/** Features and targets of samples `[start, end)` of a split, as tensors the caller disposes. */
export type BatchSource = (start: number, end: number) => { xs: Tensor; ys: Tensor };

export interface Evaluation {
  loss: number;
  accuracy: number | null;
  /** Predicted class per sample, when asked for and the model classifies. */
  predicted: Int32Array | null;
  /** Model outputs, row-major, when asked for. */
  outputs: Float32Array | null;
}

/** Runs the model over `n` samples in chunks (inference mode: dropout off). */
export function evaluate(
  tf: Tf,
  model: LayersModel,
  loss: (yTrue: Tensor, yPred: Tensor) => Scalar,
  kind: MetricKind,
  n: number,
  source: BatchSource,
  keep: { predicted?: boolean; outputs?: boolean } = {},
): Evaluation {
  let lossSum = 0;
  let correct = 0;
  const predicted = keep.predicted && kind ? new Int32Array(n) : null;
  let outputs: Float32Array | null = null;
  for (let start = 0; start < n; start += CHUNK) {
    const end = Math.min(n, start + CHUNK);
    const { xs, ys } = source(start, end);
    try {
      // apply, not predict: predict slices its input into batches of 32, and the wasm slice
      // kernel copies the whole input for every slice.
      const preds = tf.tidy(() => model.apply(xs, { training: false }) as Tensor);
      const [l, c] = tf.tidy(() => {
        const batchLoss = loss(ys, preds);
        const hits = countCorrect(tf, kind, ys, preds) ?? tf.scalar(0);
        return Array.from(tf.stack([batchLoss, hits]).dataSync());
      });
      lossSum += (l as number) * (end - start);
      correct += c as number;
      if (predicted) predicted.set(predictedClasses(tf, kind, preds) ?? [], start);
      if (keep.outputs) {
        const values = preds.dataSync() as Float32Array;
        outputs ??= new Float32Array((n * values.length) / (end - start));
        outputs.set(values, (start * values.length) / (end - start));
      }
      preds.dispose();
    } finally {
      xs.dispose();
      ys.dispose();
    }
  }
  return { loss: n > 0 ? lossSum / n : 0, accuracy: kind && n > 0 ? correct / n : null, predicted, outputs };
}

/** Counts of (true class, predicted class) pairs: rows are true classes. */
export function confusionMatrix(classes: number, truth: Int32Array, predicted: Int32Array): number[][] {
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < truth.length; i++) {
    const row = m[truth[i] as number];
    const p = predicted[i] as number;
    if (row && p < classes) row[p] = (row[p] as number) + 1;
  }
  return m;
}
