import type { GradSaveFunc } from "@tensorflow/tfjs";
import type { Tensor, Tf } from "./tf";

/** Whether a loss is per sample (the predictions' shape without its last axis) or the mean of those. */
export type Reduction = "perSample" | "mean";

/** A loss of targets and predictions. */
export type LossFn = (yTrue: Tensor, yPred: Tensor) => Tensor;

/**
 * Categorical cross-entropy exactly as Keras and `tf.metrics.categoricalCrossentropy` compute it
 * (predictions divided by their sum over the last axis, clipped to [ε, 1-ε], then `-Σ y·log`),
 * with its gradient written out. TF.js differentiates each op of that composite (the clip alone is
 * GreaterEqual, LessEqual, LogicalAnd, ZerosLike and Select), so the loss and its gradient take 49
 * kernel launches for a [n, 10] batch; these take 23. The forward pass runs TF.js's ops in TF.js's
 * order, so the loss is bit for bit the same; the gradient is the same up to float rounding: with s = Σp, q = p/s,
 * c = clip(q), and g = -y·∂L/∂l / c where ε <= q <= 1-ε (TF.js's ClipByValue gradient) and 0
 * elsewhere, dL/dp = (g - Σ g·q) / s. The targets get no gradient (they are data).
 */
export function categoricalCrossentropy(tf: Tf, reduction: Reduction): LossFn {
  return withGradient(tf, reduction, (y, p, eps, last, save) => {
    const s = tf.sum(p, last, true);
    const q = tf.div(p, s);
    const c = tf.clipByValue(q, eps, 1 - eps);
    save([y, q, c, s]);
    return {
      perSample: tf.neg(tf.sum(tf.mul(y, tf.log(c)), last)),
      // With h = ∂L/∂l·y/c (where held), -h is ∂L/∂q; dL/dp = (Σ h·q - h) / s.
      grad: (up, [ys, qs, cs, ss]) => {
        const h = tf.mul(tf.div(tf.mul(up, ys), cs), held(tf, cs, qs));
        return tf.div(tf.sub(tf.sum(tf.mul(h, qs), last, true), h), ss);
      },
    };
  });
}

/**
 * Binary cross-entropy exactly as Keras and `tf.metrics.binaryCrossentropy` compute it
 * (predictions clipped to [ε, 1-ε], turned into logits z = log(c / (1-c)), then the mean over
 * the last axis of max(z, 0) - z·y + log(1 + e^-|z|)), with its gradient written out: 28 kernel
 * launches for the loss and its gradient where TF.js's composite takes 78. The loss is bit for
 * bit TF.js's. The gradient is (c - y) / (c·(1-c)) / k over the last axis' k outputs where
 * ε <= p <= 1-ε, 0 elsewhere (as PyTorch's BCELoss computes it); TF.js's chain agrees to float
 * rounding but for y = 1 and p within about 1e-3 of 1, where its step(z) - y - e^-|z|/(1+e^-|z|)
 * cancels and keeps only a few bits.
 */
export function binaryCrossentropy(tf: Tf, reduction: Reduction): LossFn {
  return withGradient(tf, reduction, (y, p, eps, last, save) => {
    const c = tf.clipByValue(p, eps, 1 - eps);
    const rest = tf.sub(1, c);
    const z = tf.log(tf.div(c, rest));
    const perElement = tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))));
    save([y, p, c, rest]);
    const k = p.shape[last] ?? 1;
    return {
      perSample: tf.mean(perElement, last),
      grad: (up, [ys, ps, cs, rests]) =>
        tf.mul(tf.div(tf.mul(tf.div(up, k), tf.sub(cs, ys)), tf.mul(cs, rests)), held(tf, cs, ps)),
    };
  });
}

/** 1 where the clip passed `x` through as `clipped`, else 0: where x is clipped, clipped is a bound and differs from x. */
function held(tf: Tf, clipped: Tensor, x: Tensor): Tensor {
  // Cheaper than tf.where, which copies all three of its operands first.
  return tf.cast(tf.equal(clipped, x), "float32");
}

/** The four tensors each loss saves for its gradient, in the order it saves them. */
type Saved = [Tensor, Tensor, Tensor, Tensor];

/** What a loss's forward pass gives: the per-sample loss, and its gradient from ∂L/∂l (expanded over the last axis). */
interface Forward {
  perSample: Tensor;
  grad: (up: Tensor, saved: Saved) => Tensor;
}

/**
 * A loss as one `tf.customGrad` op of the predictions, from its forward pass. The batch mean's
 * upstream gradient is computed as TF.js's Mean gradient computes it (dy / n), so a per-sample
 * loss followed by `tf.mean` (live signals' traced step) and the mean itself (a training step)
 * give bit for bit the same gradient.
 */
function withGradient(
  tf: Tf,
  reduction: Reduction,
  forward: (y: Tensor, p: Tensor, eps: number, last: number, save: GradSaveFunc) => Forward,
): LossFn {
  return (yTrue, yPred) =>
    tf.tidy(() => {
      const y = yTrue.dtype === "float32" ? yTrue : tf.cast(yTrue, "float32");
      // tfjs-layers' epsilon(): the backend's fuzz factor (1e-7 on every float32 backend).
      const eps = tf.backend().epsilon();
      const last = yPred.rank - 1;
      const loss = tf.customGrad((p, save) => {
        const f = forward(y, p as Tensor, eps, last, save as GradSaveFunc);
        const n = f.perSample.size;
        return {
          value: reduction === "mean" ? tf.mean(f.perSample) : f.perSample,
          gradFunc: (dy, saved) => {
            const up =
              reduction === "mean" ? tf.mul(dy as Tensor, Math.fround(1 / n)) : tf.expandDims(dy as Tensor, -1);
            return f.grad(up, saved as Saved);
          },
        };
      });
      return loss(yPred);
    });
}
