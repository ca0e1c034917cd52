import { statSync } from "node:fs";
import { join } from "node:path";
import { readModelFile } from "./modelFile";
import { parseSingleJson, SINGLE_JSON_FORMAT } from "./singleJson";
import { METADATA_KEY, readTfjsModelFiles, type TrainingSummary, type WeightSpec, zTrainingSummary } from "./tfjsModel";

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

/**
 * Reads a TF.js model.json with its weight files, or NetLoom's one-file JSON model (as the
 * model.json it stands for); `text` is the file's content when the caller has read it already.
 * Only regular files within the model-file limit are read (see readModelFile). Throws an error that names the
 * file and what is wrong with it, without quoting it.
 */
export async function readModel(path: string, text?: string): Promise<ModelFiles> {
  const content = text ?? (await readModelFile(path)).toString("utf8");
  if (!content.includes(`"${SINGLE_JSON_FORMAT}"`)) return readTfjsModelFiles(path, content);
  let bundle: ReturnType<typeof parseSingleJson>;
  try {
    bundle = parseSingleJson(content);
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
