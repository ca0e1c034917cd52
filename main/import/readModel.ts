import { statSync } from "node:fs";
import { join } from "node:path";
import { readModelFile } from "../export/modelFile";
import { parseSingleJson, SINGLE_JSON_FORMAT, singleJsonBundle } from "../export/singleJson";
import {
  METADATA_KEY,
  readTfjsModelFiles,
  type TrainingSummary,
  type WeightSpec,
  zTrainingSummary,
} from "../export/tfjsModel";

/** A trained model as read from its files: the model.json object and its weights. */
export interface ModelFiles {
  modelJson: unknown;
  weightSpecs: WeightSpec[];
  weightData: ArrayBuffer;
}

/** A model's path: a TF.js folder means the model.json inside it. */
export function modelJsonPath(path: string): string {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ? join(path, "model.json") : path;
}

/** A model file's content as its caller read it already: the text, and the JSON parsed from it. */
export interface ReadModelText {
  text: string;
  json: unknown;
}

/**
 * Reads a TF.js model.json with its weight files, or NetLoom's one-file JSON model (as the
 * model.json it stands for); `read` is the file's content when the caller has read and parsed it
 * already, so it is not parsed again. Only regular files within the model-file limit are read (see
 * readModelFile). Throws an error that names the file and what is wrong with it, without quoting it.
 */
export async function readModel(path: string, read?: ReadModelText): Promise<ModelFiles> {
  const content = read?.text ?? (await readModelFile(path)).toString("utf8");
  if (!content.includes(`"${SINGLE_JSON_FORMAT}"`)) return readTfjsModelFiles(path, read ?? content);
  let bundle: ReturnType<typeof parseSingleJson>;
  try {
    bundle = read ? singleJsonBundle(read.json) : parseSingleJson(content);
  } catch (err) {
    throw new Error(`${path}: ${(err as Error).message}`);
  }
  const modelJson = {
    modelTopology: bundle.modelTopology,
    userDefinedMetadata: { [METADATA_KEY]: { graph: bundle.graph ?? null, training: bundle.training ?? null } },
    ...(bundle.trainingConfig ? { trainingConfig: bundle.trainingConfig } : {}),
  };
  return { modelJson, weightSpecs: bundle.weightSpecs, weightData: bundle.weightData };
}

/** What NetLoom recorded about the run that trained a model, when the model.json carries it. */
export function trainingSummaryOf(modelJson: unknown): TrainingSummary | null {
  const meta = (modelJson as { userDefinedMetadata?: Record<string, { training?: unknown }> } | null)
    ?.userDefinedMetadata?.[METADATA_KEY];
  const parsed = zTrainingSummary.safeParse(meta?.training);
  return parsed.success ? parsed.data : null;
}

/**
 * What in the first few KB of a file marks a model: a TF.js model.json's keys or format, or the
 * format of NetLoom's one-file model (its first key). A graph has none of them; a false match only
 * costs reading the file whole, after which it is checked as a graph again.
 */
const MODEL_HEAD = /"(?:modelTopology|weightsManifest)"\s*:|"format"\s*:\s*"(?:netloom\.model|layers-model)"/;

/**
 * Whether the start of a file (its first few KB) shows a model, as {@link looksLikeModel} would
 * find once the whole file is parsed; lets a file too large for a graph be refused unread.
 */
export function headLooksLikeModel(head: string): boolean {
  return MODEL_HEAD.test(head);
}

/**
 * Whether parsed JSON is a model rather than a graph: a TF.js model.json (its `modelTopology`)
 * or NetLoom's one-file model (its `format`).
 */
export function looksLikeModel(json: unknown): boolean {
  if (typeof json !== "object" || json === null) return false;
  const o = json as Record<string, unknown>;
  return (
    o.format === SINGLE_JSON_FORMAT ||
    o.format === "layers-model" ||
    (typeof o.modelTopology === "object" && o.modelTopology !== null)
  );
}
