import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { buildModel } from "../../main/engine/model";
import { bundleFromModel, writeTfjsModel } from "../../main/export/tfjsModel";
import type { CompileSuccess } from "../../shared/compile";

/** A small seeded generator (mulberry32), so test weights and inputs are the same every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` samples of `shape`, uniform in [-1, 1]. */
export function randomInputs(n: number, shape: readonly number[], seed: number): tf.Tensor {
  const random = seeded(seed);
  const size = n * shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Float32Array.from({ length: size }, () => random() * 2 - 1),
    [n, ...shape],
  );
}

/**
 * The compiled model in tfjs with seeded weights: kernels Glorot-uniform, biases non-zero (so a
 * forgotten bias or transpose shows), as NetLoom's engine builds it.
 */
export async function referenceModel(compiled: CompileSuccess, seed: number): Promise<tf.LayersModel> {
  const model = await buildModel(tf, compiled.model, seed);
  const random = seeded(seed + 1);
  const weights = model.weights.map((variable) => {
    const w = variable.read();
    // Glorot's limit for kernels ([inputs, units] or [h, w, in, out]); small values for the rest.
    const receptive = w.shape.slice(0, -2).reduce((a, b) => a * b, 1);
    const [fanIn = 1, fanOut = 1] = w.shape.length >= 2 ? w.shape.slice(-2).map((n) => n * receptive) : [1, 1];
    const limit = w.shape.length >= 2 ? Math.sqrt(6 / (fanIn + fanOut)) : 0.2;
    // A variance must be positive; 0.5 to 1.5 keeps the normalization visible.
    const value = variable.originalName.endsWith("moving_variance")
      ? () => 0.5 + random()
      : () => (random() * 2 - 1) * limit;
    return tf.tensor(Float32Array.from({ length: w.size }, value), w.shape);
  });
  model.setWeights(weights);
  return model;
}

/** Saves a tfjs model as NetLoom's TF.js export does: `dir/model.json` + `dir/weights.bin`. */
export async function saveModel(model: tf.LayersModel, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  return writeTfjsModel(dir, await bundleFromModel(tf, model));
}

/** Class indices -> one-hot rows. */
export function oneHot(labels: readonly number[], classes: number): tf.Tensor2D {
  return tf.oneHot(tf.tensor1d(labels as number[], "int32"), classes).toFloat() as tf.Tensor2D;
}

export const modelJsonIn = (dir: string) => join(dir, "model.json");
