import type { Optimizer } from "@tensorflow/tfjs";
import { sizeOf } from "../../shared/catalog";
import type { CompileSuccess, Diagnostic } from "../../shared/compile";
import type { GraphDocument } from "../../shared/graph";
import { type BackendName, type RunOptions, type TrainingEvent, zRunOptions } from "../../shared/training";
import { DataError } from "../data/errors";
import { compileWithData } from "../data/inspect";
import { keepForPrediction, type PreparedData, prepareData } from "../data/prepare";
import { seededRandom } from "../data/random";
import { type BackendChoice, selectBackend } from "./backend";
import { RunControl } from "./control";
import { trainEpochs } from "./epochs";
import { finish } from "./finish";
import { lossFunction, type MetricKind, metricKind } from "./metrics";
import { buildModel, makeOptimizer } from "./model";
import type { LayersModel, Tensor, Tf } from "./tf";

/** What to train: a graph, its run options, and the id its events carry. */
export interface TrainingRequest {
  runId: string;
  doc: GraphDocument;
  options: RunOptions;
}

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

export interface TrainingDeps {
  /** Picks the backend; tests inject failing loaders through it. */
  selectBackend?: (force?: BackendName) => Promise<BackendChoice>;
}

/**
 * Trains a graph: compiles it, loads its data, builds the model with TF.js and runs the epochs,
 * emitting `started`, throttled `batch`, every `epoch`, then `done`, `stopped` or `error`.
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
  const fail = (message: string, nodeId?: string) => {
    emit({ type: "error", runId, message, ...(nodeId ? { nodeId } : {}) });
    return null;
  };
  const parsed = zRunOptions.safeParse(req.options);
  if (!parsed.success) return fail(`bad run options: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  const options = parsed.data;
  const compiled = compileWithData(applyRunOptions(req.doc, options));
  if (!compiled.ok) return fail(describeErrors(compiled.errors), compiled.errors[0]?.nodeId);
  const plan = compiled.dataPlan;
  let choice: BackendChoice;
  let data: PreparedData;
  try {
    choice = await (deps.selectBackend ?? ((force) => selectBackend(force ? { force } : {})))(options.backend);
    data = prepareData(plan, options.seed);
  } catch (err) {
    if (err instanceof DataError) return fail(err.message, err.nodeId ?? plan.datasetNodeId);
    return fail((err as Error).message);
  }
  const { tf } = choice;
  // Dropout draws its masks through Math.random when unseeded; a seeded one makes runs repeat.
  const realRandom = Math.random;
  Math.random = seededRandom(options.seed ^ 0x2545f491);
  let model: LayersModel | undefined;
  let optimizer: Optimizer | undefined;
  let device: { x: Tensor; y: Tensor } | undefined;
  try {
    model = await buildModel(tf, compiled.model, options.seed);
    optimizer = makeOptimizer(tf, compiled.optimizer);
    const metric = metricKind(
      compiled.loss.name,
      sizeOf(data.yShape),
      data.all.classIndex !== null,
      compiled.dataPlan.info.classes,
    );
    device = {
      x: tf.tensor(data.all.x, [data.all.n, ...data.xShape]),
      y: tf.tensor(data.all.y, [data.all.n, ...data.yShape]),
    };
    emit({
      type: "started",
      runId,
      backend: choice.name,
      backendDetail: choice.detail,
      skipped: choice.skipped,
      params: model.countParams(),
      samples: { train: data.trainRows.length, validation: data.validationRows.length, test: data.test?.n ?? 0 },
      epochs: compiled.optimizer.epochs,
      batchSize: plan.batchSize,
      batchesPerEpoch: Math.ceil(data.trainRows.length / plan.batchSize),
      metric: metric ? "accuracy" : null,
    });
    const setup = {
      tf,
      runId,
      model,
      optimizer,
      loss: lossFunction(tf, compiled.loss.name),
      metric,
      ...device,
      trainRows: data.trainRows,
      validationRows: data.validationRows,
      epochs: compiled.optimizer.epochs,
      batchSize: plan.batchSize,
      shuffle: plan.shuffle,
      seed: options.seed,
      learningRate: compiled.optimizer.learningRate,
      optimizerNodeId: compiled.optimizer.nodeId,
    };
    const outcome = await trainEpochs(setup, emit, control);
    if (outcome.end === "diverged") {
      model.dispose();
      return null;
    }
    const run: TrainedRun = { runId, tf, backend: choice.name, model, compiled, data, metric };
    if (outcome.end === "done") finish(run, device, emit, (performance.now() - started) / 1000);
    return { ...run, data: keepForPrediction(data) };
  } catch (err) {
    model?.dispose();
    return fail(`training failed: ${(err as Error).message}`);
  } finally {
    Math.random = realRandom;
    optimizer?.dispose();
    if (device) tf.dispose([device.x, device.y]);
  }
}

/** The graph with `--epochs` and `--limit` written into its Optimizer and Dataset nodes. */
export function applyRunOptions(doc: GraphDocument, options: { epochs?: number; limit?: number }): GraphDocument {
  return {
    ...doc,
    nodes: doc.nodes.map((n) => {
      if (n.kind === "Optimizer" && options.epochs) return { ...n, params: { ...n.params, epochs: options.epochs } };
      if (n.kind === "Dataset" && options.limit) return { ...n, params: { ...n.params, limit: options.limit } };
      return n;
    }),
  };
}

/** One message for all compile errors, each prefixed with its node. */
export function describeErrors(errors: Diagnostic[]): string {
  const lines = errors.map((e) => (e.nodeId ? `node ${e.nodeId}: ${e.message}` : e.message));
  return lines.length === 1 ? (lines[0] as string) : `the graph has ${lines.length} errors: ${lines.join("; ")}`;
}
