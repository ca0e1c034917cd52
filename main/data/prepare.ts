import { CLASS_NAMES } from "../../shared/catalog";
import type { DataPlan } from "../../shared/compile";
import { loadRaw, type RawDataset, type RawSplit } from "./load";
import { splitIndices } from "./random";
import { type FittedTransform, fitSteps } from "./transforms";

/** One split ready for batching: transformed features and targets, plus class indices. */
export interface PreparedSplit {
  /** `n * size(xShape)` transformed features. */
  x: Float32Array;
  /** `n * size(yShape)` transformed targets. */
  y: Float32Array;
  n: number;
  /** Class index per sample when the labels are classes, else null. */
  classIndex: Int32Array | null;
  /** The raw features, for showing samples and re-running them through {@link PreparedData.transformX}. */
  raw: RawSplit;
}

/** A data plan's data, loaded once, split with the seed and transformed with training statistics. */
export interface PreparedData {
  /** Per-sample shapes after the transforms, as the model sees them. */
  xShape: number[];
  yShape: number[];
  /** Per-sample shape of the raw features (e.g. `[28, 28]`). */
  rawXShape: number[];
  /** Every sample of the training file; `trainRows` and `validationRows` index into it. */
  all: PreparedSplit;
  trainRows: Int32Array;
  validationRows: Int32Array;
  test: PreparedSplit | null;
  classes?: number;
  classNames?: string[];
  /** The fitted feature transform: raw features -> model input (for prediction). */
  transformX: FittedTransform;
  /** The fitted target transform: raw labels -> model targets (inverted for regression outputs). */
  transformY: FittedTransform;
}

/** Loads, splits and transforms the data of a compiled plan. */
export function prepareData(plan: DataPlan, seed: number): PreparedData {
  const raw = loadRaw(plan.dataset);
  const { train, validation } = splitIndices(raw.train.n, plan.dataset.validationSplit, seed);
  // A channel axis changes the shape, not the values: [28, 28] and [28, 28, 1] lie alike in memory.
  const xShape = plan.dataset.channelAxis ? [...raw.xShape, 1] : raw.xShape;
  const fx = fitSteps(plan.x, raw.train.x, xShape, train);
  const fy = fitSteps(plan.y, raw.train.y, raw.yShape, train);
  const classIndex = (split: RawSplit) => (raw.classes ? Int32Array.from(split.y) : null);
  const all: PreparedSplit = {
    x: fx.values,
    y: fy.values,
    n: raw.train.n,
    classIndex: classIndex(raw.train),
    raw: raw.train,
  };
  const test = raw.test
    ? {
        x: fx.transform.apply(raw.test.x),
        y: fy.transform.apply(raw.test.y),
        n: raw.test.n,
        classIndex: classIndex(raw.test),
        raw: raw.test,
      }
    : null;
  return {
    xShape: fx.transform.shape,
    yShape: fy.transform.shape,
    rawXShape: raw.xShape,
    all,
    trainRows: train,
    validationRows: validation,
    test,
    ...classInfo(raw, CLASS_NAMES[plan.dataset.source]),
    transformX: fx.transform,
    transformY: fy.transform,
  };
}

function classInfo(raw: RawDataset, builtin?: readonly string[]): { classes?: number; classNames?: string[] } {
  const names = raw.classNames ?? (builtin ? [...builtin] : undefined);
  return {
    ...(raw.classes ? { classes: raw.classes } : {}),
    ...(names ? { classNames: names } : {}),
  };
}

/**
 * What a kept run needs after training: everything but the transformed training samples when
 * there is a test split (MNIST's are 188 MB), since test examples then come from the test split.
 */
export function keepForPrediction(data: PreparedData): PreparedData {
  if (!data.test) return data;
  return { ...data, all: { ...data.all, x: new Float32Array(0), y: new Float32Array(0) } };
}
