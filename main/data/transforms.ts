import { type DataStep, sizeOf } from "../../shared/catalog";
import { DataError } from "./errors";

/** Array types a transform reads: raw file values or already-converted floats. */
export type Values = ArrayLike<number> & { length: number };

/** One fitted affine step, `(v - shift) * scale`, with one pair for all values or one per feature. */
interface Affine {
  shift: Float32Array;
  scale: Float32Array;
}

/**
 * The data plan's transforms with their statistics fitted on the training rows, so the same
 * transform applies to validation, test and prediction inputs.
 */
export interface FittedTransform {
  /** Per-sample shape after the transforms. */
  shape: number[];
  /** Transforms `n` samples of raw values into a new Float32Array. */
  apply(raw: Values): Float32Array;
  /**
   * Maps transformed values back to raw units, when every step can be undone (normalize and
   * flatten; not one-hot). Regression predictions go through it, so they read like the labels.
   */
  invert?(values: Values): Float32Array;
}

/**
 * Fits `steps` on `fitRows` of `raw` (n samples of `shape`) and returns the transformed array of
 * all samples with the fitted transform. OneHot steps need class indices, as labels are.
 */
export function fitSteps(
  steps: readonly DataStep[],
  raw: Values,
  shape: readonly number[],
  fitRows: Int32Array,
): { values: Float32Array; transform: FittedTransform } {
  let current: Float32Array = Float32Array.from(raw);
  let size = sizeOf(shape);
  let outShape = [...shape];
  const ops: ((v: Float32Array) => Float32Array)[] = [];
  const inverses: ((v: Float32Array) => Float32Array)[] = [];
  let invertible = true;
  for (const step of steps) {
    if (step.op === "flatten") {
      outShape = [size];
      continue;
    }
    if (step.op === "oneHot") {
      const { classes, nodeId } = step;
      const op = (v: Float32Array) => oneHot(v, classes, nodeId);
      current = op(current);
      ops.push(op);
      invertible = false;
      size = classes;
      outShape = [classes];
      continue;
    }
    const affine = fitNormalize(current, size, fitRows, step.mode, step.per);
    const width = size;
    const op = (v: Float32Array) => applyAffine(v, width, affine);
    current = op(current);
    ops.push(op);
    inverses.unshift((v: Float32Array) => undoAffine(v, width, affine));
  }
  const finalShape = outShape;
  return {
    values: current,
    transform: {
      shape: finalShape,
      apply: (values) => {
        let v: Float32Array = Float32Array.from(values);
        for (const op of ops) v = op(v);
        return v;
      },
      ...(invertible
        ? {
            invert: (values: Values) => {
              let v: Float32Array = Float32Array.from(values);
              for (const undo of inverses) v = undo(v);
              return v;
            },
          }
        : {}),
    },
  };
}

function fitNormalize(
  v: Float32Array,
  size: number,
  rows: Int32Array,
  mode: "scale" | "standardize",
  per: "all" | "feature",
): Affine {
  const width = per === "all" ? 1 : size;
  const a = new Float64Array(width).fill(mode === "scale" ? Number.POSITIVE_INFINITY : 0);
  const b = new Float64Array(width).fill(mode === "scale" ? Number.NEGATIVE_INFINITY : 0);
  for (const r of rows) {
    const base = r * size;
    for (let j = 0; j < size; j++) {
      const x = v[base + j] as number;
      const k = per === "all" ? 0 : j;
      if (mode === "scale") {
        if (x < (a[k] as number)) a[k] = x;
        if (x > (b[k] as number)) b[k] = x;
      } else {
        a[k] = (a[k] as number) + x;
        b[k] = (b[k] as number) + x * x;
      }
    }
  }
  const count = rows.length * (per === "all" ? size : 1);
  const shift = new Float32Array(width);
  const scale = new Float32Array(width);
  for (let k = 0; k < width; k++) {
    if (mode === "scale") {
      const lo = Number.isFinite(a[k] as number) ? (a[k] as number) : 0;
      const range = (b[k] as number) - lo;
      shift[k] = lo;
      // A constant feature maps to 0 instead of dividing by zero.
      scale[k] = range > 0 ? 1 / range : 1;
    } else {
      const mean = count > 0 ? (a[k] as number) / count : 0;
      const std = Math.sqrt(Math.max(0, count > 0 ? (b[k] as number) / count - mean * mean : 0));
      shift[k] = mean;
      scale[k] = std > 1e-12 ? 1 / std : 1;
    }
  }
  return { shift, scale };
}

/** Applies in place: callers pass arrays they own, which keeps MNIST at one copy in memory. */
function applyAffine(v: Float32Array, size: number, { shift, scale }: Affine): Float32Array {
  const out = v;
  if (shift.length === 1) {
    const s = shift[0] as number;
    const k = scale[0] as number;
    for (let i = 0; i < v.length; i++) out[i] = ((v[i] as number) - s) * k;
    return out;
  }
  for (let i = 0; i < v.length; i++) {
    const j = i % size;
    out[i] = ((v[i] as number) - (shift[j] as number)) * (scale[j] as number);
  }
  return out;
}

/** The inverse of {@link applyAffine}, in place: `v / scale + shift`. */
function undoAffine(v: Float32Array, size: number, { shift, scale }: Affine): Float32Array {
  for (let i = 0; i < v.length; i++) {
    const j = shift.length === 1 ? 0 : i % size;
    v[i] = (v[i] as number) / (scale[j] as number) + (shift[j] as number);
  }
  return v;
}

function oneHot(labels: Float32Array, classes: number, nodeId: string): Float32Array {
  const out = new Float32Array(labels.length * classes);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i] as number;
    if (!(Number.isInteger(c) && c >= 0 && c < classes)) {
      throw new DataError(
        `sample ${i + 1} has label ${c}, but One-hot makes ${classes} classes (0 to ${classes - 1}); ` +
          "raise classes or fix the labels",
        nodeId,
      );
    }
    out[i * classes + c] = 1;
  }
  return out;
}
