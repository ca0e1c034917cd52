import { z } from "zod";
import type { GraphDocument } from "./graph/document";
import { signalFields } from "./signals";

/**
 * Backends NetLoom can train on, best first: `pytorch` trains in a Python process (on CUDA when
 * torch sees a GPU), the others are TensorFlow.js in the engine's own process.
 */
export const BACKENDS = ["tfjs-node-gpu", "pytorch", "tfjs-node", "wasm", "cpu"] as const;
export type BackendName = (typeof BACKENDS)[number];

/**
 * How many runs' trained models the engine keeps (for Try it, results and export): the newest
 * ones. An older run keeps its curves and scores in the app, but its model is gone.
 */
export const KEPT_MODELS = 5;

/** The seed of a run that names none: the same graph trains to the same numbers by default. */
export const DEFAULT_SEED = 42;

/** The most processes one run starts on this machine (`--processes`). */
export const MAX_PROCESSES = 64;

/** Options of one training run, beyond what the graph says. */
export const zRunOptions = z.strictObject({
  /** Seed of weight initialization, shuffling and the validation split; same seed, same numbers. */
  seed: z
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(DEFAULT_SEED),
  /** Overrides the Optimizer's epochs. */
  epochs: z.int().min(1).max(100_000).optional(),
  /** Overrides the Dataset's sample limit. */
  limit: z.int().min(1).max(100_000_000).optional(),
  /** Forces a backend instead of the best that loads. */
  backend: z.enum(BACKENDS).optional(),
  /** Starts with live signals on (`signals` events); `training.signals` turns them on and off. */
  signals: z.boolean().optional(),
  /** Processes that train together under torchrun (DistributedDataParallel); needs the pytorch backend. */
  processes: z.int().min(1).max(MAX_PROCESSES).optional(),
});
export type RunOptions = z.input<typeof zRunOptions>;

/** The graph as a run trains it: the epochs and limit options written into its Optimizer and Dataset nodes. */
export function applyRunOptions(doc: GraphDocument, options: Pick<RunOptions, "epochs" | "limit">): GraphDocument {
  return {
    ...doc,
    nodes: doc.nodes.map((n) => {
      if (n.kind === "Optimizer" && options.epochs) return { ...n, params: { ...n.params, epochs: options.epochs } };
      if (n.kind === "Dataset" && options.limit) return { ...n, params: { ...n.params, limit: options.limit } };
      return n;
    }),
  };
}

/** Why a better backend was not used, e.g. `{ backend: "tfjs-node-gpu", reason: "not installed" }`. */
export const zBackendSkip = z.object({ backend: z.enum(BACKENDS), reason: z.string() });

const run = { runId: z.string() };

/** What `started` and `loaded` tell of a run: where it runs, how large its model is, what it learns from. */
const runFacts = {
  backend: z.enum(BACKENDS),
  /** How the backend runs, e.g. "XNNPACK, SIMD, 1 thread" or "native TensorFlow on a CUDA GPU". */
  backendDetail: z.string().optional(),
  skipped: z.array(zBackendSkip),
  /** Trainable parameters of the model. */
  params: z.number(),
  samples: z.object({ train: z.number(), validation: z.number(), test: z.number() }),
  /** "accuracy" for classification, null for regression. */
  metric: z.enum(["accuracy"]).nullable(),
};

/** What a model scores on its evaluation split: what `done` carries, and what a stopped run is asked for. */
export const zRunEvaluation = z.object({
  testLoss: z.number(),
  testAccuracy: z.number().nullable(),
  /** Rows are true classes, columns predicted classes; null for regression. */
  confusionMatrix: z.array(z.array(z.number())).nullable(),
  /** The split behind testLoss: the test split, or validation (then training) when there is none. */
  evaluatedOn: z.enum(["test", "validation", "training"]).optional(),
});
export type RunEvaluation = z.infer<typeof zRunEvaluation>;

/**
 * Events a training run emits, in order: started, (batch* epoch)*, then done, stopped or error. A
 * run loaded from trained weights emits loaded, then done or error.
 */
export const zTrainingEvent = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("started"),
    ...run,
    ...runFacts,
    epochs: z.number(),
    batchSize: z.number(),
    batchesPerEpoch: z.number(),
    /** Whether this run can send live signals; a backend that cannot leaves it out. */
    signals: z.boolean().optional(),
  }),
  /** A model's trained weights were loaded instead of trained (an opened model file); `done` follows. */
  z.object({
    type: z.literal("loaded"),
    ...run,
    ...runFacts,
  }),
  z.object({
    type: z.literal("batch"),
    ...run,
    epoch: z.number(),
    batch: z.number(),
    /** This batch's loss. */
    loss: z.number(),
    /**
     * The loss smoothed over every batch so far (not only those with an event): what the curve
     * draws. Absent from engines that do not compute it; the curve then draws `loss`.
     */
    smoothLoss: z.number().optional(),
    /** Accuracy over the epoch's batches so far; null for regression. */
    accuracy: z.number().nullable().optional(),
    /** Training samples per second over the epoch so far (paused time and validation left out). */
    samplesPerSec: z.number(),
  }),
  z.object({
    type: z.literal("epoch"),
    ...run,
    epoch: z.number(),
    loss: z.number(),
    accuracy: z.number().nullable(),
    valLoss: z.number().nullable(),
    valAccuracy: z.number().nullable(),
    /** The epoch's time, validation included, paused time left out. */
    seconds: z.number(),
    /** The smoothed loss at the epoch's last batch (see the batch event's). */
    smoothLoss: z.number().optional(),
    /** Training samples per second over the epoch's batches: the figure the last batch event would give. */
    samplesPerSec: z.number().optional(),
    /**
     * CPU seconds the training process spent on the epoch's batches, all its threads (validation
     * left out): on a shared machine, steadier than the wall clock. On the pytorch backend, the
     * Python process's (under torchrun, the first process's).
     */
    cpuSeconds: z.number().optional(),
  }),
  /** Live signals of a sampled batch, while they are on (see shared/signals.ts). */
  z.object({ type: z.literal("signals"), ...run, ...signalFields }),
  z.object({ type: z.literal("paused"), ...run, epoch: z.number(), batch: z.number() }),
  z.object({ type: z.literal("resumed"), ...run }),
  z.object({
    type: z.literal("done"),
    ...run,
    ...zRunEvaluation.shape,
    seconds: z.number(),
  }),
  z.object({ type: z.literal("stopped"), ...run, epoch: z.number(), batch: z.number() }),
  z.object({
    type: z.literal("error"),
    ...run,
    message: z.string(),
    nodeId: z.string().optional(),
    epoch: z.number().optional(),
    batch: z.number().optional(),
  }),
]);
export type TrainingEvent = z.infer<typeof zTrainingEvent>;
export type TrainingEventOf<T extends TrainingEvent["type"]> = Extract<TrainingEvent, { type: T }>;

/** Commands to a running training. */
export const zTrainingControl = z.enum(["pause", "resume", "stop"]);
export type TrainingControl = z.infer<typeof zTrainingControl>;
