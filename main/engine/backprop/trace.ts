import type { Scalar, Variable } from "@tensorflow/tfjs";
import type { LossName } from "../../../shared/catalog";
import type { ModelStep } from "../../../shared/compile";
import { perSampleLoss } from "../metrics";
import type { LayersModel, Tensor, Tf } from "../tf";

/** One forward and backward pass with every node's output and dLoss/d(output) kept. */
export interface TracedPass {
  /** The batch-mean loss. */
  loss: Scalar;
  /** The loss of each sample of the batch. */
  perSample: Tensor;
  /** Per model step: its output, `[batch, ...outputShape]`. */
  outputs: Tensor[];
  /** Per model step: dLoss/d(output). */
  outputGrads: Tensor[];
  /** dLoss/d(input) of the model, when asked for. */
  inputGrad: Tensor | null;
  /** The model's trainable variables, and dLoss/dW of each (same order). */
  variables: Variable[];
  weightGrads: Tensor[];
}

/** What {@link tracePass} runs: the model, its compiled steps, the loss and one batch. */
export interface TraceInput {
  tf: Tf;
  model: LayersModel;
  steps: readonly ModelStep[];
  loss: LossName;
  xs: Tensor;
  ys: Tensor;
  /** Dropout drops only while training. */
  training: boolean;
  /**
   * Whether to compute dLoss/d(input) too. It costs a matrix product as large as the first
   * layer's forward one, which a training step never needs; without it, `inputGrad` is null.
   */
  inputGrad: boolean;
}

/**
 * Runs the model node by node on one batch and backpropagates the batch-mean loss, in one forward
 * and one backward pass, as a training step does. A zero "probe" is added to every node's output:
 * the gradient with respect to a probe is dLoss/d(that output), which autograd computes on its way
 * to the weights anyway, so the trace costs a few additions more than a plain step.
 * Changes no weight; the caller disposes the tensors (see {@link disposePass}).
 */
export function tracePass(t: TraceInput): TracedPass {
  const { tf, model, steps } = t;
  const batch = t.xs.shape[0] ?? 1;
  const variables = model.trainableWeights.map((w) => w.read() as Variable);
  const shapes = [...(t.inputGrad ? [t.xs.shape.slice(1)] : []), ...steps.map((s) => [...s.outputShape])];
  // A variable shares its initial tensor's data: tidy frees the initial tensor, the variable keeps the data.
  const probes = shapes.map((shape) => tf.tidy(() => tf.variable(tf.zeros([batch, ...shape]), true)));
  const outputProbes = t.inputGrad ? probes.slice(1) : probes;
  const outputs: Tensor[] = [];
  let perSample: Tensor | undefined;
  try {
    const { value, grads } = tf.variableGrads(() => {
      let a = t.inputGrad ? tf.add(t.xs, probes[0] as Variable) : t.xs;
      steps.forEach((step, i) => {
        for (const name of step.layers) a = model.getLayer(name).apply(a, { training: t.training }) as Tensor;
        a = tf.add(a, outputProbes[i] as Variable);
        outputs.push(tf.keep(a));
      });
      perSample = tf.keep(perSampleLoss(tf, t.loss)(t.ys, a));
      return tf.mean(perSample) as Scalar;
    }, [...probes, ...variables]);
    const gradOf = (v: Variable) => grads[v.name] ?? tf.zerosLike(v);
    return {
      loss: value,
      perSample: perSample as Tensor,
      outputs,
      inputGrad: t.inputGrad ? gradOf(probes[0] as Variable) : null,
      outputGrads: outputProbes.map(gradOf),
      variables,
      weightGrads: variables.map(gradOf),
    };
  } catch (err) {
    tf.dispose([...outputs, ...(perSample ? [perSample] : [])]);
    throw err;
  } finally {
    tf.dispose(probes);
  }
}

/** Frees every tensor of a traced pass (not the model's variables). */
export function disposePass(tf: Tf, pass: TracedPass): void {
  tf.dispose([pass.loss, pass.perSample, ...pass.outputs, ...pass.outputGrads, ...pass.weightGrads]);
  if (pass.inputGrad) pass.inputGrad.dispose();
}
