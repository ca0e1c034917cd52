import { mkdir, realpath } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, sep } from "node:path";
import type * as tfjs from "@tensorflow/tfjs";
import writeFileAtomic from "write-file-atomic";
import { z } from "zod";
import { sizeOf } from "../../shared/catalog";
import type { GraphDocument } from "../../shared/graph";
import { parseJsonText } from "../../shared/jsonText";
import { quoteFromFile } from "../../shared/quote";
import { MAX_MODEL_BYTES, readModelFile } from "./modelFile";

/** What NetLoom records about the run that produced a model's weights. */
export const zTrainingSummary = z.object({
  backend: z.string(),
  epochs: z.number(),
  seed: z.number().optional(),
  /** The run's sample limit, if any: with the seed, it gives the training split the data transforms were fitted on. */
  limit: z.int().min(1).optional(),
  testAccuracy: z.number().nullable(),
  testLoss: z.number().nullable(),
  finishedAt: z.string(),
});
export type TrainingSummary = z.infer<typeof zTrainingSummary>;

/** A weight tensor of the model: name (`linear1/kernel`), shape and dtype, as in tfjs's manifest. */
export const zWeightSpec = z.object({
  name: z.string(),
  shape: z.array(z.int().min(0)),
  dtype: z.enum(["float32", "int32", "bool"]),
});
export type WeightSpec = z.infer<typeof zWeightSpec>;

const DTYPE_BYTES: Record<WeightSpec["dtype"], number> = { float32: 4, int32: 4, bool: 1 };

/** The bytes of weight data that `specs` describe: every value of each, at its dtype's size. */
export function weightBytes(specs: Pick<WeightSpec, "shape" | "dtype">[]): number {
  return specs.reduce((n, s) => n + sizeOf(s.shape) * DTYPE_BYTES[s.dtype], 0);
}

/** A trained model as NetLoom moves it around: tfjs topology, weights, and the graph it came from. */
export interface ModelBundle {
  modelTopology: Record<string, unknown>;
  weightSpecs: WeightSpec[];
  weightData: ArrayBuffer;
  /** Loss and optimizer the model was compiled with in tfjs, when it was. */
  trainingConfig?: Record<string, unknown>;
  graph?: GraphDocument;
  training?: TrainingSummary;
}

/** Where NetLoom keeps its own data inside a tfjs model.json (`userDefinedMetadata`). */
export const METADATA_KEY = "netloom";

/** Captures a tfjs model's topology and weights without touching the file system. */
export async function bundleFromModel(
  tf: typeof tfjs,
  model: tfjs.LayersModel,
  graph?: GraphDocument,
  training?: TrainingSummary,
): Promise<ModelBundle> {
  let captured: tfjs.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }),
  );
  if (!captured?.weightSpecs || !captured.weightData) throw new Error("tfjs returned no weights for the model");
  const data = captured.weightData;
  const weightData = Array.isArray(data) ? joinBuffers(data) : data;
  return {
    modelTopology: captured.modelTopology as Record<string, unknown>,
    weightSpecs: captured.weightSpecs as WeightSpec[],
    weightData,
    ...trainingConfigOf(model),
    graph,
    training,
  };
}

/** The model.json text tfjs's `loadLayersModel` reads, with the graph under `userDefinedMetadata`. */
export function modelJsonFor(bundle: ModelBundle, weightsFile = "weights.bin"): string {
  const json = {
    format: "layers-model",
    generatedBy: "NetLoom (TensorFlow.js tfjs-layers 4.22.0)",
    convertedBy: null,
    modelTopology: bundle.modelTopology,
    weightsManifest: [{ paths: [weightsFile], weights: bundle.weightSpecs }],
    ...(bundle.trainingConfig ? { trainingConfig: bundle.trainingConfig } : {}),
    userDefinedMetadata: { [METADATA_KEY]: { graph: bundle.graph ?? null, training: bundle.training ?? null } },
  };
  return `${JSON.stringify(json, null, 1)}\n`;
}

/** Writes `model.json` and `weights.bin` into `dir` (made if missing), each atomically. Returns the model.json path. */
export async function writeTfjsModel(dir: string, bundle: ModelBundle): Promise<string> {
  const modelPath = join(dir, "model.json");
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(join(dir, "weights.bin"), Buffer.from(bundle.weightData));
  await writeFileAtomic(modelPath, modelJsonFor(bundle));
  return modelPath;
}

/** The quantization of a manifest's weights, when any is quantized (NetLoom cannot dequantize). */
function quantizationOf(manifest: unknown): string | null {
  const groups = Array.isArray(manifest) ? (manifest as Array<{ weights?: unknown } | null>) : [];
  for (const group of groups) {
    const weights = Array.isArray(group?.weights) ? (group.weights as Array<{ quantization?: unknown } | null>) : [];
    for (const w of weights) {
      const q = w?.quantization as { dtype?: unknown } | undefined;
      if (q) return typeof q.dtype === "string" ? q.dtype : "of an unknown type";
    }
  }
  return null;
}

/**
 * Whether a weights file, symlinks resolved, lies in model.json's folder (or below it): a link to
 * a file elsewhere would read, say, a key file outside `netloom serve`'s workspace. A file that
 * does not exist passes here; reading it says so.
 */
async function besideModel(modelJsonPath: string, shard: string): Promise<boolean> {
  const folder = await realpath(dirname(modelJsonPath)).catch(() => null);
  const file = await realpath(join(dirname(modelJsonPath), shard)).catch(() => null);
  if (!folder || !file) return true;
  const rel = relative(folder, file);
  return rel !== "" && !rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel);
}

/**
 * Reads a tfjs model.json (or takes its already read `text`, or its already parsed `{ json }`) and
 * its weight files (all shards, in manifest order). Only regular files of at most
 * {@link MAX_MODEL_BYTES} are read; errors say what is wrong and where, never quoting the files.
 */
export async function readTfjsModelFiles(
  modelJsonPath: string,
  content?: string | { json: unknown },
): Promise<{ modelJson: unknown; weightSpecs: WeightSpec[]; weightData: ArrayBuffer }> {
  const modelJson =
    typeof content === "object"
      ? content.json
      : parseJsonText(content ?? (await readModelFile(modelJsonPath)).toString("utf8"), modelJsonPath);
  const rawManifest = (modelJson as { weightsManifest?: unknown })?.weightsManifest ?? [];
  const quantized = quantizationOf(rawManifest);
  if (quantized) {
    throw new Error(
      `${modelJsonPath} holds quantized weights (${quantized}); quantized models are not supported: ` +
        "convert the model again without quantization (float32 weights)",
    );
  }
  const manifest = z
    .array(z.object({ paths: z.array(z.string()), weights: z.array(zWeightSpec) }))
    .safeParse(rawManifest);
  if (!manifest.success) throw new Error(`${modelJsonPath} has a malformed weightsManifest`);
  const buffers: ArrayBuffer[] = [];
  for (const group of manifest.data) {
    for (const path of group.paths) {
      if (/^[a-z]+:\/\//i.test(path) || path.includes("..") || !(await besideModel(modelJsonPath, path)))
        throw new Error(`weights path ${quoteFromFile(path)} must be a file next to model.json`);
      const bytes = await readModelFile(join(dirname(modelJsonPath), path), `the weights file ${path}`);
      buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    }
  }
  const weightSpecs = manifest.data.flatMap((g) => g.weights);
  const weightData = joinBuffers(buffers);
  const expected = weightBytes(weightSpecs);
  if (weightData.byteLength !== expected) {
    throw new Error(
      `the weight files of ${modelJsonPath} hold ${weightData.byteLength} bytes but its manifest describes ${expected}` +
        " (a file may be truncated or belong to another model)",
    );
  }
  return { modelJson, weightSpecs, weightData };
}

/** Loads a bundle into a tfjs model, as `tf.loadLayersModel` would from the files. */
export function loadBundle(tf: typeof tfjs, bundle: ModelBundle): Promise<tfjs.LayersModel> {
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: bundle.modelTopology,
      weightSpecs: bundle.weightSpecs,
      weightData: bundle.weightData,
    }),
  );
}

/**
 * The loss and optimizer of a compiled model, as tfjs writes them with `includeOptimizer`, but
 * without the optimizer's state, which would double the file for little use.
 */
function trainingConfigOf(model: tfjs.LayersModel): { trainingConfig?: Record<string, unknown> } {
  if (!model.optimizer) return {};
  const internal = model as unknown as { getTrainingConfig(): Record<string, unknown> };
  return { trainingConfig: internal.getTrainingConfig() };
}

function joinBuffers(buffers: ArrayBuffer[]): ArrayBuffer {
  const total = buffers.reduce((n, b) => n + b.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    out.set(new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  return out.buffer;
}
