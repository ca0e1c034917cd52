import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sizeOf } from "../../../shared/catalog";
import type { CompileSuccess } from "../../../shared/compile";
import type { GraphDocument } from "../../../shared/graph";
import type { PreparedData } from "../../data/prepare";
import { exportPyTorch, planPyTorch } from "../../export/pytorch/script";
import { DRIVER_CODE } from "./driver";

/** The settings the driver reads from run.json. */
export interface DriverRun {
  seed: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Samples in x.f32 and y.f32 (the whole training file; train.i32 and validation.i32 pick from it). */
  samples: number;
  xShape: number[];
  ySize: number;
  /** "indices" when the module's loss takes class indices (the one-hot rows' argmax). */
  targets: "indices" | "floats";
  /** At most one batch message per this many seconds. */
  eventSeconds: number;
  /** Batches the smoothed loss averages over (see smoothing.ts). */
  smoothingBatches: number;
}

const bytes = (a: Float32Array | Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/**
 * Writes a run's folder for the driver: the graph's module as `export --format pytorch` writes
 * it, the driver, the settings, and the samples NetLoom prepared (transformed once, here) as raw
 * little-endian arrays. Returns the folder.
 */
export async function writeRunDir(
  doc: GraphDocument,
  compiled: CompileSuccess,
  data: PreparedData,
  settings: Pick<DriverRun, "seed" | "eventSeconds" | "smoothingBatches">,
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "netloom-pytorch-"));
  try {
    const run: DriverRun = {
      ...settings,
      epochs: compiled.optimizer.epochs,
      batchSize: compiled.dataPlan.batchSize,
      learningRate: compiled.optimizer.learningRate,
      samples: data.all.n,
      xShape: data.xShape,
      ySize: sizeOf(data.yShape),
      targets: planPyTorch(compiled).targets,
    };
    await Promise.all([
      writeFile(join(dir, "model.py"), exportPyTorch(doc, compiled, { source: "NetLoom's pytorch backend" })),
      writeFile(join(dir, "driver.py"), DRIVER_CODE),
      writeFile(join(dir, "run.json"), JSON.stringify(run)),
      writeFile(join(dir, "x.f32"), bytes(data.all.x)),
      writeFile(join(dir, "y.f32"), bytes(data.all.y)),
      writeFile(join(dir, "train.i32"), bytes(data.trainRows)),
      writeFile(join(dir, "validation.i32"), bytes(data.validationRows)),
    ]);
  } catch (err) {
    await removeRunDir(dir);
    throw err;
  }
  return dir;
}

/** The trained weights the driver wrote, as one buffer. */
export async function readWeights(dir: string): Promise<ArrayBuffer> {
  const data = await readFile(join(dir, "weights.bin"));
  return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
}

export async function removeRunDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
