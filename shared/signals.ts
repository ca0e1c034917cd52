import { z } from "zod";

/**
 * Live signals of a training run: what flows through each node on a sampled batch, forward and
 * backward. The engine samples a batch every {@link SIGNAL_INTERVAL_MS} or so while they are on.
 */

/** Bins of each node's output histogram, from its smallest output to its largest. */
export const SIGNAL_BINS = 16;
/** At most one sampled batch per this many milliseconds of training. */
export const SIGNAL_INTERVAL_MS = 250;
/** At least this many plain batches between two sampled ones, so sampling stays a small share of the work. */
export const SIGNAL_MIN_BATCHES = 20;
/**
 * The most share of training time live signals may take: after a sampled batch, the next waits
 * until plain batches have taken its extra time divided by this.
 */
export const SIGNAL_BUDGET = 0.02;
/** A Sigmoid output is saturated outside (0.01, 0.99), a Tanh one outside (-0.98, 0.98): there the slope is under 4% of its peak. */
export const SATURATION = { Sigmoid: 0.01, Tanh: 0.02 } as const;
/** Update-to-weight ratios (|ΔW|/|W|) outside [low, high] are flagged: ~1e-3 is the healthy middle. */
export const HEALTHY_RATIO = { low: 1e-4, high: 1e-2 } as const;

/** One weight tensor of a node on the sampled batch. */
export const zWeightSignal = z.object({
  /** `weight` or `bias` (a Linear's weight is `[units, inputs]`). */
  name: z.string(),
  /** L2 norm of dLoss/dW. */
  gradNorm: z.number(),
  /** L2 norm of W. */
  norm: z.number(),
  /**
   * |ΔW|/|W|: the size of the sampled step's update relative to the weights, as the optimizer made
   * it (lr·|grad|/|W| for plain SGD; momentum and Adam make it larger); null while W is all 0.
   */
  ratio: z.number().nullable(),
});
export type WeightSignal = z.infer<typeof zWeightSignal>;

/** One node of the model on the sampled batch: its outputs (forward) and dLoss/d(outputs) (backward). */
export const zNodeSignal = z.object({
  nodeId: z.string(),
  mean: z.number(),
  std: z.number(),
  min: z.number(),
  max: z.number(),
  /** Outputs per bin, {@link SIGNAL_BINS} equal bins from min to max. */
  histogram: z.array(z.number()),
  /** ReLU: the share of units (of channels, for images) that were not positive for any sample of the batch. */
  dead: z.number().optional(),
  /** Sigmoid, Tanh: the share of outputs in saturation (see {@link SATURATION}). */
  saturated: z.number().optional(),
  /** L2 norm of dLoss/d(output) over the batch: what flows back along the node's outgoing wires. */
  gradNorm: z.number(),
  weights: z.array(zWeightSignal),
});
export type NodeSignal = z.infer<typeof zNodeSignal>;

/** The `signals` training event's fields beyond type and run id. */
export const signalFields = {
  epoch: z.number(),
  batch: z.number(),
  nodes: z.array(zNodeSignal),
};
