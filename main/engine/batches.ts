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

/** Arrays a training loop reuses for every batch's values (see {@link batchOf}). */
export interface BatchScratch {
  x: Float32Array;
  y: Float32Array;
}

/** Scratch arrays for batches of up to `rows` samples. */
export function batchScratch(samples: HostSamples, rows: number): BatchScratch {
  return { x: new Float32Array(rows * sizeOf(samples.xShape)), y: new Float32Array(rows * sizeOf(samples.yShape)) };
}

/**
 * The given rows of the samples as one batch, copied in JavaScript and uploaded. Copying a few
 * rows costs microseconds; `tf.gather` from tensors of every sample costs about a millisecond
 * per MNIST batch on the wasm backend (it checks each index in JavaScript, then walks every
 * element with stride arithmetic), and those tensors would hold a second copy of the data.
 * The wasm backend copies a tensor's values into its own memory, so there the rows go through
 * `scratch` (a fresh array per batch costs more than the copy); other backends keep the array
 * they are given, so they get fresh ones.
 */
export function batchOf(tf: Tf, samples: HostSamples, rows: Int32Array, scratch?: BatchScratch): Batch {
  const reuse = scratch && tf.getBackend() === "wasm" ? scratch : undefined;
  const xValues = gatherRows(samples.x, sizeOf(samples.xShape), rows, reuse?.x);
  const yValues = gatherRows(samples.y, sizeOf(samples.yShape), rows, reuse?.y);
  return {
    xs: tf.tensor(xValues, [rows.length, ...samples.xShape]),
    ys: tf.tensor(yValues, [rows.length, ...samples.yShape]),
    yValues,
  };
}

/**
 * Rows of a row-major array of `width`-long rows, copied in the order given into the start of
 * `into` when it is long enough, else into a new array.
 */
export function gatherRows(values: Float32Array, width: number, rows: Int32Array, into?: Float32Array): Float32Array {
  const size = rows.length * width;
  const out = into && into.length >= size ? into.subarray(0, size) : new Float32Array(size);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as number;
    out.set(values.subarray(r * width, (r + 1) * width), i * width);
  }
  return out;
}
