import path from "node:path";
import { ApiError, type ApiErrorCode } from "../../shared/api";
import { catalog } from "../../shared/catalog";
import type { DatasetParams } from "../../shared/compile";
import type { GraphDocument } from "../../shared/graph";
import { resolveDataPaths, resolveDatasetPaths } from "../data/paths";
import { NO_MODEL } from "../engine/protocol";
import { modelJsonPath } from "../import/readModel";
import type { Emit, HandlerContext, Handlers } from "./context";
import { modelToLoad } from "./modelFiles";
import { exportRun } from "./runExport";
import type { TrainingService, TrainingSink } from "./runService";

type TrainingChannel =
  | "training.start"
  | "training.load"
  | "training.control"
  | "training.predict"
  | "training.examples"
  | "training.evaluate"
  | "training.export"
  | "dataset.inspect";

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

/** The folder relative data paths are read from: `baseDir` (the graph file's folder), else the working folder. */
function dataFolder(baseDir: string | undefined): string {
  return path.resolve(baseDir ?? process.cwd());
}

/** The graph with its relative data paths read from {@link dataFolder}. */
function withDataPaths(doc: GraphDocument, baseDir: string | undefined): GraphDocument {
  return resolveDataPaths(doc, dataFolder(baseDir));
}

/** The Dataset params with their paths resolved, checked here; the files are read in the engine process. */
function datasetParams(params: Record<string, unknown>, baseDir: string | undefined): DatasetParams {
  const parsed = catalog.Dataset.params.safeParse(resolveDatasetPaths(params, dataFolder(baseDir)));
  if (!parsed.success)
    throw new ApiError("BAD_REQUEST", `the Dataset node's params are not valid: ${parsed.error.message}`);
  return parsed.data;
}

/** The training channels of the handler table. */
export const trainingHandlers: Pick<Handlers, TrainingChannel> = {
  "training.start": async ({ doc, options, baseDir }, ctx) => {
    const training = service(ctx);
    return { runId: await engine(training.start(withDataPaths(doc, baseDir), options, sinkFor(ctx.emit))) };
  },

  "training.load": async ({ path: file, doc, baseDir }, ctx) => {
    const training = service(ctx);
    const model = modelJsonPath(path.resolve(file));
    const { weights, options, training: trained } = await modelToLoad(model);
    // A model's graph names its data relative to the model's folder, as file.open read it.
    const graph = withDataPaths(doc, baseDir ?? path.dirname(model));
    return { runId: await engine(training.load(graph, weights, options, sinkFor(ctx.emit), trained)) };
  },

  "training.control": ({ runId, command }, ctx) => {
    knownRun(ctx, runId).control(runId, command);
    return {};
  },

  "training.predict": async ({ runId, inputs }, ctx) => ({
    outputs: await engine(knownRun(ctx, runId).predict(runId, inputs), "BAD_REQUEST"),
  }),

  "training.examples": ({ runId, count }, ctx) => engine(knownRun(ctx, runId).examples(runId, count)),

  "training.evaluate": ({ runId }, ctx) => engine(knownRun(ctx, runId).evaluate(runId)),

  "training.export": ({ runId, format, path: target, overwrite }, ctx) => {
    const training = knownRun(ctx, runId);
    return engine(exportRun(training, runId, format, target, overwrite), "IO").then((files) => ({ files }));
  },

  "dataset.inspect": async ({ params, baseDir }, ctx) => {
    const info = await engine(service(ctx).inspect(datasetParams(params, baseDir)), "IO");
    return { ...info, xShape: [...info.xShape], yShape: [...info.yShape] };
  },
};
