import { formatShape, sizeOf } from "../../../shared/catalog";
import type { SampleChoice, StepTrace } from "../../../shared/step";
import { evaluationSplit } from "../finish";
import type { Tensor } from "../tf";
import type { TrainedRun } from "../train";

/** The batch a step takes, its shown sample first, and where that sample came from. */
export interface StepBatch {
  xs: Tensor;
  ys: Tensor;
  sample: StepTrace["sample"];
}

/**
 * The batch for a step: `size` consecutive samples of the run's evaluation split from `index`
 * (fewer at its end), or a drawn sample alone, in raw units (pixels 0-255), with its label.
 * Throws an Error that says what is wrong with the choice.
 */
export function stepBatch(run: Pick<TrainedRun, "tf" | "data">, choice: SampleChoice, size: number): StepBatch {
  const { data } = run;
  if ("input" in choice) return drawnBatch(run, choice);
  const split = evaluationSplit(run as TrainedRun);
  const { index } = choice;
  if (!Number.isInteger(index) || index < 0 || index >= split.n) {
    throw new Error(`sample ${index} does not exist: the ${split.on} split has samples 0 to ${split.n - 1}`);
  }
  const end = Math.min(split.n, index + Math.max(1, size));
  const { xs, ys } = split.source(index, end);
  const rawSize = sizeOf(data.rawXShape);
  const row = split.rows ? (split.rows[index] as number) : index;
  return {
    xs,
    ys,
    sample: {
      split: split.on,
      index,
      label: split.truth ? (split.truth[index] as number) : null,
      raw: Array.from(split.raw.x.subarray(row * rawSize, (row + 1) * rawSize)),
      rawShape: [...data.rawXShape],
    },
  };
}

/** A drawn sample (raw units) with its label, as a batch of one. */
function drawnBatch(r: Pick<TrainedRun, "tf" | "data">, c: { input: number[]; label: number }): StepBatch {
  const rawSize = sizeOf(r.data.rawXShape);
  if (c.input.length !== rawSize) {
    throw new Error(
      `the drawn sample has ${c.input.length} values; the model takes ${rawSize} (shape ${formatShape(r.data.rawXShape)})`,
    );
  }
  if (!c.input.every(Number.isFinite) || !Number.isFinite(c.label)) {
    throw new Error("the drawn sample or its label holds a value that is not a finite number");
  }
  if (r.data.classes !== undefined && (!Number.isInteger(c.label) || c.label < 0 || c.label >= r.data.classes)) {
    throw new Error(`label ${c.label} is not a class: the data has classes 0 to ${r.data.classes - 1}`);
  }
  const x = r.data.transformX.apply(c.input);
  const y = r.data.transformY.apply([c.label]);
  return {
    xs: r.tf.tensor(x, [1, ...r.data.xShape]),
    ys: r.tf.tensor(y, [1, ...r.data.yShape]),
    sample: {
      split: "drawn",
      index: null,
      label: r.data.classes !== undefined ? c.label : null,
      raw: [...c.input],
      rawShape: [...r.data.rawXShape],
    },
  };
}
