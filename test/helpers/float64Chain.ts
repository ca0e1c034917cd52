import type { LossName } from "../../shared/catalog";
import type { ModelStep } from "../../shared/compile";

/**
 * A float64 reference of NetLoom's model chains and losses, written from the formulas in the
 * catalog's help and Keras's loss definitions, for central finite differences: float32 is too
 * coarse for them. Weights are in TF.js layout (`layer/kernel` of `[inputs, units]`).
 */
export type Weights = Record<string, Float64Array>;

/** Adds `delta` to element `index` of sample 0 at the output of step `node` (-1: the model's input). */
export interface Nudge {
  node: number;
  index: number;
  delta: number;
}

const EPS = 1e-7;

function dense(x: Float64Array[], kernel: Float64Array, bias: Float64Array | undefined, units: number) {
  return x.map((row) => {
    const out = new Float64Array(units);
    for (let j = 0; j < units; j++) {
      let sum = bias ? (bias[j] as number) : 0;
      for (let i = 0; i < row.length; i++) sum += (row[i] as number) * (kernel[i * units + j] as number);
      out[j] = sum;
    }
    return out;
  });
}

const map = (x: Float64Array[], f: (v: number) => number) => x.map((row) => row.map(f));

function softmax(row: Float64Array): Float64Array {
  const max = Math.max(...row);
  const e = row.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

function applyStep(step: ModelStep, x: Float64Array[], w: Weights): Float64Array[] {
  const p = step.params as { units: number; alpha: number; pieces: number };
  const layer = step.layers[0] ?? "";
  switch (step.kind) {
    case "Linear":
      return dense(x, w[`${layer}/kernel`] as Float64Array, w[`${layer}/bias`], p.units);
    case "Sigmoid":
      return map(x, (v) => 1 / (1 + Math.exp(-v)));
    case "Tanh":
      return map(x, Math.tanh);
    case "ReLU":
      return map(x, (v) => Math.max(0, v));
    case "LeakyReLU":
      return map(x, (v) => (v > 0 ? v : p.alpha * v));
    case "ELU":
      return map(x, (v) => (v > 0 ? v : p.alpha * (Math.exp(v) - 1)));
    case "Softmax":
      return x.map(softmax);
    case "Maxout": {
      const all = dense(x, w[`${layer}/kernel`] as Float64Array, w[`${layer}/bias`], p.units * p.pieces);
      // Dense(units·pieces) -> Reshape([pieces, units]) -> max over pieces.
      return all.map((row) =>
        Float64Array.from({ length: p.units }, (_, j) =>
          Math.max(...Array.from({ length: p.pieces }, (_, k) => row[k * p.units + j] as number)),
        ),
      );
    }
    case "Flatten":
      return x;
    default:
      throw new Error(`the float64 reference does not know ${step.kind}`);
  }
}

function sampleLoss(name: LossName, y: Float64Array, p: Float64Array): number {
  const n = p.length;
  let sum = 0;
  if (name === "meanSquaredError") {
    for (let k = 0; k < n; k++) sum += ((y[k] as number) - (p[k] as number)) ** 2;
    return sum / n;
  }
  const clip = (v: number) => Math.min(1 - EPS, Math.max(EPS, v));
  if (name === "binaryCrossentropy") {
    for (let k = 0; k < n; k++) {
      const q = clip(p[k] as number);
      sum -= (y[k] as number) * Math.log(q) + (1 - (y[k] as number)) * Math.log(1 - q);
    }
    return sum / n;
  }
  // Keras rescales each row to sum to 1 before the log.
  const total = p.reduce((a, b) => a + b, 0);
  for (let k = 0; k < n; k++) sum -= (y[k] as number) * Math.log(clip((p[k] as number) / total));
  return sum;
}

/** The outputs of every step and the batch-mean loss, in float64. */
export function forward64(
  steps: readonly ModelStep[],
  weights: Weights,
  x: Float64Array[],
  y: Float64Array[],
  loss: LossName,
  nudge?: Nudge,
): { outputs: Float64Array[][]; loss: number } {
  const nudged = (a: Float64Array[], node: number) => {
    if (nudge?.node !== node) return a;
    const copy = a.map((row) => row.slice());
    (copy[0] as Float64Array)[nudge.index] = ((copy[0] as Float64Array)[nudge.index] as number) + nudge.delta;
    return copy;
  };
  let a = nudged(x, -1);
  const outputs = steps.map((step, i) => {
    a = nudged(applyStep(step, a, weights), i);
    return a;
  });
  const total = a.reduce((sum, p, i) => sum + sampleLoss(loss, y[i] as Float64Array, p), 0);
  return { outputs, loss: total / a.length };
}
