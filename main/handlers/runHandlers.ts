import path from "node:path";
import { ApiError, type ApiErrorCode } from "../../shared/api";
import { catalog } from "../../shared/catalog";
import type { DatasetParams } from "../../shared/compile";
import type { GraphDocument } from "../../shared/graph";
import { readCsvHeader } from "../data/csv";
import { DataError } from "../data/errors";
import { DATASET_PATH_PARAMS } from "../data/paths";
import { NO_MODEL } from "../engine/protocol";
import { modelJsonPath } from "../import/readModel";
import type { Emit, HandlerContext, Handlers } from "./context";
import { modelToLoad } from "./modelFiles";
import { exportFiles, exportRun } from "./runExport";
import type { TrainingService, TrainingSink } from "./runService";
import { pytorchWeightsDir } from "./targets";
import { resolveInWorkspace, resolveReadable } from "./workspace";

type TrainingChannel =
  | "training.start"
  | "training.load"
  | "training.control"
  | "training.signals"
  | "training.step"
  | "training.predict"
  | "training.examples"
  | "training.evaluate"
  | "training.export"
  | "training.download"
  | "dataset.inspect"
  | "dataset.columns";

const sinks = new WeakMap<Emit, TrainingSink>();

/** The training-event sink of one caller; the same for every request of a connection, so it can be released. */
export function sinkFor(emit: Emit): TrainingSink {
  let sink = sinks.get(emit);
  if (!sink) {
    sink = (event) => emit("training.event", event);
    sinks.set(emit, sink);
  }
  return sink;
}

function service(ctx: HandlerContext): TrainingService {
  if (!ctx.training) throw new ApiError("UNSUPPORTED", "this host has no training engine");
  return ctx.training;
}

/** A run this back end started, or a NOT_FOUND error naming it. */
function knownRun(ctx: HandlerContext, runId: string): TrainingService {
  const training = service(ctx);
  if (!training.run(runId)) throw new ApiError("NOT_FOUND", `no training run ${runId} on this back end`);
  return training;
}

/**
 * Turns the engine's refusal (a plain Error with a message for the user) into an error reply:
 * BUSY while another run trains, NOT_FOUND for a run whose model is gone, else `code`.
 */
async function engine<T>(work: Promise<T>, code: ApiErrorCode = "ENGINE"): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof ApiError) throw err;
    const message = (err as Error).message;
    if (message.startsWith(NO_MODEL)) throw new ApiError("NOT_FOUND", message);
    throw new ApiError(/still training/.test(message) ? "BUSY" : code, message);
  }
}

/**
 * A Dataset node's params with its file paths resolved: relative ones from `baseDir` (the graph
 * file's folder), else the workspace root or working folder; under `netloom serve`, each inside the
 * workspace or NetLoom's examples folder ({@link resolveReadable}).
 */
async function datasetPaths(
  ctx: HandlerContext,
  params: Record<string, unknown>,
  baseDir: string | undefined,
): Promise<Record<string, unknown>> {
  const folder = await resolveInWorkspace(ctx, baseDir ?? ".");
  const resolved = { ...params };
  for (const key of DATASET_PATH_PARAMS) {
    const value = resolved[key];
    if (typeof value === "string" && value !== "") resolved[key] = await resolveReadable(ctx, value, folder);
  }
  return resolved;
}

/** The graph with the file paths of its Dataset nodes resolved, as {@link datasetPaths} does. */
async function withDataPaths(ctx: HandlerContext, doc: GraphDocument, baseDir: string | undefined) {
  const nodes = await Promise.all(
    doc.nodes.map(async (node) =>
      node.kind === "Dataset" ? { ...node, params: await datasetPaths(ctx, node.params, baseDir) } : node,
    ),
  );
  return { ...doc, nodes };
}

/** The Dataset params with their paths resolved, checked here; the files are read in the engine process. */
async function datasetParams(
  ctx: HandlerContext,
  params: Record<string, unknown>,
  baseDir: string | undefined,
): Promise<DatasetParams> {
  const parsed = catalog.Dataset.params.safeParse(await datasetPaths(ctx, params, baseDir));
  if (!parsed.success)
    throw new ApiError("BAD_REQUEST", `the Dataset node's params are not valid: ${parsed.error.message}`);
  return parsed.data;
}

/** The training channels of the handler table. */
export const trainingHandlers: Pick<Handlers, TrainingChannel> = {
  "training.start": async ({ doc, options, baseDir }, ctx) => {
    const training = service(ctx);
    const graph = await withDataPaths(ctx, doc, baseDir);
    return { runId: await engine(training.start(graph, options, sinkFor(ctx.emit))) };
  },

  "training.load": async ({ path: file, doc, baseDir }, ctx) => {
    const training = service(ctx);
    const model = modelJsonPath(await resolveInWorkspace(ctx, file));
    const { weights, options, training: trained } = await modelToLoad(model);
    // A model's graph names its data relative to the model's folder, as file.open read it.
    const graph = await withDataPaths(ctx, doc, baseDir ?? path.dirname(model));
    return { runId: await engine(training.load(graph, weights, options, sinkFor(ctx.emit), trained)) };
  },

  "training.control": ({ runId, command }, ctx) => {
    knownRun(ctx, runId).control(runId, command);
    return {};
  },

  "training.signals": ({ runId, on }, ctx) => {
    knownRun(ctx, runId).signals(runId, on);
    return {};
  },

  "training.step": async ({ doc, baseDir, fromRun, ...step }, ctx) => {
    const training = fromRun ? knownRun(ctx, fromRun) : service(ctx);
    const graph = await withDataPaths(ctx, doc, baseDir);
    return engine(training.step({ ...step, doc: graph, ...(fromRun ? { fromRun } : {}) }), "BAD_REQUEST");
  },

  "training.predict": async ({ runId, inputs }, ctx) => ({
    outputs: await engine(knownRun(ctx, runId).predict(runId, inputs), "BAD_REQUEST"),
  }),

  "training.examples": ({ runId, count }, ctx) => engine(knownRun(ctx, runId).examples(runId, count)),

  "training.evaluate": ({ runId }, ctx) => engine(knownRun(ctx, runId).evaluate(runId)),

  "training.export": async ({ runId, format, path: target, overwrite }, ctx) => {
    const training = knownRun(ctx, runId);
    const full = await resolveInWorkspace(ctx, target);
    // A PyTorch script's weights folder beside it is written too: it may not lead out either.
    if (format === "pytorch") await resolveInWorkspace(ctx, pytorchWeightsDir(full));
    return { files: await engine(exportRun(training, runId, format, full, overwrite), "IO") };
  },

  "training.download": async ({ runId, format, name }, ctx) => {
    const files = await engine(exportFiles(knownRun(ctx, runId), runId, format, name), "IO");
    return { files: files.map((f) => ({ path: f.path, base64: Buffer.from(f.data).toString("base64") })) };
  },

  "dataset.inspect": async ({ params, baseDir }, ctx) => {
    const info = await engine(service(ctx).inspect(await datasetParams(ctx, params, baseDir)), "IO");
    return { ...info, xShape: [...info.xShape], yShape: [...info.yShape] };
  },

  "dataset.columns": async ({ path: file, baseDir }, ctx) => {
    const full = await resolveInWorkspace(ctx, file, await resolveInWorkspace(ctx, baseDir ?? "."));
    try {
      return { path: full, columns: readCsvHeader(full) };
    } catch (err) {
      if (err instanceof DataError) throw new ApiError("IO", err.message);
      throw err;
    }
  },
};
