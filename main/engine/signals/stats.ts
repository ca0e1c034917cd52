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
 * |dLoss/dW|, |W| and |ΔW| per weight tensor. `before` holds each weight as it was before the
 * optimizer's step and `after` as it is after, so ΔW is the update whatever the optimizer.
 */
export function packSignals(
  tf: Tf,
  steps: readonly ModelStep[],
  pass: TracedPass,
  before: readonly Tensor[],
  after: readonly Tensor[],
): Tensor {
  return tf.tidy(() => {
    const squares = (t: Tensor) => tf.sum(tf.square(t));
    const outputs = steps.map((step, i) => {
      const out = pass.outputs[i] as Tensor;
      const batch = out.shape[0] ?? 1;
      const rows = signalRows(batch, step.outputShape);
      return tf.reshape(rows < batch ? tf.slice(out, 0, rows) : out, [-1]);
    });
    const sums = [
      ...pass.outputGrads.map(squares),
      ...pass.weightGrads.flatMap((g, i) => {
        const w = before[i] as Tensor;
        return [squares(g), squares(w), squares(tf.sub(after[i] as Tensor, w))];
      }),
    ];
    // One square root for every norm: each op is a dispatch whatever its size.
    return tf.concat([...outputs, tf.sqrt(tf.stack(sums))]);
  });
}

/** Mean, spread, range, histogram, and the dead or saturated share of one node's downloaded outputs. */
function nodeStats(step: ModelStep, values: Float32Array): Omit<NodeSignal, "gradNorm" | "weights"> {
  // Indexed loops over typed arrays: this runs a few times a second, too rarely for the JIT to
  // optimise iterators and array growth away.
  const n = values.length;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  const mean = sum / Math.max(1, n);
  let squares = 0;
  const bins = new Float64Array(SIGNAL_BINS);
  const scale = SIGNAL_BINS / Math.max(max - min, 1e-12);
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    squares += (v - mean) * (v - mean);
    const bin = Math.min(SIGNAL_BINS - 1, Math.max(0, Math.floor((v - min) * scale)));
    bins[bin] = (bins[bin] as number) + 1;
  }
  const histogram = Array.from(bins);
  const stats = { nodeId: step.nodeId, mean, std: Math.sqrt(squares / Math.max(1, n)), min, max, histogram };
  if (step.kind === "ReLU") return { ...stats, dead: deadShare(values, Math.max(1, step.outputShape.at(-1) ?? 1)) };
  if (step.kind === "Sigmoid" || step.kind === "Tanh") {
    const low = step.kind === "Sigmoid" ? SATURATION.Sigmoid : -1 + SATURATION.Tanh;
    const high = 1 - (step.kind === "Sigmoid" ? SATURATION.Sigmoid : SATURATION.Tanh);
    let saturated = 0;
    for (let i = 0; i < n; i++) {
      const v = values[i] as number;
      if (v < low || v > high) saturated++;
    }
    return { ...stats, saturated: saturated / Math.max(1, n) };
  }
  return stats;
}

/**
 * The share of units not positive anywhere: a unit is an element of a vector output, a channel of
 * an image output (a filter that is 0 at every pixel of every sample is dead).
 */
function deadShare(values: Float32Array, units: number): number {
  const alive = new Uint8Array(units);
  for (let i = 0; i < values.length; i++) if ((values[i] as number) > 0) alive[i % units] = 1;
  let dead = 0;
  for (let j = 0; j < units; j++) if (alive[j] === 0) dead++;
  return dead / Math.max(1, units);
}

/**
 * The node signals of a pass from the numbers {@link packSignals} packed; `owners` names the node and
 * the shown name of each trainable weight, in the model's order.
 */
export function unpackSignals(
  steps: readonly ModelStep[],
  batch: number,
  owners: readonly { nodeId: string; name: string }[],
  packed: Float32Array,
): NodeSignal[] {
  let offset = 0;
  const nodes = steps.map((step): NodeSignal => {
    const rows = signalRows(batch, step.outputShape);
    const size = rows * sizeOf(step.outputShape);
    const stats = nodeStats(step, packed.subarray(offset, offset + size));
    offset += size;
    return { ...stats, gradNorm: 0, weights: [] };
  });
  for (const node of nodes) node.gradNorm = packed[offset++] ?? Number.NaN;
  const byId = new Map(nodes.map((n) => [n.nodeId, n]));
  for (const owner of owners) {
    const gradNorm = packed[offset++] ?? Number.NaN;
    const norm = packed[offset++] ?? Number.NaN;
    const update = packed[offset++] ?? Number.NaN;
    byId.get(owner.nodeId)?.weights.push({ name: owner.name, gradNorm, norm, ratio: norm > 0 ? update / norm : null });
  }
  return nodes;
}
