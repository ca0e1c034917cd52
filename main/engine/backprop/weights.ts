import type { Tensor, Tf } from "../tf";

/** A weight tensor as NetLoom shows it: its name on the node, shape and row-major values. */
export interface ShownWeight {
  name: string;
  shape: number[];
  values: number[];
}

/**
 * A TF.js weight (or its gradient, update or velocity) in the layout the node documents: a Dense
 * `kernel` of `[inputs, units]` becomes the `weight` of `[units, inputs]` (PyTorch's `nn.Linear`,
 * whose row j holds what unit j sees); a bias stays a bias. Other tensors keep TF.js's name and layout.
 */
export async function displayWeight(tf: Tf, variable: string, t: Tensor): Promise<ShownWeight> {
  const name = shownName(variable, t.rank);
  if (name === "weight") {
    const transposed = tf.transpose(t);
    try {
      return { name: "weight", shape: transposed.shape, values: Array.from(await transposed.data()) };
    } finally {
      transposed.dispose();
    }
  }
  return { name, shape: t.shape, values: Array.from(await t.data()) };
}

/** The name a TF.js variable has on its node: `weight` for a Dense kernel, else the variable's own (`bias`). */
export function shownName(variable: string, rank: number): string {
  const name = variable.split("/").pop() ?? variable;
  return name === "kernel" && rank === 2 ? "weight" : name;
}
