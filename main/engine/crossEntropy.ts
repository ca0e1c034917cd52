import type { GradSaveFunc } from "@tensorflow/tfjs";
import type { Tensor, Tf } from "./tf";

/** Whether the loss is per sample (shape of the predictions without their last axis) or the mean of those. */
export type Reduction = "perSample" | "mean";

/**
 * Categorical cross-entropy exactly as Keras and `tf.metrics.categoricalCrossentropy` compute it
 * (predictions divided by their sum over the last axis, clipped to [ε, 1-ε], then `-Σ y·log`),
 * with its gradient written out. TF.js differentiates each op of that composite, which costs
 * about 40 kernel launches a step for a [32, 10] batch (the clip alone is GreaterEqual,
 * LessEqual, LogicalAnd, ZerosLike and Select); this one takes about 20. The forward pass runs
 * the same ops in the same order as TF.js, so the loss is bit for bit the same; the gradient is
 * the same up to float rounding: with s = Σp, q = p/s, c = clip(q), and g = -y·∂L/∂l / c where
 * ε <= q <= 1-ε (TF.js's ClipByValue gradient) and 0 elsewhere, dL/dp = (g - Σ g·q) / s.
 * The targets get no gradient (they are data).
 */
export function categoricalCrossentropy(tf: Tf, reduction: Reduction): (yTrue: Tensor, yPred: Tensor) => Tensor {
  return (yTrue, yPred) =>
    tf.tidy(() => {
      const y = yTrue.dtype === "float32" ? yTrue : tf.cast(yTrue, "float32");
      // tfjs-layers' epsilon(): the backend's fuzz factor (1e-7 on every float32 backend).
      const eps = tf.backend().epsilon();
      const last = yPred.rank - 1;
      const loss = tf.customGrad((p, save) => {
        const pred = p as Tensor;
        const keep = save as GradSaveFunc;
        const s = tf.sum(pred, last, true);
        const q = tf.div(pred, s);
        const c = tf.clipByValue(q, eps, 1 - eps);
        const perSample = tf.neg(tf.sum(tf.mul(y, tf.log(c)), last));
        keep([y, q, c, s]);
        const value = reduction === "mean" ? tf.mean(perSample) : perSample;
        return {
          value,
          gradFunc: (dy, saved) => {
            const [ys, qs, cs, ss] = saved as [Tensor, Tensor, Tensor, Tensor];
            // dL/d(log c) = -dy / n for the mean (TF.js's Mean gradient divides by n), -dy per sample.
            const up =
              reduction === "mean"
                ? tf.mul(dy as Tensor, -1 / perSample.size)
                : tf.expandDims(tf.neg(dy as Tensor), -1);
            // Where the clip holds q, c is q itself; where it clips, c is a bound and differs from q.
            // (tf.where would cost five kernels, three of them copies.)
            const g = tf.mul(tf.div(tf.mul(up, ys), cs), tf.cast(tf.equal(cs, qs), "float32"));
            return tf.div(tf.sub(g, tf.sum(tf.mul(g, qs), last, true)), ss);
          },
        };
      });
      return loss(yPred);
    });
}
