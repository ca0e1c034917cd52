import { z } from "zod";
import { LOSSES, OPTIMIZERS } from "./catalog";

/**
 * One training step taken apart: the forward value and the backward gradient at every node, the
 * gradient of every weight tensor, and the optimizer's update. What `netloom step --json` prints
 * and what the Train panel's Step mode shows.
 *
 * Values of a node are those of the shown sample (the first of the batch), flattened in row-major
 * order; gradients are of the batch-mean loss, as training takes them.
 */

/**
 * A tensor's values. Checked in one loop rather than number by number through zod: a step of the
 * MNIST preset carries about a million of them, which zod's per-element checks take ten times longer over.
 */
const values = z.custom<number[]>(
  (v) => Array.isArray(v) && v.every((x) => typeof x === "number"),
  "must be a list of numbers",
);
const shape = z.array(z.int().min(0));

/** A weight tensor of a node, in the node's own layout: a Linear's `weight` is `[units, inputs]`, as in PyTorch. */
export const zStepWeight = z.object({
  /** `weight` or `bias`. */
  name: z.string(),
  /** The TF.js variable it is stored in, e.g. `linear1/kernel` (whose layout is `[inputs, units]`). */
  variable: z.string(),
  shape,
  value: values,
  /** dLoss/dW over the batch. */
  grad: values,
  /** W after the step minus W before: `-lr·v` for SGD, with `v = momentum·v + grad`. */
  update: values,
  /** The optimizer's velocity before this step (SGD with momentum); null when it starts at 0. */
  velocity: values.nullable(),
});
export type StepWeight = z.infer<typeof zStepWeight>;

/** One node of the model chain: its output and dLoss/d(output) for the shown sample, and its weights. */
export const zStepNode = z.object({
  nodeId: z.string(),
  kind: z.string(),
  /** Per-sample output shape. */
  shape,
  output: values,
  /** dLoss/d(output) of the shown sample. */
  grad: values,
  weights: z.array(zStepWeight),
  /** Node params with defaults applied (alpha of a leaky ReLU, pieces of a Maxout). */
  params: z.record(z.string(), z.unknown()),
});
export type StepNode = z.infer<typeof zStepNode>;

/** The most samples one step takes. */
export const MAX_STEP_BATCH = 1024;

/**
 * Which sample a step shows: one the run evaluates (numbered as Test examples number them; the
 * step's batch runs on from it), or one drawn on the pad, in raw units, with the class it is meant to be.
 */
export const zSampleChoice = z.union([
  z.strictObject({ index: z.int().min(0).max(100_000_000) }),
  z.strictObject({ input: z.array(z.number()).min(1).max(1_000_000), label: z.number() }),
]);
export type SampleChoice = z.infer<typeof zSampleChoice>;

/** Where the shown sample came from. */
export const zStepSample = z.object({
  /** `drawn`: given by the caller (the digit pad); otherwise the split of the run's data. */
  split: z.enum(["test", "validation", "training", "drawn"]),
  /** Position in that split (as Test examples number them); null for a drawn sample. */
  index: z.int().min(0).nullable(),
  /** The class when labels are classes, else null. */
  label: z.number().nullable(),
  /** The raw features (e.g. 784 pixels, 0-255) and their shape. */
  raw: values,
  rawShape: shape,
});

export const zStepTrace = z.object({
  sample: zStepSample,
  batchSize: z.int().min(1),
  /**
   * The model's input (after the graph's transforms) and dLoss/d(input), for the shown sample;
   * `nodeId` is the DataLoader's, whose output it is.
   */
  input: z.object({ nodeId: z.string(), shape, value: values, grad: values }),
  /** The target the loss compares with (after the label transforms). */
  target: values,
  nodes: z.array(zStepNode),
  loss: z.object({
    nodeId: z.string(),
    name: z.enum(LOSSES),
    /** The batch-mean loss the step minimizes. */
    batch: z.number(),
    /** The shown sample's own loss. */
    sample: z.number(),
  }),
  optimizer: z.object({
    nodeId: z.string(),
    name: z.enum(OPTIMIZERS),
    learningRate: z.number(),
    momentum: z.number(),
    /** 1 for a first step; later steps continue the optimizer's state. */
    step: z.int().min(1),
  }),
  classNames: z.array(z.string()).optional(),
  /** The backend the step ran on. */
  backend: z.string(),
});
export type StepTrace = z.infer<typeof zStepTrace>;
