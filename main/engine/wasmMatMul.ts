import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import type { Tf } from "./tf";

/** The wasm backend's own kernel, kept while the replacement is installed. */
let stock: KernelConfig | undefined;

/** The kernel-function arguments, typed loosely: tfjs types kernels per backend as `{}`. */
interface KernelArgs {
  inputs: { a: TensorInfo; b: TensorInfo };
  backend: { disposeData(dataId: object): unknown };
  attrs: { transposeA: boolean; transposeB: boolean } & Record<string, unknown>;
}

/**
 * Replaces the wasm backend's BatchMatMul with one that materializes transposed operands
 * first. XNNPACK's wasm kernel is fast only for untransposed inputs, and training runs
 * `x^T·dy` (weight gradient) and `dy·W^T` (input gradient) for every Dense layer; transposing
 * first made those products 4-6x faster here (see `npm run bench`).
 *
 * `on: false` restores the stock kernel (benchmarks compare both). Returns false when the wasm
 * kernels are not registered.
 */
export function setTransposeFirstMatMul(tf: Tf, on = true): boolean {
  const current = tf.getKernel("BatchMatMul", "wasm");
  const transpose = tf.getKernel("Transpose", "wasm");
  if (!current || !transpose) return false;
  if (!on) {
    if (stock) replaceKernel(tf, stock);
    stock = undefined;
    return true;
  }
  if (stock) return true;
  const original = current;
  stock = original;
  const matMul = original.kernelFunc as unknown as (args: KernelArgs) => TensorInfo;
  const flip = transpose.kernelFunc as unknown as (args: {
    inputs: { x: TensorInfo };
    backend: KernelArgs["backend"];
    attrs: { perm: number[] };
  }) => TensorInfo;
  const kernelFunc = function transposeFirstBatchMatMul(args: KernelArgs): TensorInfo {
    const { inputs, backend, attrs } = args;
    if (!attrs.transposeA && !attrs.transposeB) return matMul(args);
    const temps: TensorInfo[] = [];
    const swapLast = (x: TensorInfo) => {
      const rank = x.shape.length;
      const perm = [...Array(rank - 2).keys(), rank - 1, rank - 2];
      const out = flip({ inputs: { x }, backend, attrs: { perm } });
      temps.push(out);
      return out;
    };
    const a = attrs.transposeA ? swapLast(inputs.a) : inputs.a;
    const b = attrs.transposeB ? swapLast(inputs.b) : inputs.b;
    try {
      return matMul({ inputs: { a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
    } finally {
      for (const t of temps) backend.disposeData(t.dataId);
    }
  };
  replaceKernel(tf, { ...original, kernelFunc: kernelFunc as unknown as KernelFunc });
  return true;
}

function replaceKernel(tf: Tf, config: KernelConfig): void {
  tf.unregisterKernel(config.kernelName, config.backendName);
  tf.registerKernel(config);
}
