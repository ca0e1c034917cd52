import { z } from "zod";
import { denseConfig } from "./layers";
import { tensorIn, tensorOut } from "./ports";
import { passThrough, requireFlat, requireInput } from "./shapes";
import { type Category, defineKind, type LayerRule } from "./types";

const common = {
  category: "Activations" as Category,
  inputs: [tensorIn],
  outputs: [tensorOut],
  inferShape: passThrough(),
};

/** A Keras `Activation` layer: the standard way to write an element-wise function. */
function activation(name: string): LayerRule<Record<string, never>> {
  return { layers: () => [{ className: "Activation", config: { activation: name } }] };
}

export const Sigmoid = defineKind({
  ...common,
  kind: "Sigmoid",
  label: "Sigmoid",
  help: "σ(x) = 1 / (1 + e^-x), squashing each value into (0, 1).",
  params: z.strictObject({}),
  inline: [],
  compile: { layer: activation("sigmoid") },
});

export const Tanh = defineKind({
  ...common,
  kind: "Tanh",
  label: "Tanh",
  help: "tanh(x) = (e^x - e^-x) / (e^x + e^-x), squashing each value into (-1, 1).",
  params: z.strictObject({}),
  inline: [],
  compile: { layer: activation("tanh") },
});

export const ReLU = defineKind({
  ...common,
  kind: "ReLU",
  label: "ReLU",
  help: "ReLU(x) = max(0, x): keeps positive values and zeroes the rest.",
  params: z.strictObject({}),
  inline: [],
  compile: { layer: activation("relu") },
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
  compile: { layer: { layers: (p) => [{ className: "LeakyReLU", config: { alpha: p.alpha } }] } },
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
  compile: { layer: { layers: (p) => [{ className: "ELU", config: { alpha: p.alpha } }] } },
});

export const Softmax = defineKind({
  ...common,
  kind: "Softmax",
  label: "Softmax",
  help: "softmax(x)_i = e^x_i / Σ_j e^x_j: turns scores into class probabilities that sum to 1.",
  params: z.strictObject({}),
  inline: [],
  compile: { layer: activation("softmax") },
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
  paramCount: (p, shape) => ((shape[0] ?? 0) + 1) * p.units * p.pieces,
  compile: {
    // Dense(units * pieces) -> Reshape([pieces, units]) -> GlobalMaxPooling1D: standard layers only,
    // so the exported model loads in plain TF.js and converts to Keras.
    layer: {
      layers: (p) => [
        { suffix: "dense", className: "Dense", config: denseConfig(p.units * p.pieces, true) },
        { suffix: "pieces", className: "Reshape", config: { target_shape: [p.pieces, p.units] } },
        { suffix: "max", className: "GlobalMaxPooling1D", config: {} },
      ],
    },
  },
});
