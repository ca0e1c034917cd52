import { sizeOf } from "../../shared/catalog";
import type { Tensor, Tf } from "./tf";

/** Samples as host arrays, row-major, with their per-sample shapes: what batches are cut from. */
export interface HostSamples {
  x: Float32Array;
  y: Float32Array;
  xShape: number[];
  yShape: number[];
}

/** One batch: its features and targets as tensors the caller disposes, and the targets' values. */
export interface Batch {
  xs: Tensor;
  ys: Tensor;
  yValues: Float32Array;
}

/**
 * The given rows of the samples as one batch, copied in JavaScript and uploaded. Copying a few
 * rows costs microseconds; `tf.gather` from tensors of every sample costs about a millisecond
 * per MNIST batch on the wasm backend (it checks each index in JavaScript, then walks every
 * element with stride arithmetic), and those tensors would hold a second copy of the data.
 */
export function batchOf(tf: Tf, samples: HostSamples, rows: Int32Array): Batch {
  const xValues = gatherRows(samples.x, sizeOf(samples.xShape), rows);
  const yValues = gatherRows(samples.y, sizeOf(samples.yShape), rows);
  return {
    xs: tf.tensor(xValues, [rows.length, ...samples.xShape]),
    ys: tf.tensor(yValues, [rows.length, ...samples.yShape]),
    yValues,
  };
}

/** Rows of a row-major array of `width`-long rows, copied into a new array in the order given. */
export function gatherRows(values: Float32Array, width: number, rows: Int32Array): Float32Array {
  const out = new Float32Array(rows.length * width);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as number;
    out.set(values.subarray(r * width, (r + 1) * width), i * width);
  }
  return out;
}
