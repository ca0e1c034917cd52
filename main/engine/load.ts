import { formatShape } from "../../shared/catalog";
import type { ModelStep } from "../../shared/compile";
import { quoteFromFile } from "../../shared/quote";
import type { TrainingEvent } from "../../shared/run";
import { keepForPrediction } from "../data/prepare";
import { weightBytes } from "../export/tfjsModel";
import { evaluateRun } from "./finish";
import { buildModel } from "./model";
import type { ModelWeightsData } from "./protocol";
import { runFacts, setUpRun, type TrainingDeps, type TrainingRequest } from "./setup";
import type { LayersModel, Tf } from "./tf";
import type { TrainedRun } from "./train";

/** What to load: a graph, its run options (seed and limit give the training split), and its trained weights. */
export interface LoadRequest extends TrainingRequest {
  weights: ModelWeightsData;
}

/** Why weights do not fit a model: each misfit named, and the node of the first. */
export interface WeightMisfit {
  message: string;
  nodeId?: string;
}

/**
 * Makes a kept run from trained weights instead of training: compiles the graph, prepares its
 * data (the fitted transforms are what predictions go through), builds the model, sets the
 * weights, then emits `loaded` and `done` with the evaluation on the test split. Weights that do
 * not fit the graph, like a bad graph or bad data, become an `error` event. Returns the run to keep, or null.
 */
export async function loadRun(
  req: LoadRequest,
  emit: (e: TrainingEvent) => void,
  deps: TrainingDeps = {},
): Promise<TrainedRun | null> {
  const { runId } = req;
  const started = performance.now();
  const setup = await setUpRun(req, emit, deps);
  if (!setup) return null;
  const { options, compiled, choice, data, metric } = setup;
  const { tf } = choice;
  let model: LayersModel | undefined;
  try {
    model = await buildModel(tf, compiled.model, options.seed);
    const misfit = setWeights(tf, model, req.weights, compiled.steps);
    if (misfit) {
      model.dispose();
      emit({ type: "error", runId, ...misfit });
      return null;
    }
    emit({ type: "loaded", runId, ...runFacts(setup, model) });
    const run: TrainedRun = { runId, tf, backend: choice.name, model, compiled, data, metric };
    emit({ type: "done", runId, ...evaluateRun(run), seconds: (performance.now() - started) / 1000 });
    return { ...run, data: keepForPrediction(data) };
  } catch (err) {
    model?.dispose();
    emit({ type: "error", runId, message: `loading the weights failed: ${(err as Error).message}` });
    return null;
  }
}

/**
 * Sets a model's weights from TF.js weight data, once every weight of the model is there with its
 * shape and nothing is left over. Returns what does not fit instead, naming each weight and the
 * graph node whose layer it belongs to.
 */
export function setWeights(
  tf: Tf,
  model: LayersModel,
  weights: ModelWeightsData,
  steps: ModelStep[],
): WeightMisfit | null {
  const { weightSpecs, weightData } = weights;
  const bytes = weightBytes(weightSpecs);
  if (bytes !== weightData.byteLength) {
    return { message: `the weight data holds ${weightData.byteLength} bytes but its specs describe ${bytes}` };
  }
  const nodeOf = (name: string) => steps.find((s) => s.layers.includes(name.split("/")[0] ?? ""))?.nodeId;
  const given = new Map(weightSpecs.map((s) => [s.name, s]));
  const problems: WeightMisfit[] = [];
  const seen = new Set<string>();
  for (const spec of weightSpecs) {
    if (seen.has(spec.name))
      problems.push({ message: `the model file holds weight ${quoteFromFile(spec.name)} twice` });
    seen.add(spec.name);
  }
  for (const variable of model.weights) {
    const name = variable.originalName;
    const nodeId = nodeOf(name);
    const owner = nodeId ? `node ${nodeId}` : "the graph";
    const at = nodeId ? { nodeId } : {};
    const needed = formatShape(variable.shape as number[]);
    const spec = given.get(name);
    given.delete(name);
    if (!spec) {
      problems.push({ message: `weight "${name}" is missing from the model file (${owner} needs ${needed})`, ...at });
    } else if (formatShape(spec.shape) !== needed) {
      problems.push({
        message: `weight "${name}" has shape ${formatShape(spec.shape)} in the model file, but ${owner} needs ${needed}`,
        ...at,
      });
    }
  }
  for (const name of given.keys()) {
    problems.push({ message: `the model file's weight ${quoteFromFile(name)} belongs to no layer of the graph` });
  }
  if (problems.length > 0) {
    const first = problems.find((p) => p.nodeId)?.nodeId;
    const message =
      problems.length === 1
        ? (problems[0] as WeightMisfit).message
        : `${problems.length} weights do not fit the graph: ${problems.map((p) => p.message).join("; ")}`;
    return { message, ...(first ? { nodeId: first } : {}) };
  }
  const tensors = tf.io.decodeWeights(weightData, weightSpecs);
  try {
    model.loadWeights(tensors);
  } finally {
    tf.dispose(Object.values(tensors));
  }
  return null;
}
