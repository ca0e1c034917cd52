import { sizeOf } from "../../shared/catalog";
import type { RunEvaluation, TrainingEvent } from "../../shared/run";
import type { RawSplit } from "../data/load";
import { batchOf } from "./batches";
import { type BatchSource, confusionMatrix, evaluate } from "./evaluate";
import { lossFunction } from "./metrics";
import type { TrainedRun } from "./train";

export type { RunEvaluation } from "../../shared/run";

/** The samples a finished run is judged on, with where they came from. */
export interface EvaluationSplit {
  on: "test" | "validation" | "training";
  n: number;
  source: BatchSource;
  /** True class per sample, when labels are classes. */
  truth: Int32Array | null;
  /** Raw features of sample `i` are row `rows ? rows[i] : i` of `raw`. */
  raw: RawSplit;
  rows: Int32Array | null;
}

/**
 * The split a finished run is judged on: the test split, else the validation split, else the
 * training samples.
 */
export function evaluationSplit(run: TrainedRun): EvaluationSplit {
  const { tf, data } = run;
  const test = data.test;
  if (test) {
    const xSize = sizeOf(data.xShape);
    const ySize = sizeOf(data.yShape);
    const source: BatchSource = (start, end) => ({
      xs: tf.tensor(test.x.subarray(start * xSize, end * xSize), [end - start, ...data.xShape]),
      ys: tf.tensor(test.y.subarray(start * ySize, end * ySize), [end - start, ...data.yShape]),
    });
    return { on: "test", n: test.n, source, truth: test.classIndex, raw: test.raw, rows: null };
  }
  const on = data.validationRows.length > 0 ? "validation" : "training";
  const rows = on === "validation" ? data.validationRows : data.trainRows;
  const samples = { x: data.all.x, y: data.all.y, xShape: data.xShape, yShape: data.yShape };
  const source: BatchSource = (start, end) => batchOf(tf, samples, rows.subarray(start, end));
  const classIndex = data.all.classIndex;
  const truth = classIndex ? Int32Array.from(rows, (r) => classIndex[r] as number) : null;
  return { on, n: rows.length, source, truth, raw: data.all.raw, rows };
}

/** Classes of the confusion matrix: one per output for argmax, 2 for a single thresholded output. */
export function matrixClasses(run: TrainedRun): number {
  const outputs = sizeOf(run.data.yShape);
  if (run.metric === "argmax") return outputs;
  return run.metric === "threshold" && outputs === 1 ? 2 : 0;
}

/** Evaluates a run's model, finished or stopped, on its evaluation split. */
export function evaluateRun(run: TrainedRun): RunEvaluation {
  const split = evaluationSplit(run);
  const loss = lossFunction(run.tf, run.compiled.loss.name);
  const ev = evaluate(run.tf, run.model, loss, run.metric, split.n, split.source, { predicted: true });
  const classes = matrixClasses(run);
  const matrix =
    classes > 0 && split.truth && ev.predicted ? confusionMatrix(classes, split.truth, ev.predicted) : null;
  return { testLoss: ev.loss, testAccuracy: ev.accuracy, confusionMatrix: matrix, evaluatedOn: split.on };
}

/** Evaluates a finished run on its evaluation split and emits `done` with the confusion matrix. */
export function finish(run: TrainedRun, emit: (e: TrainingEvent) => void, seconds: number): void {
  emit({ type: "done", runId: run.runId, ...evaluateRun(run), seconds });
}
