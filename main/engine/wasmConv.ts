import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import type { Tf } from "./tf";

/** What a kernel function receives, typed loosely: tfjs types kernels per backend as `{}`. */
interface Args<I, A> {
  inputs: I;
  backend: { disposeData(dataId: object): unknown };
  attrs: A;
}
type Kernel<I, A> = (args: Args<I, A>) => TensorInfo;
type Pad = "valid" | "same" | number | [[number, number], [number, number], [number, number], [number, number]];
type Shape4 = [number, number, number, number];

/** The wasm kernels the gradients are made of. */
function kernels(tf: Tf) {
  const find = <I, A>(name: string) => tf.getKernel(name, "wasm")?.kernelFunc as unknown as Kernel<I, A> | undefined;
  const all = {
    conv: find<{ x: TensorInfo; filter: TensorInfo }, object>("Conv2D"),
    transpose: find<{ x: TensorInfo }, { perm: number[] }>("Transpose"),
    pad: find<{ x: TensorInfo }, { paddings: [number, number][]; constantValue: number }>("PadV2"),
    slice: find<{ x: TensorInfo }, { begin: number[]; size: number[] }>("Slice"),
    reshape: find<{ x: TensorInfo }, { shape: number[] }>("Reshape"),
    reverse: find<{ x: TensorInfo }, { dims: number[] }>("Reverse"),
  };
  return Object.values(all).every(Boolean) ? (all as { [K in keyof typeof all]: NonNullable<(typeof all)[K]> }) : null;
}

/** Runs `body` with a `keep` that marks intermediate results, disposed when it returns. */
function withTemps(
  backend: Args<unknown, unknown>["backend"],
  body: (keep: (t: TensorInfo) => TensorInfo) => TensorInfo,
) {
  const temps: TensorInfo[] = [];
  try {
    return body((t) => {
      temps.push(t);
      return t;
    });
  } finally {
    for (const t of temps) backend.disposeData(t.dataId);
  }
}

/**
 * Registers convolution gradients on the wasm backend made of its own (XNNPACK) Conv2D, so
 * Conv2D layers train there at the speed of a convolution: `Conv2DBackpropFilter`, which wasm
 * lacks, and `Conv2DBackpropInput`, whose stock kernel is a plain loop ten times slower than the
 * forward pass. Returns false when the kernels they build on are not registered.
 */
export function registerWasmConvGradients(tf: Tf): boolean {
  const k = kernels(tf);
  if (!k) return false;
  const info = (xShape: Shape4, filterShape: Shape4, strides: number | [number, number], pad: Pad, rounding?: string) =>
    tf.backend_util.computeConv2DInfo(xShape, filterShape, strides, 1, pad, rounding as "floor" | undefined);

  /**
   * dW[i, j, c, f] = Σ_{n, p, q} x[n, s·p + i, s·q + j, c] · dy[n, p, q, f]: x with its channels
   * as the batch ([c, h, w, n]) convolved by dy as the kernel ([p, q, n, f]), dilated by the stride.
   */
  const filterGradient = function conv2dBackpropFilterByConv(
    args: Args<
      { x: TensorInfo; dy: TensorInfo },
      {
        strides: number | [number, number];
        pad: Pad;
        dataFormat: string;
        dimRoundingMode?: string;
        filterShape: Shape4;
      }
    >,
  ) {
    const { inputs, backend, attrs } = args;
    if (attrs.dataFormat === "NCHW") throw new Error("the wasm convolution gradients take channels-last images only");
    const [kh, kw, channels, filters] = attrs.filterShape;
    const c = info(inputs.x.shape as Shape4, attrs.filterShape, attrs.strides, attrs.pad, attrs.dimRoundingMode);
    const [, height = 0, width = 0] = inputs.x.shape;
    // Rows and columns the windows reach, padding included.
    const rows = (c.outHeight - 1) * c.strideHeight + kh;
    const cols = (c.outWidth - 1) * c.strideWidth + kw;
    const { top, left } = c.padInfo;
    const paddings: [number, number][] = [
      [0, 0],
      [top, Math.max(0, rows - top - height)],
      [left, Math.max(0, cols - left - width)],
      [0, 0],
    ];
    return withTemps(backend, (keep) => {
      const padded = keep(k.pad({ inputs: { x: inputs.x }, backend, attrs: { paddings, constantValue: 0 } }));
      const images = keep(k.transpose({ inputs: { x: padded }, backend, attrs: { perm: [3, 1, 2, 0] } }));
      const kernel = keep(k.transpose({ inputs: { x: inputs.dy }, backend, attrs: { perm: [1, 2, 0, 3] } }));
      const dilations = [c.strideHeight, c.strideWidth];
      const convAttrs = { strides: [1, 1], pad: "valid", dataFormat: "NHWC", dilations, dimRoundingMode: undefined };
      const full = keep(k.conv({ inputs: { x: images, filter: kernel }, backend, attrs: convAttrs }));
      const size = [channels, kh, kw, filters];
      const cut = keep(k.slice({ inputs: { x: full }, backend, attrs: { begin: [0, 0, 0, 0], size } }));
      return k.transpose({ inputs: { x: cut }, backend, attrs: { perm: [1, 2, 0, 3] } });
    });
  };

  /**
   * dX = the "full" convolution of dy, spread out by the stride, with the kernel turned 180° and
   * its in and out channels swapped: dX[n, h, w, c] = Σ dy'[n, h + i, w + j, f] · W[kh-1-i, kw-1-j, c, f].
   */
  const inputGradient = function conv2dBackpropInputByConv(
    args: Args<
      { dy: TensorInfo; filter: TensorInfo },
      { strides: number | [number, number]; pad: Pad; dataFormat: string; dimRoundingMode?: string; inputShape: Shape4 }
    >,
  ) {
    const { inputs, backend, attrs } = args;
    if (attrs.dataFormat === "NCHW") throw new Error("the wasm convolution gradients take channels-last images only");
    const filterShape = inputs.filter.shape as Shape4;
    const [kh, kw] = filterShape;
    const c = info(attrs.inputShape, filterShape, attrs.strides, attrs.pad, attrs.dimRoundingMode);
    const [n, height, width] = attrs.inputShape;
    const [, p = 0, q = 0, f = 0] = inputs.dy.shape;
    const [sh, sw] = [c.strideHeight, c.strideWidth];
    return withTemps(backend, (keep) => {
      let dy = inputs.dy;
      if (sh > 1 || sw > 1) {
        // Zeros between dy's rows and columns: [n, p, 1, q, 1, f] padded to [n, p, sh, q, sw, f].
        const spaced = keep(k.reshape({ inputs: { x: dy }, backend, attrs: { shape: [n, p, 1, q, 1, f] } }));
        const paddings: [number, number][] = [
          [0, 0],
          [0, 0],
          [0, sh - 1],
          [0, 0],
          [0, sw - 1],
          [0, 0],
        ];
        const filled = keep(k.pad({ inputs: { x: spaced }, backend, attrs: { paddings, constantValue: 0 } }));
        dy = keep(k.reshape({ inputs: { x: filled }, backend, attrs: { shape: [n, p * sh, q * sw, f] } }));
      }
      // Windows of the full convolution: kh - 1 - top rows before, as many after as fill height + kh - 1.
      const top = kh - 1 - c.padInfo.top;
      const left = kw - 1 - c.padInfo.left;
      const [rows, cols] = [height + kh - 1, width + kw - 1];
      const [dyRows = 0, dyCols = 0] = dy.shape.slice(1, 3);
      const paddings: [number, number][] = [
        [0, 0],
        [top, Math.max(0, rows - top - dyRows)],
        [left, Math.max(0, cols - left - dyCols)],
        [0, 0],
      ];
      let padded = keep(k.pad({ inputs: { x: dy }, backend, attrs: { paddings, constantValue: 0 } }));
      if (padded.shape[1] !== rows || padded.shape[2] !== cols) {
        // Only zeros of the spreading lie past the last window; cut them.
        const size = [n, rows, cols, f];
        padded = keep(k.slice({ inputs: { x: padded }, backend, attrs: { begin: [0, 0, 0, 0], size } }));
      }
      const turned = keep(k.reverse({ inputs: { x: inputs.filter }, backend, attrs: { dims: [0, 1] } }));
      const swapped = keep(k.transpose({ inputs: { x: turned }, backend, attrs: { perm: [0, 1, 3, 2] } }));
      const convAttrs = {
        strides: [1, 1],
        pad: "valid",
        dataFormat: "NHWC",
        dilations: [1, 1],
        dimRoundingMode: undefined,
      };
      return k.conv({ inputs: { x: padded, filter: swapped }, backend, attrs: convAttrs });
    });
  };

  install(tf, "Conv2DBackpropFilter", filterGradient as unknown as KernelFunc);
  install(tf, "Conv2DBackpropInput", inputGradient as unknown as KernelFunc);
  return true;
}

function install(tf: Tf, kernelName: string, kernelFunc: KernelFunc): void {
  const current = tf.getKernel(kernelName, "wasm");
  if (current?.kernelFunc === kernelFunc || current?.kernelFunc.name === kernelFunc.name) return;
  if (current) tf.unregisterKernel(kernelName, "wasm");
  const config: KernelConfig = { ...current, kernelName, backendName: "wasm", kernelFunc };
  tf.registerKernel(config);
}
