import { z } from "zod";
import { zGraphDocument } from "./graph/document";
import { zNodeParams } from "./graph/limits";
import { zRunEvaluation, zRunOptions, zTrainingControl, zTrainingEvent } from "./run";
import { MAX_STEP_BATCH, zSampleChoice, zStepTrace } from "./step";

export { type RunEvaluation, zRunEvaluation } from "./run";

/**
 * The training part of the contract in shared/api.ts: requests that start and steer a run in the
 * engine process and ask its kept model questions, and the event that streams its progress.
 */

/** A run id, as `training.start` returned it. */
const zRunId = z.string().min(1).max(100);
const run = { runId: zRunId };
/** An absolute or relative file-system path on the back end's machine. */
export const zPath = z.string().min(1, "path must not be empty").max(4096);

/** One file or folder name, nothing that leads elsewhere: no separator, not `.` or `..`. */
export const zFileName = z
  .string()
  .min(1)
  .max(255)
  .refine((name) => !/[/\\\0]/.test(name) && name !== "." && name !== "..", "must be a file name, not a path");

/** The largest sample `training.predict` takes: far beyond any image the app trains on. */
export const MAX_PREDICT_VALUES = 1_000_000;
/** The most samples one `training.predict` or `training.examples` request covers. */
export const MAX_PREDICT_ROWS = 256;

/** One evaluated sample of a kept run, with its raw features (e.g. the 784 pixels of a digit, 0-255). */
export const zTestExample = z.object({
  /** Position in the evaluated split. */
  index: z.number(),
  input: z.array(z.number()),
  label: z.number(),
  predicted: z.number(),
  probabilities: z.array(z.number()),
});
export type TestExample = z.infer<typeof zTestExample>;

/** What a trained model can be exported as: a TF.js model folder, one JSON file, a PyTorch script. */
export const EXPORT_FORMATS = ["tfjs", "json", "pytorch"] as const;
export const zExportFormat = z.enum(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof zExportFormat>;

/** What the editor needs to know of a dataset read from files: sample shapes, classes, counts. */
export const zDatasetInfo = z.object({
  xShape: z.array(z.int().min(0)),
  yShape: z.array(z.int().min(0)),
  classes: z.int().min(1).optional(),
  trainSamples: z.int().min(0),
  testSamples: z.int().min(0),
});

/** The folder relative data paths of a graph are read from: its file's folder, else the back end's working folder. */
const baseDir = zPath.optional();

/** Training requests, merged into the contract's request table. */
export const trainingRequests = {
  /**
   * Trains `doc` in the engine process with the run options (epochs, limit, seed, backend).
   * Replies once the engine accepted it; progress then arrives as `training.event`.
   */
  "training.start": {
    payload: z.strictObject({ doc: zGraphDocument, options: zRunOptions.prefault({}), baseDir }),
    reply: z.object(run),
  },
  /**
   * Makes a run from the trained weights of the model file at `path` (as `file.open` opened it)
   * instead of training: `doc` is the graph to put them in, normally the one `file.open` returned.
   * Replies once the engine accepted it; `loaded` and `done` (or an `error` naming a weight that
   * does not fit) then arrive as `training.event`.
   */
  "training.load": {
    payload: z.strictObject({ path: zPath, doc: zGraphDocument, baseDir }),
    reply: z.object(run),
  },
  /** Pauses, resumes or stops a run; commands that do not apply are ignored. */
  "training.control": { payload: z.strictObject({ ...run, command: zTrainingControl }), reply: z.object({}) },
  /** Turns a training run's live signals (`signals` events) on or off. */
  "training.signals": { payload: z.strictObject({ ...run, on: z.boolean() }), reply: z.object({}) },
  /**
   * Takes one training step apart on a sample: every node's value and dLoss/d(output), every
   * weight's gradient and the optimizer's update. Steps of the same `session` continue one another
   * (weights and momentum carry over); a new session (or `fresh`) starts from the kept run
   * `fromRun`'s trained weights, else from the graph's initial ones. No run's model changes.
   */
  "training.step": {
    payload: z.strictObject({
      session: zRunId,
      doc: zGraphDocument,
      options: zRunOptions.prefault({}),
      baseDir,
      fromRun: zRunId.optional(),
      sample: zSampleChoice,
      batch: z.int().min(1).max(MAX_STEP_BATCH).default(1),
      fresh: z.boolean().default(false),
    }),
    reply: zStepTrace,
  },
  /** Runs the run's model on raw samples (dataset units, e.g. pixels 0-255): class probabilities per row. */
  "training.predict": {
    payload: z.strictObject({
      ...run,
      inputs: z.array(z.array(z.number()).min(1).max(MAX_PREDICT_VALUES)).min(1).max(MAX_PREDICT_ROWS),
    }),
    reply: z.object({ outputs: z.array(z.array(z.number())) }),
  },
  /** Up to `count` evaluated samples, misclassified first. */
  "training.examples": {
    payload: z.strictObject({ ...run, count: z.int().min(1).max(MAX_PREDICT_ROWS) }),
    reply: z.array(zTestExample),
  },
  /** Evaluates the run's model now: for a stopped run, which gets no `done` event. */
  "training.evaluate": { payload: z.strictObject(run), reply: zRunEvaluation },
  /**
   * Writes the run's trained model: a folder (tfjs), a .json file (json) or a .py script (pytorch).
   * Files already there are replaced only with `overwrite: true`; else the reply is an `EXISTS` error.
   */
  "training.export": {
    payload: z.strictObject({ ...run, format: zExportFormat, path: zPath, overwrite: z.boolean().optional() }),
    reply: z.object({ files: z.array(z.string()) }),
  },
  /**
   * The files `training.export` would write for `name` (a folder name for tfjs, a file name
   * otherwise), sent instead of written: what a browser downloads. Paths are relative, `/` between
   * names; contents are base64.
   */
  "training.download": {
    payload: z.strictObject({ ...run, format: zExportFormat, name: zFileName }),
    reply: z.object({ files: z.array(z.object({ path: z.string(), base64: z.string() })) }),
  },
  /** Reads the files a Dataset node names (CSV, IDX) for their shapes, so the editor can compile the graph. */
  "dataset.inspect": {
    payload: z.strictObject({ params: zNodeParams, baseDir }),
    reply: zDatasetInfo,
  },
  /**
   * The column names in a CSV file's header row (read from its start only), for the Dataset node's
   * label and feature column pickers; `path` is the file path resolved as training resolves it.
   */
  "dataset.columns": {
    payload: z.strictObject({ path: zPath, baseDir }),
    reply: z.object({ path: z.string(), columns: z.array(z.string()) }),
  },
} as const;

/** Training events, merged into the contract's event table. */
export const trainingEvents = {
  /** Progress of a run: started, batch, epoch, paused, resumed, then done, stopped or error. */
  "training.event": zTrainingEvent,
} as const;
