import { z } from "zod";
import { quoteFromFile } from "../quote";
import { formatShape } from "./shapes";
import { type Finding, type Shape, ShapeError } from "./types";

/** How a window meets the image's edges: `valid` stays inside, `same` zero-pads to keep ceil(n / stride). */
export const PADDINGS = ["valid", "same"] as const;
export type Padding = (typeof PADDINGS)[number];

/** The padding param of convolution and pooling kinds. */
export const zPadding = z
  .enum(PADDINGS)
  .default("valid")
  .describe("valid: windows stay inside the image; same: pad the edges so the output is ceil(size / stride)");

/** An image shape `[height, width, channels]`, or a ShapeError saying how to get one. */
export function requireImage(shape: Shape, what: string): [number, number, number] {
  if (shape.length === 3) return shape as [number, number, number];
  const hint =
    shape.length === 2
      ? "turn on the Dataset's channel axis ([28, 28] -> [28, 28, 1]) or add a Reshape"
      : "add a Reshape to [height, width, channels] before it";
  throw new ShapeError(
    "NOT_IMAGE",
    `${what} takes images [height, width, channels] but receives ${formatShape(shape)}; ${hint}`,
  );
}

/** Padding before and after along one axis, as TF computes `same`: the extra pixel goes after. */
export function samePadding(size: number, kernel: number, stride: number): [number, number] {
  const total = Math.max((Math.ceil(size / stride) - 1) * stride + kernel - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/**
 * The output height and width of a `kernel` x `kernel` window moved by `stride` over an image:
 * floor((n - k) / s) + 1 with `valid`, ceil(n / s) with `same`. Throws when the window does not fit.
 */
export function slide(what: string, image: Shape, kernel: number, stride: number, padding: Padding): [number, number] {
  const [height = 0, width = 0] = image;
  if (padding === "valid" && (kernel > height || kernel > width)) {
    throw new ShapeError(
      "SHAPE_MISMATCH",
      `the ${kernel}x${kernel} ${what} is larger than the ${height}x${width} input; use a smaller one, or padding same`,
    );
  }
  const out = (n: number) => (padding === "same" ? Math.ceil(n / stride) : Math.floor((n - kernel) / stride) + 1);
  return [out(height), out(width)];
}

/** A warning when windows skip pixels: a stride larger than the window never looks at some of them. */
export function strideFindings(what: string, kernel: number, stride: number): Finding[] {
  if (stride <= kernel) return [];
  return [
    {
      severity: "warning",
      code: "NO_OP",
      message: `stride ${stride} is larger than the ${kernel}x${kernel} ${what}, so ${stride - kernel} of every ${stride} rows and columns are never seen`,
    },
  ];
}

/**
 * `F.pad` arguments for `same` padding of an NCHW image: (left, right, top, bottom); null when
 * nothing is padded.
 */
export function torchPads(image: Shape, kernel: number, stride: number, padding: Padding): number[] | null {
  if (padding === "valid") return null;
  const [top, bottom] = samePadding(image[0] ?? 0, kernel, stride);
  const [left, right] = samePadding(image[1] ?? 0, kernel, stride);
  return top + bottom + left + right === 0 ? null : [left, right, top, bottom];
}

/** A square window size from a Keras config value (`3`, `[3, 3]`); a message when it is not square. */
export function squareFrom(value: unknown, what: string): number | string {
  const sizes = Array.isArray(value) ? value : [value, value];
  if (sizes.length !== 2 || sizes[0] !== sizes[1]) {
    return `has a ${sizes.map(String).join("x")} ${what}; NetLoom's are square`;
  }
  return Number(sizes[0]);
}

/** Why a Keras image layer's config cannot be imported (channels first, dilation...), or null. */
export function imageConfigProblem(config: Record<string, unknown>): string | null {
  if (config.data_format !== undefined && config.data_format !== "channels_last" && config.data_format !== null) {
    return "takes channels first; NetLoom's images are channels last ([height, width, channels])";
  }
  const dilation = config.dilation_rate;
  if (dilation !== undefined && [dilation].flat().some((d) => d !== 1))
    return "is dilated, which NetLoom does not have";
  if (config.groups !== undefined && config.groups !== 1)
    return "is a grouped convolution, which NetLoom does not have";
  if (config.padding !== undefined && config.padding !== "valid" && config.padding !== "same") {
    return `pads ${quoteFromFile(String(config.padding))}; NetLoom pads valid or same`;
  }
  return null;
}
