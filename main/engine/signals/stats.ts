import { type Shape, sizeOf } from "../../../shared/catalog";
import type { ModelStep } from "../../../shared/compile";
import { type NodeSignal, SATURATION, SIGNAL_BINS } from "../../../shared/signals";
import type { TracedPass } from "../backprop/trace";
import type { Tensor, Tf } from "../tf";

/**
 * The most output values of one node that a sampled batch downloads: a wider node's statistics
 * come from its first samples. Each tfjs op costs tens of microseconds whatever its size, so the
 * statistics are taken in JavaScript from one download rather than by a hundred small ops.
 */
export const MAX_SIGNAL_VALUES = 65_536;

/** Samples of a batch of `batch` whose outputs of shape `shape` are downloaded. */
export function signalRows(batch: number, shape: Shape): number {
  return Math.max(1, Math.min(batch, Math.floor(MAX_SIGNAL_VALUES / Math.max(1, sizeOf(shape)))));
}

/**
 * Packs what the signals of a traced pass need into one tensor, so one download carries it: each
 * node's outputs (its first {@link signalRows} samples), then |dLoss/d(output)| per node, then
 * |dLoss/dW| and |W| per weight tensor.
 */
export function packSignals(tf: Tf, steps: readonly ModelStep[], pass: TracedPass): Tensor {
  return tf.tidy(() => {
    const l2 = (t: Tensor) => tf.sqrt(tf.sum(tf.square(t)));
    const outputs = steps.map((step, i) => {
      const out = pass.outputs[i] as Tensor;
      const batch = out.shape[0] ?? 1;
      const rows = signalRows(batch, step.outputShape);
      return tf.reshape(rows < batch ? tf.slice(out, 0, rows) : out, [-1]);
    });
    const norms = [
      ...pass.outputGrads.map(l2),
      ...pass.weightGrads.flatMap((g, i) => [l2(g), l2(pass.variables[i] as Tensor)]),
    ];
    return tf.concat([...outputs, tf.stack(norms)]);
  });
}

/** Mean, spread, range, histogram, and the dead or saturated share of one node's downloaded outputs. */
function nodeStats(step: ModelStep, values: Float32Array, rows: number): Omit<NodeSignal, "gradNorm" | "weights"> {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  const n = Math.max(1, values.length);
  const mean = sum / n;
  let squares = 0;
  const histogram = new Array<number>(SIGNAL_BINS).fill(0);
  const width = Math.max(max - min, 1e-12);
  for (const v of values) {
    squares += (v - mean) ** 2;
    const bin = Math.min(SIGNAL_BINS - 1, Math.max(0, Math.floor(((v - min) / width) * SIGNAL_BINS)));
    histogram[bin] = (histogram[bin] ?? 0) + 1;
  }
  const stats = { nodeId: step.nodeId, mean, std: Math.sqrt(squares / n), min, max, histogram };
  if (step.kind === "ReLU") {
    const units = values.length / Math.max(1, rows);
    let dead = 0;
    for (let j = 0; j < units; j++) {
      let alive = false;
      for (let r = 0; r < rows && !alive; r++) alive = (values[r * units + j] as number) > 0;
      if (!alive) dead++;
    }
    return { ...stats, dead: dead / Math.max(1, units) };
  }
  if (step.kind === "Sigmoid" || step.kind === "Tanh") {
    const low = step.kind === "Sigmoid" ? SATURATION.Sigmoid : -1 + SATURATION.Tanh;
    const high = 1 - (step.kind === "Sigmoid" ? SATURATION.Sigmoid : SATURATION.Tanh);
    let saturated = 0;
    for (const v of values) if (v < low || v > high) saturated++;
    return { ...stats, saturated: saturated / n };
  }
  return stats;
}

/**
 * The node signals of a pass from the numbers {@link packSignals} packed; `owners` names the node and
 * the shown name of each trainable weight, in the model's order.
 */
export function unpackSignals(
  steps: readonly ModelStep[],
  batch: number,
  owners: readonly { nodeId: string; name: string }[],
  learningRate: number,
  packed: Float32Array,
): NodeSignal[] {
  let offset = 0;
  const nodes = steps.map((step): NodeSignal => {
    const rows = signalRows(batch, step.outputShape);
    const size = rows * sizeOf(step.outputShape);
    const stats = nodeStats(step, packed.subarray(offset, offset + size), rows);
    offset += size;
    return { ...stats, gradNorm: 0, weights: [] };
  });
  for (const node of nodes) node.gradNorm = packed[offset++] ?? Number.NaN;
  const byId = new Map(nodes.map((n) => [n.nodeId, n]));
  for (const owner of owners) {
    const gradNorm = packed[offset++] ?? Number.NaN;
    const norm = packed[offset++] ?? Number.NaN;
    byId.get(owner.nodeId)?.weights.push({
      name: owner.name,
      gradNorm,
      norm,
      ratio: norm > 0 ? (learningRate * gradNorm) / norm : null,
    });
  }
  return nodes;
}
