import { z } from "zod";
import { pyFloat, pyInt } from "../python";
import { denseConfig, denseWeights, glorotReset } from "./layers";
import { tensorIn, tensorOut } from "./ports";
import type { LayerRule } from "./rules";
import { passThrough, requireFlat, requireInput } from "./shapes";
import {
  eluStep,
  leakyReluStep,
  maxoutStep,
  reluStep,
  type StepRule,
  sigmoidStep,
  softmaxStep,
  tanhStep,
} from "./stepRules";
import { type Category, defineKind } from "./types";

const common = {
  category: "Activations" as Category,
  inputs: [tensorIn],
  outputs: [tensorOut],
  inferShape: passThrough(),
};

/**
 * A Keras `Activation` layer, the standard way to write an element-wise function; `line` is its
 * PyTorch form, and `name` also what Keras calls it in `activation="..."`.
 */
function activation(
  name: string,
  line: string,
  step: StepRule<Record<string, never>>,
): LayerRule<Record<string, never>> {
  return {
    layers: () => [{ className: "Activation", config: { activation: name } }],
    torch: { code: () => ({ forward: [line] }) },
    import: { classNames: [], activation: name },
    step,
  };
}

export const Sigmoid = defineKind({
  ...common,
  kind: "Sigmoid",
  label: "Sigmoid",
  help: "σ(x) = 1 / (1 + e^-x), squashing each value into (0, 1).",
  params: z.strictObject({}),
  inline: [],
  compile: { layer: activation("sigmoid", "x = torch.sigmoid(x)", sigmoidStep) },
});

export const Tanh = defineKind({
  ...common,
  kind: "Tanh",
  label: "Tanh",
  help: "tanh(x) = (e^x - e^-x) / (e^x + e^-x), squashing each value into (-1, 1).",
  params: z.strictObject({}),
  inline: [],
  compile: { layer: activation("tanh", "x = torch.tanh(x)", tanhStep) },
});

const relu = activation("relu", "x = F.relu(x)", reluStep);

export const ReLU = defineKind({
  ...common,
  kind: "ReLU",
  label: "ReLU",
  help: "ReLU(x) = max(0, x): keeps positive values and zeroes the rest.",
  params: z.strictObject({}),
  inline: [],
  compile: {
    layer: {
      ...relu,
      import: {
        ...relu.import,
        classNames: ["ReLU"],
        read: (layers, at) => {
          const max = layers[at]?.config.max_value;
          return max == null
            ? { params: {} }
            : { error: `is a ReLU capped at ${Number(max)}, which NetLoom does not have` };
        },
      },
    },
  },
});

export const LeakyReLU = defineKind({
  ...common,
  kind: "LeakyReLU",
  label: "Leaky ReLU",
  help: "LeakyReLU(x) = max(alpha·x, x): like ReLU, but passes a small slope alpha for x < 0.",
  params: z.strictObject({
    alpha: z.number().min(0).max(1).default(0.1).describe("Slope for negative inputs"),
  }),
  inline: ["alpha"],
  summary: (p) => `LeakyReLU(${p.alpha})`,
  compile: {
    layer: {
      layers: (p) => [{ className: "LeakyReLU", config: { alpha: p.alpha } }],
      step: leakyReluStep,
      torch: { code: ({ params }) => ({ forward: [`x = F.leaky_relu(x, ${pyFloat(params.alpha)})`] }) },
      import: {
        classNames: ["LeakyReLU"],
        read: (layers, at) => {
          const c = layers[at]?.config ?? {};
          return { params: { alpha: c.alpha ?? c.negative_slope ?? 0.3 } };
        },
      },
    },
  },
});

export const ELU = defineKind({
  ...common,
  kind: "ELU",
  label: "ELU",
  help: "ELU(x) = x if x >= 0 else alpha·(e^x - 1): smooth for negative inputs, saturating at -alpha.",
  params: z.strictObject({
    alpha: z.number().gt(0).max(10).default(1).describe("Value the output approaches for very negative x"),
  }),
  inline: ["alpha"],
  summary: (p) => `ELU(${p.alpha})`,
  check: ({ params }) =>
    params.alpha === 1
      ? []
      : [
          {
            severity: "warning",
            code: "PORTABILITY",
            message: `ELU with alpha ${params.alpha} trains in NetLoom and loads in Keras, but plain TF.js loads ELU only with alpha 1`,
          },
        ],
  compile: {
    layer: {
      layers: (p) => [{ className: "ELU", config: { alpha: p.alpha } }],
      step: eluStep,
      torch: { code: ({ params }) => ({ forward: [`x = F.elu(x, ${pyFloat(params.alpha)})`] }) },
      import: {
        classNames: ["ELU"],
        activation: "elu",
        read: (layers, at) => ({ params: { alpha: layers[at]?.config.alpha ?? 1 } }),
      },
    },
  },
});

export const Softmax = defineKind({
  ...common,
  kind: "Softmax",
  label: "Softmax",
  help: "softmax(x)_i = e^x_i / Σ_j e^x_j: turns scores into class probabilities that sum to 1.",
  params: z.strictObject({}),
  inline: [],
  compile: {
    layer: {
      layers: () => [{ className: "Activation", config: { activation: "softmax" } }],
      step: softmaxStep,
      torch: {
        layout: "channelsLast",
        code: ({ logProbabilities }) => ({
          forward: logProbabilities
            ? [
                "# The graph's Softmax, as log-probabilities: NLLLoss of log_softmax is the categorical",
                "# cross-entropy of the softmax probabilities, computed without taking log of a rounded 0.",
                "x = F.log_softmax(x, dim=-1)",
              ]
            : ["x = F.softmax(x, dim=-1)"],
        }),
      },
      import: { classNames: ["Softmax"], activation: "softmax" },
    },
  },
});

export const Maxout = defineKind({
  ...common,
  kind: "Maxout",
  label: "Maxout",
  help: "Maxout(x)_j = max over k of (x·W_kᵀ + b_k)_j: the largest of `pieces` linear pieces per unit (Goodfellow et al., 2013).",
  params: z.strictObject({
    units: z.int().min(1).max(1_000_000_000).default(100).describe("Output features"),
    pieces: z.int().min(2).max(64).default(2).describe("Linear pieces per unit (k)"),
  }),
  inline: ["units", "pieces"],
  inferShape({ params, inputs }) {
    requireFlat(requireInput(inputs, "x"), "Maxout");
    return { x: [params.units] };
  },
  summary: (p, shape) => `Maxout(${shape[0]} -> ${p.units}, ${p.pieces} pieces)`,
  compile: {
    // Dense(units * pieces) -> Reshape([pieces, units]) -> GlobalMaxPooling1D: standard layers only,
    // so the exported model loads in plain TF.js and converts to Keras.
    layer: {
      layers: (p, shape) => [
        {
          suffix: "dense",
          className: "Dense",
          config: denseConfig(p.units * p.pieces, true),
          weights: denseWeights(shape[0] ?? 0, p.units * p.pieces, true),
        },
        { suffix: "pieces", className: "Reshape", config: { target_shape: [p.pieces, p.units] } },
        { suffix: "max", className: "GlobalMaxPooling1D", config: {} },
      ],
      step: maxoutStep,
      torch: {
        code({ params: { units, pieces }, inputShape, attribute }) {
          const name = attribute("maxout");
          return {
            init: [`self.${name} = nn.Linear(${pyInt(inputShape[0] ?? 0)}, ${pyInt(units * pieces)})`],
            reset: glorotReset(name, true),
            forward: [
              `# Maxout: the largest of ${pieces} linear pieces for each of ${units} units.`,
              `x = self.${name}(x).view(-1, ${pyInt(pieces)}, ${pyInt(units)}).max(dim=1).values`,
            ],
            weights: name,
          };
        },
      },
      import: {
        classNames: ["Dense"],
        read(layers, at) {
          const [dense, reshape, max] = [layers[at], layers[at + 1], layers[at + 2]];
          const target = reshape?.config.target_shape;
          if (reshape?.class_name !== "Reshape" || max?.class_name !== "GlobalMaxPooling1D") return null;
          if (!Array.isArray(target) || target.length !== 2 || dense?.config.use_bias === false) return null;
          const linear = dense?.config.activation === undefined || dense.config.activation === "linear";
          if (!linear || Number(dense?.config.units) !== Number(target[0]) * Number(target[1])) return null;
          return { params: { pieces: target[0], units: target[1] }, consumed: 3 };
        },
      },
    },
  },
});
