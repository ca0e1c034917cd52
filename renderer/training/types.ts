import type { GraphDocument } from "../../shared/graph";
import type { RunOptions, TrainingControl, TrainingEvent, TrainingEventOf } from "../../shared/run";
import type { RunEvaluation, TestExample } from "../../shared/trainingApi";

/**
 * The curves of one run, x in epochs (2.5 = halfway through epoch 3): one point per batch event,
 * or on a long run the mean of `stride` events each (see `appendBatch`).
 */
export interface BatchSeries {
  x: readonly number[];
  loss: readonly number[];
  /** Running accuracy over the epoch so far; null for regression. */
  accuracy: readonly (number | null)[];
  /** Batch events per point: 1, then 2, 4, ... once the run outgrew the points kept. */
  stride: number;
  /** Sums of the events since the last point, fewer than `stride`; null when there are none. */
  partial: { n: number; x: number; loss: number; accuracy: number | null } | null;
}

/** Where a run is: the last batch reported, and the speed then. */
export interface RunProgress {
  epoch: number;
  /** Batches of `epoch` done. */
  batch: number;
  samplesPerSec: number;
}

/** One training run of this session, with the graph it trains (a snapshot taken at Train). */
export interface TrainingRun {
  /** 1 for the session's first run, then 2, 3, ... */
  seq: number;
  /** Null until the engine accepted the run. */
  runId: string | null;
  /** The graph as it was when Train was pressed: the run trains this, whatever is edited later. */
  doc: GraphDocument;
  options: RunOptions;
  /** What changed since the previous run, e.g. "lr 0.1 → 0.05, +Dropout(0.5)"; "loaded from model.json". */
  label: string;
  /** The model file whose trained weights the run loaded instead of training (its name), else null. */
  source: string | null;
  /** Set when the run trains a variant of the graph: its name, and the graph it is a variant of. */
  variant: RunVariant | null;
  started: TrainingEventOf<"started"> | null;
  /** The engine's report on loaded weights: backend, parameters, samples. */
  loaded: TrainingEventOf<"loaded"> | null;
  batches: BatchSeries;
  epochs: readonly TrainingEventOf<"epoch">[];
  progress: RunProgress | null;
  /** Test loss, accuracy and confusion matrix, once done (or evaluated after a stop). */
  evaluation: RunEvaluation | null;
  /** Evaluated samples, misclassified first, once fetched. */
  examples: readonly TestExample[] | null;
  /** Set once the engine said it no longer keeps the run's model (it keeps the newest few). */
  modelGone: boolean;
  /** How the run ended, once it has. */
  end: { outcome: "done" | "stopped"; epoch: number; batch: number } | { outcome: "error"; message: string } | null;
}

/** A run of one of the graph's variants (Train variants): which, and of what graph. */
export interface RunVariant {
  name: string;
  /** The graph as it was when Train variants was pressed (the run's own graph is the variant). */
  of: GraphDocument;
}

/** Why a run failed: the engine's message, and the node and batch it names when it does. */
export interface TrainingFailure {
  message: string;
  /** Set when the back end refused to begin: to train, or to load a model file's weights. */
  refused?: "train" | "load";
  nodeId?: string;
  epoch?: number;
  batch?: number;
}

/**
 * The training state, a discriminated union on `phase`: nothing yet, waiting for the engine (or
 * for loaded weights), training (maybe paused, maybe with a command on its way), finished, or failed. `runs` holds
 * every run of the session; the current one is the last.
 */
export type TrainingState =
  | { phase: "idle"; runs: readonly TrainingRun[] }
  /** `requested` is "stop" once Stop was pressed before training began. */
  | { phase: "starting"; runs: readonly TrainingRun[]; requested: "stop" | null }
  | { phase: "training"; runs: readonly TrainingRun[]; paused: boolean; requested: TrainingControl | null }
  | { phase: "finished"; runs: readonly TrainingRun[]; outcome: "done" | "stopped" }
  | { phase: "failed"; runs: readonly TrainingRun[]; failure: TrainingFailure };

/** What changes the training state; {@link trainingReducer} applies them. A load goes as a start does. */
export type TrainingAction =
  /** Train was pressed: a new run of this graph snapshot. */
  | { type: "start"; doc: GraphDocument; options: RunOptions; variant?: RunVariant }
  /** A model file's trained weights are loading into a run of this graph (`source`: the file's name). */
  | { type: "load"; doc: GraphDocument; source: string }
  /** The engine accepted the run under this id. */
  | { type: "accepted"; runId: string }
  /** The back end refused to start (busy, disconnected, bad graph). */
  | { type: "rejected"; message: string }
  | { type: "event"; event: TrainingEvent }
  /** The user asked to pause, resume or stop; the engine confirms with an event. */
  | { type: "control"; command: TrainingControl }
  | { type: "evaluated"; runId: string; evaluation: RunEvaluation }
  | { type: "examples"; runId: string; examples: readonly TestExample[] }
  /** The engine no longer keeps this run's trained model. */
  | { type: "modelGone"; runId: string }
  /** The connection to the back end dropped while a run was going. */
  | { type: "lost"; message: string }
  /** Forgets the session's runs (not while one trains). */
  | { type: "clear" };

/** The state before any run. */
export const INITIAL_TRAINING: TrainingState = { phase: "idle", runs: [] };
