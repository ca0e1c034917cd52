import { randomUUID } from "node:crypto";
import type { GraphDocument } from "../../shared/graph";
import type { RunOptions, TrainingEvent } from "../../shared/run";
import type { RunEvaluation, TestExample } from "../../shared/trainingApi";
import type { TrainingHost } from "../engine/host";
import type { ModelWeightsData } from "../engine/protocol";
import type { TrainingSummary } from "../export/tfjsModel";

/** Where a run's events go: the connection (or window) that started it. */
export type TrainingSink = (event: TrainingEvent) => void;

/** What the back end remembers of a run it started, for exports after it. */
export interface RunRecord {
  doc: GraphDocument;
  options: RunOptions;
  sink: TrainingSink;
  /** The backend the run's model lives on, once the engine said. */
  backend?: string;
  /** Epochs completed (for a loaded run: the epochs its model file says it was trained for). */
  epochs: number;
  result?: RunEvaluation;
  finishedAt?: string;
  /**
   * Set for a run loaded from a model file rather than trained here: what the file recorded of
   * the run that trained it (null when nothing), which its exports keep as their history.
   */
  loaded?: { training: TrainingSummary | null };
}

/**
 * The handlers' handle on the training engine: one engine process, events routed to their run's
 * starter. Control, prediction, evaluation, weights and dataset inspection go to the host as they are.
 */
export interface TrainingService
  extends Pick<TrainingHost, "control" | "signals" | "step" | "predict" | "evaluate" | "weights" | "inspect"> {
  /** Starts a run; its events go to `sink`. Throws while another run is training. */
  start(doc: GraphDocument, options: RunOptions, sink: TrainingSink): Promise<string>;
  /**
   * Makes a run from a model file's trained weights instead of training, remembering the file's
   * own `training` summary (null when it has none); its events (`loaded`, `done` or `error`) go to
   * `sink`. Throws while another run is training.
   */
  load(
    doc: GraphDocument,
    weights: ModelWeightsData,
    options: RunOptions,
    sink: TrainingSink,
    training: TrainingSummary | null,
  ): Promise<string>;
  examples(runId: string, count: number): Promise<TestExample[]>;
  /** A run this service started, or undefined. */
  run(runId: string): RunRecord | undefined;
  /** The sink is gone (a closed connection): its runs are stopped, nobody is watching them. */
  release(sink: TrainingSink): void;
  /** Ends the engine process. */
  dispose(): void;
}

/** Runs remembered for exports; the engine keeps fewer models than this anyway. */
const KEEP_RECORDS = 20;

/**
 * Wraps a training host (its engine in a child or utility process) for the handler table. Each
 * run's id is chosen here and its record kept before the engine is asked, so events that overtake
 * the engine's reply reach their starter, whoever else starts meanwhile. `newRunId` is for tests.
 */
export function createTrainingService(
  makeHost: (onEvent: TrainingSink) => TrainingHost,
  newRunId: () => string = randomUUID,
): TrainingService {
  const runs = new Map<string, RunRecord>();

  const adopt = (runId: string, record: RunRecord) => {
    runs.set(runId, record);
    for (const id of runs.keys()) {
      if (runs.size <= KEEP_RECORDS) break;
      runs.delete(id);
    }
  };

  const host = makeHost((event) => {
    const record = runs.get(event.runId);
    if (!record) return;
    if (event.type === "started" || event.type === "loaded") record.backend = event.backend;
    else if (event.type === "epoch") record.epochs = event.epoch;
    else if (event.type === "done") {
      const { testLoss, testAccuracy, confusionMatrix, evaluatedOn } = event;
      record.result = { testLoss, testAccuracy, confusionMatrix, ...(evaluatedOn ? { evaluatedOn } : {}) };
    }
    if (event.type === "done" || event.type === "stopped" || event.type === "error")
      record.finishedAt = new Date().toISOString();
    record.sink(event);
  });

  const begin = async (record: RunRecord, run: (runId: string) => Promise<string>): Promise<string> => {
    const runId = newRunId();
    adopt(runId, record);
    try {
      await run(runId);
      return runId;
    } catch (err) {
      runs.delete(runId);
      throw err;
    }
  };

  return {
    start: (doc, options, sink) => begin({ doc, options, sink, epochs: 0 }, (runId) => host.start(doc, options, runId)),
    load: (doc, weights, options, sink, training) =>
      begin({ doc, options, sink, epochs: training?.epochs ?? 0, loaded: { training } }, (runId) =>
        host.load(doc, weights, options, runId),
      ),
    control: (runId, command) => host.control(runId, command),
    signals: (runId, on) => host.signals(runId, on),
    step: (req) => host.step(req),
    predict: (runId, inputs) => host.predict(runId, inputs),
    examples: (runId, count) => host.testExamples(runId, count),
    evaluate: async (runId) => {
      const result = await host.evaluate(runId);
      const record = runs.get(runId);
      if (record) record.result = result;
      return result;
    },
    weights: (runId) => host.weights(runId),
    inspect: (params) => host.inspect(params),
    run: (runId) => runs.get(runId),
    release(sink) {
      for (const [runId, record] of runs) {
        if (record.sink === sink && !record.finishedAt) host.control(runId, "stop");
      }
    },
    dispose: () => host.dispose(),
  };
}
