import type { CompileSuccess } from "../../shared/compile";
import { applyRunOptions, type BackendName, type TrainingEvent } from "../../shared/run";
import { keepForPrediction, type PreparedData } from "../data/prepare";
import { seededRandom } from "../data/random";
import { RunControl } from "./control";
import { type FitEnd, type FitSetup, trainEpochs } from "./epochs";
import { finish } from "./finish";
import { lossFunction, type MetricKind } from "./metrics";
import { buildModel, makeOptimizer } from "./model";
import { trainWithPyTorch } from "./pytorch/trainer";
import { type RunSetup, runFacts, setUpRun, type TrainingDeps, type TrainingRequest } from "./setup";
import { SignalSampler } from "./signals/sampler";
import type { LayersModel, Tf } from "./tf";

export type { TrainingDeps, TrainingRequest } from "./setup";

/** A finished or stopped run, kept for prediction, test examples and weights. */
export interface TrainedRun {
  runId: string;
  tf: Tf;
  backend: BackendName;
  model: LayersModel;
  compiled: CompileSuccess;
  data: PreparedData;
  metric: MetricKind;
}

/**
 * Trains a graph: compiles it, loads its data, builds the model with TF.js and runs the epochs,
 * in TF.js or, on the pytorch backend, in a Python process whose weights come back into the
 * model; emits `started`, throttled `batch`, every `epoch`, then `done`, `stopped` or `error`.
 * Never throws for a bad graph or bad data: those become `error` events. Returns the run to keep
 * (after `done` or `stopped`), or null.
 */
export async function runTraining(
  req: TrainingRequest,
  emit: (e: TrainingEvent) => void,
  control = new RunControl(),
  deps: TrainingDeps = {},
): Promise<TrainedRun | null> {
  const { runId } = req;
  const started = performance.now();
  const setup = await setUpRun(req, emit, deps, "train");
  if (!setup) return null;
  const { options, compiled, choice, data, metric } = setup;
  const { tf } = choice;
  // Dropout draws its masks through Math.random when unseeded; a seeded one makes runs repeat.
  const realRandom = Math.random;
  Math.random = seededRandom(options.seed ^ 0x2545f491);
  let model: LayersModel | undefined;
  let tfjs: TfjsTraining | undefined;
  try {
    model = await buildModel(tf, compiled.model, options.seed);
    let outcome: FitEnd;
    if (choice.python) {
      const job = { runId, doc: applyRunOptions(req.doc, options), setup, python: choice.python, model };
      outcome = await trainWithPyTorch(job, emit, control, deps.pytorch);
    } else {
      tfjs = startTfjs(runId, setup, model, emit, control);
      outcome = await trainEpochs(tfjs.fit, emit, control);
    }
    if (outcome.end === "diverged" || outcome.end === "failed") {
      model.dispose();
      return null;
    }
    const run: TrainedRun = { runId, tf, backend: choice.name, model, compiled, data, metric };
    // A run's time, like each epoch's, leaves out the time it spent paused.
    if (outcome.end === "done") {
      finish(run, emit, (performance.now() - started) / 1000 - outcome.pausedSeconds);
    }
    return { ...run, data: keepForPrediction(data) };
  } catch (err) {
    model?.dispose();
    emit({ type: "error", runId, message: `training failed: ${(err as Error).message}` });
    return null;
  } finally {
    Math.random = realRandom;
    tfjs?.release();
  }
}

interface TfjsTraining {
  fit: FitSetup;
  release(): void;
}

/** Makes the optimizer and emits `started`, for training in TF.js. */
function startTfjs(
  runId: string,
  setup: RunSetup,
  model: LayersModel,
  emit: (e: TrainingEvent) => void,
  control: RunControl,
): TfjsTraining {
  const { options, compiled, choice, data, metric } = setup;
  const { tf } = choice;
  const plan = compiled.dataPlan;
  const optimizer = makeOptimizer(tf, compiled.optimizer);
  emit({
    type: "started",
    runId,
    ...runFacts(setup, model),
    epochs: compiled.optimizer.epochs,
    batchSize: plan.batchSize,
    batchesPerEpoch: Math.ceil(data.trainRows.length / plan.batchSize),
    signals: true,
  });
  control.signals = options.signals ?? false;
  const fit: FitSetup = {
    tf,
    runId,
    model,
    optimizer,
    loss: lossFunction(tf, compiled.loss.name),
    metric,
    samples: { x: data.all.x, y: data.all.y, xShape: data.xShape, yShape: data.yShape },
    trainRows: data.trainRows,
    validationRows: data.validationRows,
    epochs: compiled.optimizer.epochs,
    batchSize: plan.batchSize,
    shuffle: plan.shuffle,
    seed: options.seed,
    learningRate: compiled.optimizer.learningRate,
    lrDecay: compiled.optimizer.lrDecay,
    optimizerNodeId: compiled.optimizer.nodeId,
    signals: new SignalSampler(compiled.steps, compiled.loss.name, () => control.signals),
  };
  return { fit, release: () => optimizer.dispose() };
}
