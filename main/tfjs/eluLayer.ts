import type * as tfjs from "@tensorflow/tfjs";

type Tf = typeof tfjs;

/**
 * Registers an `ELU` layer class that honours `alpha`, replacing TF.js's own, which refuses any
 * alpha but 1. The class name and config stay Keras's (`{"class_name": "ELU", "config": {"alpha"}}`),
 * so saved models still load in Keras; plain TF.js loads them only with alpha = 1.
 */
export function registerEluWithAlpha(tf: Tf): void {
  class ELU extends tf.layers.Layer {
    static className = "ELU";
    readonly alpha: number;

    constructor(args: { alpha?: number; name?: string; trainable?: boolean } = {}) {
      super(args);
      this.alpha = args.alpha ?? 1;
    }

    override call(inputs: tfjs.Tensor | tfjs.Tensor[]): tfjs.Tensor {
      const x = Array.isArray(inputs) ? (inputs[0] as tfjs.Tensor) : inputs;
      // relu(x) + alpha·(e^min(x, 0) - 1): equal to ELU, differentiable with TF.js's own
      // gradients, and exp never sees a large input.
      return tf.tidy(() => tf.add(tf.relu(x), tf.mul(this.alpha, tf.sub(tf.exp(tf.minimum(x, 0)), 1))));
    }

    override computeOutputShape(inputShape: tfjs.Shape | tfjs.Shape[]): tfjs.Shape | tfjs.Shape[] {
      return inputShape;
    }

    override getConfig(): tfjs.serialization.ConfigDict {
      return { alpha: this.alpha, ...super.getConfig() };
    }
  }
  tf.serialization.registerClass(ELU);
}
