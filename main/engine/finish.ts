import { sizeOf } from "../../shared/catalog";
import type { RunEvaluation, TrainingEvent } from "../../shared/run";
import type { RawSplit } from "../data/load";
import { type BatchSource, confusionMatrix, evaluate } from "./evaluate";
import { lossFunction } from "./metrics";
import type { Tensor } from "./tf";
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
  /** Frees tensors the split uploaded itself. */
  release(): void;
}

/**
 * The split a finished run is judged on: the test split, else the validation split, else the
 * training samples. `device` reuses the training tensors while they are still uploaded.
 */
export function evaluationSplit(run: TrainedRun, device?: { x: Tensor; y: Tensor }): EvaluationSplit {
  const { tf, data } = run;
  const test = data.test;
  if (test) {
    const xSize = sizeOf(data.xShape);
    const ySize = sizeOf(data.yShape);
    const source: BatchSource = (start, end) => ({
      xs: tf.tensor(test.x.subarray(start * xSize, end * xSize), [end - start, ...data.xShape]),
      ys: tf.tensor(test.y.subarray(start * ySize, end * ySize), [end - start, ...data.yShape]),
    });
    return { on: "test", n: test.n, source, truth: test.classIndex, raw: test.raw, rows: null, release: () => {} };
  }
  const on = data.validationRows.length > 0 ? "validation" : "training";
  const rows = on === "validation" ? data.validationRows : data.trainRows;
  const x = device?.x ?? tf.tensor(data.all.x, [data.all.n, ...data.xShape]);
  const y = device?.y ?? tf.tensor(data.all.y, [data.all.n, ...data.yShape]);
  const source: BatchSource = (start, end) =>
    tf.tidy(() => {
      const index = tf.tensor1d(rows.subarray(start, end), "int32");
      return { xs: tf.gather(x, index), ys: tf.gather(y, index) };
    });
  const classIndex = data.all.classIndex;
  const truth = classIndex ? Int32Array.from(rows, (r) => classIndex[r] as number) : null;
  const release = () => {
    if (!device) tf.dispose([x, y]);
  };
  return { on, n: rows.length, source, truth, raw: data.all.raw, rows, release };
}

/** Classes of the confusion matrix: one per output for argmax, 2 for a single thresholded output. */
export function matrixClasses(run: TrainedRun): number {
  const outputs = sizeOf(run.data.yShape);
  if (run.metric === "argmax") return outputs;
  return run.metric === "threshold" && outputs === 1 ? 2 : 0;
}

/** Evaluates a run's model, finished or stopped, on its evaluation split. */
export function evaluateRun(run: TrainedRun, device?: { x: Tensor; y: Tensor }): RunEvaluation {
  const split = evaluationSplit(run, device);
  const loss = lossFunction(run.tf, run.compiled.loss.name);
  let ev: ReturnType<typeof evaluate>;
  try {
    ev = evaluate(run.tf, run.model, loss, run.metric, split.n, split.source, { predicted: true });
  } finally {
    split.release();
  }
  const classes = matrixClasses(run);
  const matrix =
    classes > 0 && split.truth && ev.predicted ? confusionMatrix(classes, split.truth, ev.predicted) : null;
  return { testLoss: ev.loss, testAccuracy: ev.accuracy, confusionMatrix: matrix, evaluatedOn: split.on };
}

/** Evaluates a finished run on its evaluation split and emits `done` with the confusion matrix. */
export function finish(
  run: TrainedRun,
  device: { x: Tensor; y: Tensor },
  emit: (e: TrainingEvent) => void,
  seconds: number,
): void {
  emit({ type: "done", runId: run.runId, ...evaluateRun(run, device), seconds });
}
