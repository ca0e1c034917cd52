import type { Scalar } from "@tensorflow/tfjs";
import type { LossName } from "../../shared/catalog";
import { binaryCrossentropy, categoricalCrossentropy, type LossFn } from "./crossEntropy";
import type { Tensor, Tf } from "./tf";

/**
 * How predictions become classes: `argmax` over several outputs, `threshold` at 0.5 for single
 * (sigmoid) outputs, or none for regression.
 */
export type MetricKind = "argmax" | "threshold" | null;

/**
 * Chooses the accuracy rule from the loss, the output size, whether labels are classes, and how
 * many classes there are. One output regressed onto more than two class indices has no accuracy
 * rule that means anything, so it gets none.
 */
export function metricKind(loss: LossName, outputSize: number, labelsAreClasses: boolean, classes = 2): MetricKind {
  if (loss === "categoricalCrossentropy") return outputSize > 1 ? "argmax" : "threshold";
  if (loss === "binaryCrossentropy") return outputSize === 1 ? "threshold" : labelsAreClasses ? "argmax" : "threshold";
  if (!labelsAreClasses) return null;
  if (outputSize > 1) return "argmax";
  return classes <= 2 ? "threshold" : null;
}

/**
 * The loss of each sample of a batch, with Keras's definitions: tfjs-layers' own loss functions,
 * the cross-entropies with the same values and a cheaper gradient (see {@link categoricalCrossentropy}).
 */
export function perSampleLoss(tf: Tf, name: LossName): LossFn {
  if (name === "meanSquaredError") return tf.metrics.meanSquaredError;
  return crossEntropies[name](tf, "perSample");
}

/** The batch-mean loss, with Keras's definitions (see {@link perSampleLoss}). */
export function lossFunction(tf: Tf, name: LossName): (yTrue: Tensor, yPred: Tensor) => Scalar {
  if (name === "meanSquaredError")
    return (yTrue, yPred) => tf.mean(tf.metrics.meanSquaredError(yTrue, yPred)) as Scalar;
  return crossEntropies[name](tf, "mean") as (yTrue: Tensor, yPred: Tensor) => Scalar;
}

const crossEntropies = { categoricalCrossentropy, binaryCrossentropy };

/** Correct predictions in a batch (a scalar), or null for regression. */
export function countCorrect(tf: Tf, kind: MetricKind, yTrue: Tensor, yPred: Tensor): Scalar | null {
  if (kind === null) return null;
  return tf.tidy(() => {
    if (kind === "argmax") {
      return tf.sum(tf.cast(tf.equal(tf.argMax(yPred, -1), tf.argMax(yTrue, -1)), "float32")) as Scalar;
    }
    // Element-wise for multi-label outputs: the mean over outputs, summed over the batch.
    const hit = tf.cast(tf.equal(tf.greaterEqual(yPred, 0.5), tf.greaterEqual(yTrue, 0.5)), "float32");
    return tf.sum(tf.mean(tf.reshape(hit, [hit.shape[0] ?? -1, -1]), -1)) as Scalar;
  });
}

/**
 * Correct predictions among rows of host values (`width` outputs a row), by the same rules as
 * {@link countCorrect}: the first largest output against the first largest target for `argmax`,
 * the mean over outputs of agreeing at 0.5 for `threshold`; null for regression.
 */
export function countCorrectRows(
  kind: MetricKind,
  yTrue: Float32Array,
  yPred: Float32Array,
  width: number,
): number | null {
  if (kind === null) return null;
  let correct = 0;
  for (let row = 0; row * width < yPred.length; row++) {
    const at = row * width;
    if (kind === "argmax") {
      if (argMax(yPred, at, width) === argMax(yTrue, at, width)) correct++;
      continue;
    }
    let agree = 0;
    for (let j = at; j < at + width; j++) if ((yPred[j] as number) >= 0.5 === (yTrue[j] as number) >= 0.5) agree++;
    correct += agree / width;
  }
  return correct;
}

function argMax(values: Float32Array, at: number, width: number): number {
  let best = 0;
  for (let j = 1; j < width; j++) if ((values[at + j] as number) > (values[at + best] as number)) best = j;
  return best;
}

/** Predicted class per sample (for confusion matrices and test examples). */
export function predictedClasses(tf: Tf, kind: MetricKind, yPred: Tensor): Int32Array | null {
  if (kind === null) return null;
  return tf.tidy(() => {
    const classes =
      kind === "argmax" ? tf.argMax(yPred, -1) : tf.cast(tf.greaterEqual(tf.reshape(yPred, [-1]), 0.5), "int32");
    return classes.dataSync() as Int32Array;
  });
}
