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
type Transpose = (args: {
  inputs: { x: TensorInfo };
  backend: KernelArgs["backend"];
  attrs: { perm: number[] };
}) => TensorInfo;

/**
 * Replaces the wasm backend's BatchMatMul with one that gives XNNPACK only what it is fast at.
 * XNNPACK runs a product only for untransposed operands (tfjs falls back to a naive loop
 * otherwise), and it first packs the right-hand operand `b` into its own layout, which costs about
 * as much as a 64-row product with a 784x300 `b`; tfjs caches that packing per `b` tensor, so it
 * pays off only when `b` comes again, as constant weights do in inference but never in training,
 * where each step makes new weights. So this kernel:
 * - materializes transposed operands first: training runs `x^T·dy` (weight gradient) and
 *   `dy·W^T` (input gradient) for every Dense layer, 4-10x faster this way;
 * - computes `a·b` as `(b^T·a^T)^T` when `b` comes for the first time and packing `a^T` instead
 *   is cheaper (a few rows times new weights, as every training step's forward product is): the
 *   sums are the same sums in the same order, so the result is bit for bit the same.
 *
 * `on: false` restores the stock kernel (benchmarks compare both). Returns false when the wasm
 * kernels are not registered.
 */
export function setXnnpackMatMul(tf: Tf, on = true): boolean {
  const current = tf.getKernel("BatchMatMul", "wasm");
  const transpose = tf.getKernel("Transpose", "wasm");
  if (!current || !transpose) return false;
  if (!on) {
    if (stock) replaceKernel(tf, stock);
    stock = undefined;
    return true;
  }
  if (stock) return true;
  stock = current;
  const kernelFunc = xnnpackBatchMatMul(
    current.kernelFunc as unknown as (args: KernelArgs) => TensorInfo,
    transpose.kernelFunc as unknown as Transpose,
  );
  replaceKernel(tf, { ...current, kernelFunc: kernelFunc as unknown as KernelFunc });
  return true;
}

function xnnpackBatchMatMul(matMul: (args: KernelArgs) => TensorInfo, flip: Transpose) {
  // Right-hand operands seen before, by their data: one that comes again (constant weights in
  // inference) is worth packing once, as tfjs then caches it.
  const seen = new WeakSet<object>();
  return function xnnpackBatchMatMul(args: KernelArgs): TensorInfo {
    const { inputs, backend, attrs } = args;
    const temps: TensorInfo[] = [];
    const swapLast = (x: TensorInfo) => {
      const rank = x.shape.length;
      const out = flip({ inputs: { x }, backend, attrs: { perm: [...Array(rank - 2).keys(), rank - 1, rank - 2] } });
      temps.push(out);
      return out;
    };
    try {
      const a = attrs.transposeA ? swapLast(inputs.a) : inputs.a;
      const b = attrs.transposeB ? swapLast(inputs.b) : inputs.b;
      const plain = { ...attrs, transposeA: false, transposeB: false };
      const again = seen.has(b.dataId);
      seen.add(b.dataId);
      if (again || !cheaperSwapped(a.shape, b.shape)) return matMul({ inputs: { a, b }, backend, attrs: plain });
      const product = matMul({ inputs: { a: swapLast(b), b: swapLast(a) }, backend, attrs: plain });
      temps.push(product);
      return flip({ inputs: { x: product }, backend, attrs: { perm: [1, 0] } });
    } finally {
      for (const t of temps) backend.disposeData(t.dataId);
    }
  };
}

/**
 * Whether `(b^T·a^T)^T` costs less than `a·b` with `b` packed anew, for rank-2 operands: packing
 * costs about 3 ns per element of the packed operand here, a transpose about 0.5 ns per element
 * (measured with the MNIST preset's shapes; `npm run bench` compares the kernels).
 */
function cheaperSwapped(aShape: number[], bShape: number[]): boolean {
  if (aShape.length !== 2 || bShape.length !== 2) return false;
  const [m = 0, k = 0] = aShape;
  const n = bShape[1] ?? 0;
  return 3 * k * n > 3 * k * m + 0.5 * (k * n + k * m + m * n);
}

function replaceKernel(tf: Tf, config: KernelConfig): void {
  tf.unregisterKernel(config.kernelName, config.backendName);
  tf.registerKernel(config);
}
