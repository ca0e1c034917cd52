import type * as tfjs from "@tensorflow/tfjs";

type Tf = typeof tfjs;
type DenseArgs = Parameters<Tf["layers"]["dense"]>[0];
type Kwargs = Parameters<tfjs.layers.Layer["call"]>[1];

/**
 * Registers a `Dense` layer class that trains without computing gradients nothing asks for.
 * TF.js's Dense runs `x·W + b` as one fused op whose gradient always yields all three of dx, dW
 * and db; for the first layer of a network dx is thrown away, and it costs as much as the forward
 * product (the whole 784x300 product of the MNIST preset, again, every step). In training this
 * class runs the same maths as `matMul` then `add`, whose gradients are computed per input, only
 * where the tape needs them, as TF.js itself does for Dense layers with a nonlinear activation.
 * Inference, other ranks and fused activations keep TF.js's own path; the class name and config
 * are Dense's, so saved models are unchanged.
 */
export function registerTrainingDense(tf: Tf): void {
  const Base = tf.layers.dense({ units: 1 }).constructor as typeof tfjs.layers.Layer &
    (new (
      args: DenseArgs,
    ) => tfjs.layers.Layer);
  class Dense extends Base {
    static className = "Dense";
    private readonly linear: boolean;

    constructor(args: DenseArgs) {
      super(args);
      this.linear = args.activation === undefined || args.activation === "linear";
    }

    override call(inputs: tfjs.Tensor | tfjs.Tensor[], kwargs: Kwargs): tfjs.Tensor | tfjs.Tensor[] {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const [kernel, bias] = this.weights;
      if (!kwargs?.training || !this.linear || x?.rank !== 2 || !kernel) return super.call(inputs, kwargs);
      return tf.tidy(() => {
        const product = tf.matMul(x, kernel.read());
        return bias ? tf.add(product, bias.read()) : product;
      });
    }
  }
  tf.serialization.registerClass(Dense);
}
