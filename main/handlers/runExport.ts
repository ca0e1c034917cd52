import { mkdir } from "node:fs/promises";
import path from "node:path";
import writeFileAtomic from "write-file-atomic";
import { ApiError } from "../../shared/api";
import type { DatasetInfo } from "../../shared/catalog";
import type { CompileResult } from "../../shared/compile";
import type { GraphDocument } from "../../shared/graph";
import type { ExportFormat } from "../../shared/trainingApi";
import { DataError } from "../data/errors";
import { compileWithRead, datasetsToRead } from "../data/inspect";
import { exportPyTorch } from "../export/pytorch/script";
import { toSingleJson } from "../export/singleJson";
import { type ModelBundle, modelJsonFor, type TrainingSummary, zWeightSpec } from "../export/tfjsModel";
import type { RunRecord, TrainingService } from "./runService";
import { pytorchWeightsDir, refuseOverwrite, requireFolder } from "./targets";

/**
 * The training history a run's export records. A run trained here: its backend, epochs, split
 * and results, finished when it ended. A run loaded from a model file was not trained here: it
 * keeps the summary its file had (none when the file had none), not the load's backend and time.
 */
function trainingSummary(record: RunRecord): TrainingSummary | undefined {
  if (record.loaded) return record.loaded.training ?? undefined;
  return {
    backend: record.backend ?? "unknown",
    epochs: record.epochs,
    ...(record.options.seed !== undefined ? { seed: record.options.seed } : {}),
    ...(record.options.limit !== undefined ? { limit: record.options.limit } : {}),
    testAccuracy: record.result?.testAccuracy ?? null,
    testLoss: record.result?.testLoss ?? null,
    finishedAt: record.finishedAt ?? new Date().toISOString(),
  };
}

/** The trained model of a run, with the graph it was trained from and what the run reached. */
async function bundleOf(training: TrainingService, runId: string): Promise<ModelBundle> {
  const record = training.run(runId);
  if (!record) throw new ApiError("NOT_FOUND", `no training run ${runId} on this back end`);
  const weights = await training.weights(runId);
  return {
    modelTopology: weights.modelTopology as Record<string, unknown>,
    weightSpecs: zWeightSpec.array().parse(weights.weightSpecs),
    weightData: weights.weightData,
    graph: record.doc,
    training: trainingSummary(record),
  };
}

/** Compiles a run's graph with its data files read in the engine process, off the app's event loop. */
async function compileInEngine(training: TrainingService, doc: GraphDocument): Promise<CompileResult> {
  const read = new Map<string, DatasetInfo | DataError>();
  for (const { nodeId, params } of datasetsToRead(doc)) {
    read.set(nodeId, await training.inspect(params).catch((err: Error) => new DataError(err.message)));
  }
  return compileWithRead(doc, read);
}

function requireExtension(file: string, ext: string, what: string): void {
  if (!file.toLowerCase().endsWith(ext)) {
    throw new ApiError("BAD_REQUEST", `${what} is written to a ${ext} file, not ${path.basename(file)}`);
  }
}

/** One file of an export: where it goes in the export's folder (`/` between names), and its bytes. */
export interface ExportFile {
  path: string;
  data: Uint8Array;
}

const utf8 = (text: string) => new TextEncoder().encode(text);

/**
 * The files of a run's trained model exported as `name`: `tfjs` a folder `name` with model.json
 * and weights.bin (the graph embedded), `json` one self-contained file, `pytorch` a training
 * script with the trained weights beside it (`NAME.weights/`), which the script loads at start.
 * What is written to disk and what a browser downloads are these same files.
 */
export async function exportFiles(
  training: TrainingService,
  runId: string,
  format: ExportFormat,
  name: string,
): Promise<ExportFile[]> {
  if (format === "json") requireExtension(name, ".json", "the one-file model");
  if (format === "pytorch") requireExtension(name, ".py", "the PyTorch script");
  const bundle = await bundleOf(training, runId);
  const tfjsFiles = (folder: string) => [
    { path: `${folder}/model.json`, data: utf8(modelJsonFor(bundle)) },
    { path: `${folder}/weights.bin`, data: new Uint8Array(bundle.weightData) },
  ];
  if (format === "tfjs") return tfjsFiles(name);
  if (format === "json") return [{ path: name, data: utf8(toSingleJson(bundle)) }];
  const doc = bundle.graph;
  const compiled = doc ? await compileInEngine(training, doc) : null;
  if (!doc || !compiled?.ok) throw new ApiError("ENGINE", "the run's graph no longer compiles; export it as TF.js");
  const weights = pytorchWeightsDir(name);
  const script = exportPyTorch(doc, compiled, {
    baseDir: process.cwd(),
    source: doc.meta.name ? `NetLoom app: ${doc.meta.name}` : "NetLoom app",
    weights: { modelJsonPath: `${weights}/model.json` },
  });
  return [{ path: name, data: utf8(script) }, ...tfjsFiles(weights)];
}

/**
 * Writes a run's trained model to `target` (see {@link exportFiles}). Files already there are
 * replaced only with `overwrite` ({@link refuseOverwrite}). Returns the files written.
 */
export async function exportRun(
  training: TrainingService,
  runId: string,
  format: ExportFormat,
  target: string,
  overwrite = false,
): Promise<string[]> {
  const full = path.resolve(target);
  const folder = path.dirname(full);
  await requireFolder(folder);
  await refuseOverwrite(full, format, overwrite);
  const files = await exportFiles(training, runId, format, path.basename(full));
  const targets = files.map((f) => path.join(folder, ...f.path.split("/")));
  // Last to first: a model.json appears only once the weights it names are in place.
  for (let i = files.length - 1; i >= 0; i--) {
    const to = targets[i] as string;
    await mkdir(path.dirname(to), { recursive: true });
    await writeFileAtomic(to, Buffer.from((files[i] as ExportFile).data));
  }
  return targets;
}
