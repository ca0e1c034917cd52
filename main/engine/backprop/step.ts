import type { Variable } from "@tensorflow/tfjs";
import type { CompileSuccess } from "../../../shared/compile";
import type { StepNode, StepTrace, StepWeight } from "../../../shared/step";
import { makeOptimizer } from "../model";
import type { LayersModel, Tensor, Tf } from "../tf";
import { disposePass, tracePass } from "./trace";
import { displayWeight, ownedWeights } from "./weights";

/** A named tensor, as `Optimizer.getWeights()` gives an optimizer's state. */
export interface NamedTensor {
  name: string;
  tensor: Tensor;
}

/** What {@link computeStep} takes: a model with its weights, its compiled graph, one batch, and the optimizer's state. */
export interface StepInput {
  tf: Tf;
  model: LayersModel;
  compiled: Pick<CompileSuccess, "steps" | "loss" | "optimizer" | "nodeParams">;
  /** The batch, `[batch, ...xShape]` and `[batch, ...yShape]`; its first sample is the one shown. */
  xs: Tensor;
  ys: Tensor;
  /** The optimizer's state after earlier steps (`Optimizer.getWeights()`); none for a first step. */
  state?: NamedTensor[];
}

/** The step's numbers, and what a caller needs to take the next step from where this one ends. */
export interface StepResult {
  trace: Omit<StepTrace, "sample" | "classNames" | "backend" | "input"> & { input: Omit<StepTrace["input"], "nodeId"> };
  /** The model's trainable weights after the update, in `model.trainableWeights` order (caller disposes). */
  weightsAfter: Tensor[];
  /** The optimizer's state after the step (caller disposes). */
  stateAfter: NamedTensor[];
}

/**
 * Takes one training step apart: the forward value and dLoss/d(output) at every node of the model,
 * dLoss/dW of every weight tensor, and the update the graph's optimizer makes with its learning
 * rate and momentum. The model is not changed: the update is applied to copies, returned as
 * `weightsAfter`. Dropout drops as in training.
 */
export async function computeStep(s: StepInput): Promise<StepResult> {
  const { tf, model, compiled } = s;
  const { steps } = compiled;
  const pass = tracePass({
    tf,
    model,
    steps,
    loss: compiled.loss.name,
    xs: s.xs,
    ys: s.ys,
    training: true,
    inputGrad: true,
  });
  const copies = pass.variables.map((v) => tf.variable(v.clone(), true));
  const optimizer = makeOptimizer(tf, compiled.optimizer);
  let velocity: Tensor[] | null = null;
  try {
    if (s.state) await optimizer.setWeights(s.state);
    const before = await optimizer.getWeights();
    const iterations = before[0] ? ((await before[0].tensor.data())[0] ?? 0) : 0;
    velocity = momentumOf(compiled.optimizer, before);
    optimizer.applyGradients(copies.map((c, i) => ({ name: c.name, tensor: pass.weightGrads[i] as Tensor })));
    const first = async (t: Tensor) => Array.from(await tf.tidy(() => tf.slice(t, 0, 1)).data());
    const weights = new Map<string, StepWeight[]>();
    for (const { index, nodeId, weight } of ownedWeights(model, steps)) {
      const v = pass.variables[index] as Variable;
      const update = tf.sub(copies[index] as Variable, v);
      const accumulated = velocity?.[index];
      const [value, grad, change, vel] = await Promise.all(
        [v, pass.weightGrads[index] as Tensor, update, ...(accumulated ? [accumulated] : [])].map((t) =>
          displayWeight(tf, weight, t),
        ),
      );
      update.dispose();
      const list = weights.get(nodeId) ?? [];
      list.push({
        name: value?.name ?? weight.torch,
        variable: `${weight.layer}/${weight.name}`,
        shape: value?.shape ?? [],
        value: value?.values ?? [],
        grad: grad?.values ?? [],
        update: change?.values ?? [],
        velocity: vel?.values ?? null,
      });
      weights.set(nodeId, list);
    }
    const nodes: StepNode[] = [];
    for (const [i, step] of steps.entries()) {
      nodes.push({
        nodeId: step.nodeId,
        kind: step.kind,
        shape: [...step.outputShape],
        output: await first(pass.outputs[i] as Tensor),
        grad: await first(pass.outputGrads[i] as Tensor),
        weights: weights.get(step.nodeId) ?? [],
        params: compiled.nodeParams[step.nodeId] ?? {},
      });
    }
    const stateAfter = (await optimizer.getWeights()).map((w) => ({ name: w.name, tensor: w.tensor.clone() }));
    return {
      trace: {
        batchSize: s.xs.shape[0] ?? 1,
        input: { shape: s.xs.shape.slice(1), value: await first(s.xs), grad: await first(pass.inputGrad as Tensor) },
        target: await first(s.ys),
        nodes,
        loss: {
          nodeId: compiled.loss.nodeId,
          name: compiled.loss.name,
          batch: (await pass.loss.data())[0] ?? Number.NaN,
          sample: (await pass.perSample.data())[0] ?? Number.NaN,
        },
        optimizer: { ...compiled.optimizer, step: iterations + 1 },
      },
      weightsAfter: copies.map((c) => c.clone()),
      stateAfter,
    };
  } finally {
    if (velocity) tf.dispose(velocity);
    optimizer.dispose();
    tf.dispose(copies);
    disposePass(tf, pass);
  }
}

/**
 * SGD's velocity before the step, one tensor per variable, from the optimizer's state (`[iterations,
 * ...accumulations]`); null when there is none yet, or the optimizer keeps no velocity.
 */
function momentumOf(spec: CompileSuccess["optimizer"], state: NamedTensor[]): Tensor[] | null {
  if (spec.name !== "sgd" || spec.momentum === 0 || state.length < 2) return null;
  // Cloned: applying the gradients assigns the optimizer's own accumulators in place.
  return state.slice(1).map((w) => w.tensor.clone());
}
