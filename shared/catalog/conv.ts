import { z } from "zod";
import { pyInt } from "../python";
import { conv2dStep } from "./imageSteps";
import { imageConfigProblem, requireImage, slide, squareFrom, strideFindings, torchPads, zPadding } from "./images";
import { glorotReset, weightConfig } from "./layers";
import { tensorIn, tensorOut } from "./ports";
import { requireInput } from "./shapes";
import { defineKind } from "./types";

/** Activations Conv2D applies itself, as Keras's `activation=`; others are nodes of their own. */
const ACTIVATIONS = { none: null, relu: "x = F.relu(x)", sigmoid: "x = torch.sigmoid(x)", tanh: "x = torch.tanh(x)" };
type Activation = keyof typeof ACTIVATIONS;
const KERAS_NAMES: Record<Activation, string> = { none: "linear", relu: "relu", sigmoid: "sigmoid", tanh: "tanh" };

export const Conv2D = defineKind({
  kind: "Conv2D",
  label: "Conv2D",
  category: "Layers",
  help: "Slides `filters` kernels W_f of shape [k, k, c] over images [h, w, c]: y[i, j, f] = b_f + Σ x[window at i, j]·W_f, so [h, w, c] -> [h', w', filters] with h' = ⌊(h - k) / stride⌋ + 1 for padding valid and ⌈h / stride⌉ for same (zeros around), w' alike; k·k·c·filters weights + filters biases (Keras Conv2D, PyTorch nn.Conv2d).",
  inputs: [tensorIn],
  outputs: [tensorOut],
  params: z.strictObject({
    filters: z.int().min(1).max(100_000).default(32).describe("Output channels (out_channels)"),
    kernelSize: z.int().min(1).max(64).default(3).describe("Side of the square kernel (kernel_size)"),
    stride: z.int().min(1).max(64).default(1).describe("Step between windows (strides)"),
    padding: zPadding,
    bias: z.boolean().default(true).describe("Learn an additive bias per filter"),
    activation: z
      .enum(["none", "relu", "sigmoid", "tanh"])
      .default("none")
      .describe("Applied to the output, as Keras's activation argument"),
  }),
  inline: ["filters", "kernelSize", "activation"],
  labels: { activation: { none: "none", relu: "ReLU", sigmoid: "Sigmoid", tanh: "Tanh" } },
  inferShape({ params: p, inputs }) {
    const [height, width] = requireImage(requireInput(inputs, "x"), "Conv2D");
    return { x: [...slide("kernel", [height, width], p.kernelSize, p.stride, p.padding), p.filters] };
  },
  check: ({ params: p }) => strideFindings("kernel", p.kernelSize, p.stride),
  summary: (p, [, , channels]) =>
    `Conv2D(${channels} -> ${p.filters}, ${p.kernelSize}x${p.kernelSize}${p.stride > 1 ? `, stride ${p.stride}` : ""}${p.padding === "same" ? ", same" : ""}${p.activation === "none" ? "" : `, ${p.activation}`})`,
  compile: {
    layer: {
      layers: (p, [, , channels = 0]) => [
        {
          className: "Conv2D",
          config: {
            filters: p.filters,
            kernel_size: [p.kernelSize, p.kernelSize],
            strides: [p.stride, p.stride],
            padding: p.padding,
            data_format: "channels_last",
            dilation_rate: [1, 1],
            activation: KERAS_NAMES[p.activation],
            ...weightConfig(p.bias),
          },
          weights: [
            // TF.js [k, k, in, out]; nn.Conv2d [out, in, k, k].
            {
              name: "kernel",
              shape: [p.kernelSize, p.kernelSize, channels, p.filters],
              torch: "weight",
              axes: [3, 2, 0, 1],
            },
            ...(p.bias ? [{ name: "bias", shape: [p.filters], torch: "bias", axes: [0] }] : []),
          ],
        },
      ],
      torch: {
        layout: "channelsFirst",
        code({ params: p, inputShape, attribute }) {
          const name = attribute("conv");
          const pads = torchPads(inputShape, p.kernelSize, p.stride, p.padding);
          // Even pads go to nn.Conv2d; TF's uneven ones (the odd pixel after) need F.pad first.
          const even = pads && pads[0] === pads[1] && pads[2] === pads[3];
          const options = [
            ...(p.stride > 1 ? [`stride=${pyInt(p.stride)}`] : []),
            ...(pads && even ? [`padding=(${pyInt(pads[2] ?? 0)}, ${pyInt(pads[0] ?? 0)})`] : []),
            ...(p.bias ? [] : ["bias=False"]),
          ];
          const args = [inputShape[2] ?? 0, p.filters, p.kernelSize].map(pyInt).concat(options).join(", ");
          const activation = ACTIVATIONS[p.activation];
          return {
            init: [`self.${name} = nn.Conv2d(${args})`],
            reset: glorotReset(name, p.bias),
            forward: [
              ...(pads && !even ? [`x = F.pad(x, (${pads.map(pyInt).join(", ")}))`] : []),
              `x = self.${name}(x)`,
              ...(activation ? [activation] : []),
            ],
            weights: name,
          };
        },
      },
      step: conv2dStep,
      import: {
        classNames: ["Conv2D"],
        read(layers, at) {
          const c = layers[at]?.config ?? {};
          const problem = imageConfigProblem(c);
          const kernelSize = squareFrom(c.kernel_size, "kernel");
          const stride = squareFrom(c.strides ?? 1, "stride");
          if (problem) return { error: problem };
          if (typeof kernelSize === "string") return { error: kernelSize };
          if (typeof stride === "string") return { error: stride };
          const own = Object.entries(KERAS_NAMES).find(([, keras]) => keras === (c.activation ?? "linear"))?.[0];
          const params = {
            filters: c.filters,
            kernelSize,
            stride,
            padding: c.padding ?? "valid",
            bias: c.use_bias !== false,
          };
          return own ? { params: { ...params, activation: own } } : { params, activation: c.activation };
        },
      },
    },
  },
});
