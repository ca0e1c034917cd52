import { formatShape, sizeOf } from "../../shared/catalog";
import type { TestExample } from "../../shared/trainingApi";
import { evaluate } from "./evaluate";
import { evaluationSplit } from "./finish";
import { lossFunction } from "./metrics";
import type { Tensor } from "./tf";
import type { TrainedRun } from "./train";

/**
 * Runs a trained model on raw samples, in the units of the dataset (MNIST pixels 0-255): the
 * graph's own transforms (normalize with training statistics, flatten) are applied first.
 * Takes one sample or a batch; returns one row per sample: class probabilities for a
 * classifier (`[1 - p, p]` for a single sigmoid output), the outputs for regression.
 */
export function predict(run: TrainedRun, inputs: number[] | number[][]): number[][] {
  const rows = (inputs.length > 0 && Array.isArray(inputs[0]) ? inputs : [inputs]) as number[][];
  const size = sizeOf(run.data.rawXShape);
  rows.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== size) {
      throw new Error(
        `input ${i + 1} has ${Array.isArray(row) ? row.length : 0} values; each sample needs ${size} (shape ${formatShape(run.data.rawXShape)})`,
      );
    }
    if (!row.every((v) => typeof v === "number" && Number.isFinite(v))) {
      throw new Error(`input ${i + 1} holds a value that is not a finite number`);
    }
  });
  if (rows.length === 0) return [];
  const { tf, model, data } = run;
  const x = data.transformX.apply(rows.flat());
  const out = tf.tidy(() => model.apply(tf.tensor(x, [rows.length, ...data.xShape]), { training: false }) as Tensor);
  const values = out.arraySync() as number[][];
  out.dispose();
  return values.map((row) => asProbabilities(run, row));
}

/**
 * Class probabilities for a classifier (`[1 - p, p]` for one sigmoid output); for regression, the
 * outputs in the labels' own units (the targets' Normalize undone).
 */
function asProbabilities(run: TrainedRun, row: number[]): number[] {
  if (run.metric === "threshold" && row.length === 1) return [1 - (row[0] as number), row[0] as number];
  const invert = run.metric === null ? run.data.transformY.invert : undefined;
  return invert ? Array.from(invert(row)) : row;
}

/**
 * Up to `count` samples of the evaluation split with the model's predictions, misclassified
 * ones first (in split order), then correct ones. Regression runs report the value itself as
 * label and prediction.
 */
export function testExamples(run: TrainedRun, count: number): TestExample[] {
  const split = evaluationSplit(run);
  const loss = lossFunction(run.tf, run.compiled.loss.name);
  const ev = evaluate(run.tf, run.model, loss, run.metric, split.n, split.source, { predicted: true, outputs: true });
  const outputs = ev.outputs ?? new Float32Array(0);
  const width = split.n > 0 ? outputs.length / split.n : 0;
  const rawSize = sizeOf(run.data.rawXShape);
  const ySize = sizeOf(run.data.yShape);
  const wrong: number[] = [];
  const right: number[] = [];
  for (let i = 0; i < split.n; i++) {
    const ok = split.truth && ev.predicted ? split.truth[i] === ev.predicted[i] : true;
    (ok ? right : wrong).push(i);
  }
  return [...wrong, ...right].slice(0, Math.max(0, count)).map((i) => {
    const row = split.rows ? (split.rows[i] as number) : i;
    const out = Array.from(outputs.subarray(i * width, (i + 1) * width));
    const shown = asProbabilities(run, out);
    return {
      index: i,
      input: Array.from(split.raw.x.subarray(row * rawSize, (row + 1) * rawSize)),
      label: split.truth ? (split.truth[i] as number) : (split.raw.y[row * ySize] as number),
      predicted: ev.predicted ? (ev.predicted[i] as number) : (shown[0] ?? 0),
      probabilities: shown,
    };
  });
}

/** The model's topology and weights, as TF.js saves them (one concatenated buffer). */
export async function modelWeights(run: TrainedRun): Promise<{
  modelTopology: unknown;
  weightSpecs: { name: string; shape: number[]; dtype: string }[];
  weightData: ArrayBuffer;
}> {
  const { tf } = run;
  let result: Awaited<ReturnType<typeof modelWeights>> | undefined;
  await run.model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const data = artifacts.weightData ?? new ArrayBuffer(0);
      result = {
        // The compiled JSON: what tfjs writes for this model, without the run's initializer seeds.
        modelTopology: run.compiled.model,
        weightSpecs: (artifacts.weightSpecs ?? []).map((s) => ({ name: s.name, shape: s.shape, dtype: s.dtype })),
        weightData: Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data,
      };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }),
  );
  if (!result) throw new Error("the model did not save its weights");
  return result;
}
