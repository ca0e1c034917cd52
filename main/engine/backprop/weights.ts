import type { ModelStep, ModelWeight } from "../../../shared/compile";
import type { LayersModel, Tensor, Tf } from "../tf";

/** A weight tensor as NetLoom shows it: its name on the node, shape and row-major values. */
export interface ShownWeight {
  name: string;
  shape: number[];
  values: number[];
}

/**
 * A TF.js weight (or its gradient, update or velocity) in the layout its kind documents, as the
 * catalog declares it: PyTorch's name and axis order, so a Dense `kernel` of `[inputs, units]` is
 * shown as nn.Linear's `weight` of `[units, inputs]`, whose row j holds what unit j sees.
 */
export async function displayWeight(tf: Tf, weight: ModelWeight, t: Tensor): Promise<ShownWeight> {
  const same = weight.axes.every((axis, i) => axis === i);
  const shown = same ? t : tf.transpose(t, [...weight.axes]);
  try {
    return { name: weight.torch, shape: shown.shape, values: Array.from(await shown.data()) };
  } finally {
    if (!same) shown.dispose();
  }
}

/** A trainable weight of the model with the node it belongs to and its catalog declaration. */
export interface OwnedWeight {
  /** Position in `model.trainableWeights`. */
  index: number;
  nodeId: string;
  weight: ModelWeight;
}

/** The model's trainable weights, each with its node and declaration, in the steps' order. */
export function ownedWeights(model: LayersModel, steps: readonly ModelStep[]): OwnedWeight[] {
  const names = model.trainableWeights.map((w) => w.originalName);
  return steps.flatMap((step) =>
    step.weights
      .map((weight) => ({ index: names.indexOf(`${weight.layer}/${weight.name}`), nodeId: step.nodeId, weight }))
      .filter((w) => w.index >= 0),
  );
}

/** The node and shown name of each trainable weight, in `model.trainableWeights` order ("" for none). */
export function weightOwners(model: LayersModel, steps: readonly ModelStep[]): { nodeId: string; name: string }[] {
  const owners = model.trainableWeights.map(() => ({ nodeId: "", name: "" }));
  for (const w of ownedWeights(model, steps)) owners[w.index] = { nodeId: w.nodeId, name: w.weight.torch };
  return owners;
}
