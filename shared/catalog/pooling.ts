import { z } from "zod";
import { pyInt } from "../python";
import { avgPoolStep, globalAvgPoolStep, maxPoolStep } from "./imageSteps";
import { imageConfigProblem, requireImage, slide, squareFrom, strideFindings, torchPads, zPadding } from "./images";
import { tensorIn, tensorOut } from "./ports";
import type { ImportRule } from "./rules";
import { requireInput } from "./shapes";
import { type Category, defineKind } from "./types";

const poolParams = z.strictObject({
  poolSize: z.int().min(1).max(64).default(2).describe("Side of the square window (pool_size)"),
  stride: z.int().min(1).max(64).default(2).describe("Step between windows (strides)"),
  padding: zPadding,
});
type PoolParams = z.infer<typeof poolParams>;

const pooling = {
  category: "Layers" as Category,
  inputs: [tensorIn],
  outputs: [tensorOut],
  params: poolParams,
  inline: ["poolSize", "stride"] as const,
  check: (ctx: { params: PoolParams }) => strideFindings("window", ctx.params.poolSize, ctx.params.stride),
};

/** The shape rule of a pooling kind: [h, w, c] -> [h', w', c]. */
function poolShape(label: string) {
  return ({
    params: p,
    inputs,
  }: {
    params: PoolParams;
    inputs: Readonly<Record<string, readonly number[] | undefined>>;
  }) => {
    const [height, width, channels] = requireImage(requireInput(inputs, "x"), label);
    return { x: [...slide("window", [height, width], p.poolSize, p.stride, p.padding), channels] };
  };
}

/** The Keras config of a pooling layer. */
function poolConfig(p: PoolParams): Record<string, unknown> {
  return {
    pool_size: [p.poolSize, p.poolSize],
    padding: p.padding,
    strides: [p.stride, p.stride],
    data_format: "channels_last",
  };
}

/** Reads a Keras pooling layer: square windows, channels last, strides defaulting to the pool size. */
function poolImport(className: string): ImportRule<PoolParams> {
  return {
    classNames: [className],
    read(layers, at) {
      const c = layers[at]?.config ?? {};
      const problem = imageConfigProblem(c);
      const poolSize = squareFrom(c.pool_size ?? 2, "window");
      const stride = squareFrom(c.strides ?? c.pool_size ?? 2, "stride");
      if (problem) return { error: problem };
      if (typeof poolSize === "string") return { error: poolSize };
      if (typeof stride === "string") return { error: stride };
      return { params: { poolSize, stride, padding: c.padding ?? "valid" } };
    },
  };
}

const summary = (label: string) => (p: PoolParams) =>
  `${label}(${p.poolSize}x${p.poolSize}${p.stride === p.poolSize ? "" : `, stride ${p.stride}`}${p.padding === "same" ? ", same" : ""})`;

export const MaxPool2D = defineKind({
  ...pooling,
  kind: "MaxPool2D",
  label: "MaxPool2D",
  help: "Keeps the largest value of each pool x pool window, per channel: [h, w, c] -> [h', w', c] with h' = ⌊(h - pool) / stride⌋ + 1 for padding valid and ⌈h / stride⌉ for same, w' alike; no weights (Keras MaxPooling2D, PyTorch nn.MaxPool2d).",
  inferShape: poolShape("MaxPool2D"),
  summary: summary("MaxPool2D"),
  compile: {
    layer: {
      layers: (p) => [{ className: "MaxPooling2D", config: poolConfig(p) }],
      torch: {
        layout: "channelsFirst",
        code({ params: p, inputShape }) {
          const pads = torchPads(inputShape, p.poolSize, p.stride, p.padding);
          return {
            forward: [
              // Padded with -inf, as TF pads for max pooling: a pad never wins a window.
              ...(pads ? [`x = F.pad(x, (${pads.map(pyInt).join(", ")}), value=float("-inf"))`] : []),
              `x = F.max_pool2d(x, ${pyInt(p.poolSize)}, ${pyInt(p.stride)})`,
            ],
          };
        },
      },
      import: poolImport("MaxPooling2D"),
      step: maxPoolStep,
    },
  },
});

export const AvgPool2D = defineKind({
  ...pooling,
  kind: "AvgPool2D",
  label: "AvgPool2D",
  help: "Averages each pool x pool window, per channel: [h, w, c] -> [h', w', c] with h' = ⌊(h - pool) / stride⌋ + 1 for padding valid and ⌈h / stride⌉ for same, where padded pixels do not count, w' alike; no weights (Keras AveragePooling2D, PyTorch nn.AvgPool2d).",
  inferShape: poolShape("AvgPool2D"),
  summary: summary("AvgPool2D"),
  compile: {
    layer: {
      layers: (p) => [{ className: "AveragePooling2D", config: poolConfig(p) }],
      torch: {
        layout: "channelsFirst",
        code({ params: p, inputShape }) {
          const pads = torchPads(inputShape, p.poolSize, p.stride, p.padding);
          const window = `${pyInt(p.poolSize)}, ${pyInt(p.stride)}`;
          if (!pads) return { forward: [`x = F.avg_pool2d(x, ${window})`] };
          const pad = `(${pads.map(pyInt).join(", ")})`;
          return {
            forward: [
              "# Same padding averages over the image's own pixels only, as TF does: the sum of each",
              "# zero-padded window divided by how many of its pixels lie inside the image.",
              `inside = F.avg_pool2d(F.pad(torch.ones_like(x[:1, :1]), ${pad}), ${window})`,
              `x = F.avg_pool2d(F.pad(x, ${pad}), ${window}) / inside`,
            ],
          };
        },
      },
      import: poolImport("AveragePooling2D"),
      step: avgPoolStep,
    },
  },
});

export const GlobalAvgPool2D = defineKind({
  kind: "GlobalAvgPool2D",
  label: "GlobalAvgPool2D",
  category: "Layers",
  help: "Averages each channel over the whole image: [h, w, c] -> [c], y_c = mean over i, j of x[i, j, c] (Keras GlobalAveragePooling2D, PyTorch x.mean((2, 3))).",
  inputs: [tensorIn],
  outputs: [tensorOut],
  params: z.strictObject({}),
  inline: [],
  inferShape({ inputs }) {
    const [, , channels] = requireImage(requireInput(inputs, "x"), "GlobalAvgPool2D");
    return { x: [channels] };
  },
  compile: {
    layer: {
      layers: () => [{ className: "GlobalAveragePooling2D", config: { data_format: "channels_last" } }],
      torch: {
        // Either layout: it averages over whichever axes hold height and width.
        code: ({ layout }) => ({ forward: [`x = x.mean(dim=${layout === "channelsFirst" ? "(2, 3)" : "(1, 2)"})`] }),
      },
      step: globalAvgPoolStep,
      import: {
        classNames: ["GlobalAveragePooling2D"],
        read(layers, at) {
          const c = layers[at]?.config ?? {};
          if (c.keepdims === true) return { error: "keeps its pooled axes (keepdims), which NetLoom does not" };
          const problem = imageConfigProblem(c);
          return problem ? { error: problem } : { params: {} };
        },
      },
    },
  },
});
