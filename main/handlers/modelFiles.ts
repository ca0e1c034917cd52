import path from "node:path";
import { ApiError, type OpenResult } from "../../shared/api";
import type { GraphDocument } from "../../shared/graph";
import type { RunOptions } from "../../shared/run";
import { resolveDataPaths } from "../data/paths";
import type { ModelWeightsData } from "../engine/protocol";
import type { TrainingSummary } from "../export/tfjsModel";
import { graphFromModelJson, type ImportResult } from "../import/model";
import { type ModelFiles, type ReadModelText, readModel, trainingSummaryOf } from "../import/readModel";

/** `/m/mnist-tfjs/model.json` -> `mnist-tfjs`; `/m/digits.model.json` -> `digits`. */
export function modelName(file: string): string {
  const base = path.basename(file);
  if (base.toLowerCase() === "model.json") return path.basename(path.dirname(file)) || "model";
  return base.replace(/(\.model)?\.json$/i, "") || base;
}

/**
 * Reads a model's files and rebuilds its graph, with its weights renamed to the graph's layers and
 * the relative data paths of its graph read from the model's folder, wherever the back end runs.
 * `model` is the model file itself (a TF.js model.json or a one-file model), not a folder.
 */
async function importModel(model: string, read?: ReadModelText): Promise<{ files: ModelFiles; result: ImportResult }> {
  const files = await readModel(model, read);
  const result = graphFromModelJson(files.modelJson, files.weightSpecs);
  if (result.ok) result.doc = resolveDataPaths(result.doc, path.dirname(model));
  return { files, result };
}

/**
 * Opens a trained model (TF.js model.json or NetLoom's one-file JSON) as a graph: the one NetLoom
 * saved inside it, else one rebuilt from its layers and titled after the model. A model that
 * cannot be read or rebuilt is an `ok: false` result naming what is wrong. `read` is the file's
 * text and parsed JSON when the caller has them already.
 */
export async function openModelFile(full: string, read?: ReadModelText): Promise<OpenResult> {
  const name = path.basename(full);
  let opened: Awaited<ReturnType<typeof importModel>>;
  try {
    opened = await importModel(full, read);
  } catch (err) {
    return { ok: false, path: full, name, reason: "model", errors: [(err as Error).message] };
  }
  const { files, result } = opened;
  if (!result.ok) return { ok: false, path: full, name, reason: "model", errors: result.errors };
  const doc: GraphDocument =
    result.source === "netloom" && result.doc.meta.name
      ? result.doc
      : { ...result.doc, meta: { ...result.doc.meta, name: modelName(full) } };
  const model = { source: result.source, tensors: files.weightSpecs.length };
  return { ok: true, path: full, name, doc, migrations: [], model };
}

/** A model file's weights for the engine, with the run options that reproduce its training split. */
export interface ModelToLoad {
  weights: ModelWeightsData;
  options: RunOptions;
  /** What NetLoom recorded about the run that trained the model, or null (a foreign model). */
  training: TrainingSummary | null;
}

/**
 * Reads the weights of the model file at `file` for `training.load`, renamed as `file.open` named
 * the graph's layers. The seed and sample limit NetLoom recorded give the training split the data
 * transforms are fitted on, so predictions see the inputs the model was trained with.
 */
export async function modelToLoad(file: string): Promise<ModelToLoad> {
  let opened: Awaited<ReturnType<typeof importModel>>;
  try {
    opened = await importModel(file);
  } catch (err) {
    throw new ApiError("IO", (err as Error).message);
  }
  const { files, result } = opened;
  if (!result.ok) throw new ApiError("BAD_REQUEST", `${path.basename(file)}: ${result.errors.join("; ")}`);
  const summary = trainingSummaryOf(files.modelJson);
  const seed = summary?.seed;
  const options: RunOptions = {
    ...(seed !== undefined && Number.isInteger(seed) && seed >= 0 && seed < 2 ** 31 ? { seed } : {}),
    ...(summary?.limit ? { limit: summary.limit } : {}),
  };
  return {
    weights: { weightSpecs: result.weightSpecs, weightData: files.weightData },
    options,
    training: summary,
  };
}
