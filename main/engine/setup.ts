import { sizeOf } from "../../shared/catalog";
import type { CompileSuccess, Diagnostic } from "../../shared/compile";
import type { GraphDocument } from "../../shared/graph";
import {
  applyRunOptions,
  type BackendName,
  type RunOptions,
  type TrainingEvent,
  type TrainingEventOf,
  zRunOptions,
} from "../../shared/run";
import { DataError } from "../data/errors";
import { compileWithData } from "../data/inspect";
import { type PreparedData, prepareData } from "../data/prepare";
import { type BackendChoice, selectBackend } from "./backend";
import { type MetricKind, metricKind } from "./metrics";
import { prewarm } from "./pytorch/process";
import type { PyTorchTiming } from "./pytorch/trainer";
import type { LayersModel } from "./tf";

/** What to train (or load weights into): a graph, its run options, and the id its events carry. */
export interface TrainingRequest {
  runId: string;
  doc: GraphDocument;
  /** Checked here (they may come from another process), so a bad value becomes an `error` event. */
  options: RunOptions;
}

export interface TrainingDeps {
  /** Picks the backend; tests inject failing loaders through it. */
  selectBackend?: (force?: BackendName) => Promise<BackendChoice>;
  /** Deadlines and event rate of the pytorch backend; tests shorten them. */
  pytorch?: PyTorchTiming;
}

/** Why the best available backend is not PyTorch while live signals are on. */
export const NO_SIGNALS =
  "not tried: live signals are on, and PyTorch cannot send them (turn Signals off to train on it)";

/** What a run has before its model is built: checked options, compiled graph, backend, data, accuracy rule. */
export interface RunSetup {
  options: ReturnType<typeof zRunOptions.parse>;
  compiled: CompileSuccess;
  choice: BackendChoice;
  data: PreparedData;
  metric: MetricKind;
}

/**
 * Checks the run options, compiles the graph with its data files, picks the backend (pytorch only
 * for a run that trains, not for one that only holds a model) and loads, splits and transforms
 * the data (Normalize statistics from the training rows). Every failure is emitted as an `error`
 * event (on the node it concerns, when there is one) and gives null.
 */
export async function setUpRun(
  req: TrainingRequest,
  emit: (e: TrainingEvent) => void,
  deps: TrainingDeps = {},
  purpose: "train" | "hold" = "hold",
): Promise<RunSetup | null> {
  const fail = (message: string, nodeId?: string) => {
    emit({ type: "error", runId: req.runId, message, ...(nodeId ? { nodeId } : {}) });
    return null;
  };
  const parsed = zRunOptions.safeParse(req.options);
  if (!parsed.success) return fail(`bad run options: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  const options = parsed.data;
  const compiled = compileWithData(applyRunOptions(req.doc, options));
  if (!compiled.ok) return fail(describeErrors(compiled.errors), compiled.errors[0]?.nodeId);
  const plan = compiled.dataPlan;
  try {
    // A model that is only held (loaded weights, a step-through) lives in TF.js: PyTorch trains.
    const exclude: BackendName[] = purpose === "train" ? [] : ["pytorch"];
    // Live signals asked for pick a backend that sends them, unless PyTorch is asked for by name.
    const passOver = options.signals ? { pytorch: NO_SIGNALS } : {};
    const select = deps.selectBackend ?? ((force) => selectBackend({ exclude, passOver, ...(force ? { force } : {}) }));
    const choice = await select(options.backend);
    const processes = options.processes ?? 1;
    // Python imports torch while the samples are prepared here.
    if (choice.python && processes === 1) prewarm(choice.python.path);
    if (processes > 1 && choice.name !== "pytorch") {
      const why = choice.skipped.find((s) => s.backend === "pytorch")?.reason;
      return fail(
        `training in ${processes} processes needs the pytorch backend, but this run would train on ${choice.name}` +
          (why ? ` (pytorch: ${why})` : ""),
      );
    }
    const data = prepareData(plan, options.seed);
    const labelsAreClasses = data.all.classIndex !== null;
    const metric = metricKind(compiled.loss.name, sizeOf(data.yShape), labelsAreClasses, plan.info.classes);
    return { options, compiled, choice, data, metric };
  } catch (err) {
    if (err instanceof DataError) return fail(err.message, err.nodeId ?? plan.datasetNodeId);
    return fail((err as Error).message);
  }
}

/** What `started` and `loaded` tell of a run set up with `model`: backend, parameters, samples, metric. */
export function runFacts(setup: RunSetup, model: LayersModel): Omit<TrainingEventOf<"loaded">, "type" | "runId"> {
  const { choice, data, metric } = setup;
  return {
    backend: choice.name,
    backendDetail: choice.detail,
    skipped: choice.skipped,
    params: model.countParams(),
    samples: { train: data.trainRows.length, validation: data.validationRows.length, test: data.test?.n ?? 0 },
    metric: metric ? "accuracy" : null,
  };
}

/** One message for all compile errors, each prefixed with its node. */
export function describeErrors(errors: Diagnostic[]): string {
  const lines = errors.map((e) => (e.nodeId ? `node ${e.nodeId}: ${e.message}` : e.message));
  return lines.length === 1 ? (lines[0] as string) : `the graph has ${lines.length} errors: ${lines.join("; ")}`;
}
