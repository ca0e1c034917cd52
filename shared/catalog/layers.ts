import { z } from "zod";
import { tensorIn, tensorOut } from "./ports";
import { passThrough, requireFlat, requireInput } from "./shapes";
import { defineKind } from "./types";

/** Keras's default kernel initializer, written out so exports are explicit about it. */
export const GLOROT_UNIFORM = {
  class_name: "VarianceScaling",
  config: { scale: 1, mode: "fan_avg", distribution: "uniform", seed: null },
} as const;

/** A tfjs Dense layer config with Keras's defaults. */
export function denseConfig(units: number, useBias: boolean): Record<string, unknown> {
  return {
    units,
    activation: "linear",
    use_bias: useBias,
    // A fresh copy per layer: a shared object would make seeding one layer seed them all.
    kernel_initializer: structuredClone(GLOROT_UNIFORM),
    bias_initializer: { class_name: "Zeros", config: {} },
    kernel_regularizer: null,
    bias_regularizer: null,
    activity_regularizer: null,
    kernel_constraint: null,
    bias_constraint: null,
  };
}

export const Linear = defineKind({
  kind: "Linear",
  label: "Linear",
  category: "Layers",
  help: "Fully connected layer: y = x·Wᵀ + b, with W of shape [units, inputs] (PyTorch nn.Linear, Keras Dense).",
  inputs: [tensorIn],
  outputs: [tensorOut],
  params: z.strictObject({
    units: z.int().min(1).max(1_000_000_000).default(10).describe("Output features (out_features)"),
    bias: z.boolean().default(true).describe("Learn an additive bias b"),
  }),
  inline: ["units"],
  inferShape({ params, inputs }) {
    requireFlat(requireInput(inputs, "x"), "Linear");
    return { x: [params.units] };
  },
  paramCount: (p, shape) => (shape[0] ?? 0) * p.units + (p.bias ? p.units : 0),
  compile: { layer: { layers: (p) => [{ className: "Dense", config: denseConfig(p.units, p.bias) }] } },
});

export const Dropout = defineKind({
  kind: "Dropout",
  label: "Dropout",
  category: "Layers",
  help: "While training, zeroes each value with probability rate and scales the others by 1 / (1 - rate); does nothing at inference.",
  inputs: [tensorIn],
  outputs: [tensorOut],
  params: z.strictObject({
    rate: z.number().min(0).lt(1).default(0.5).describe("Probability of dropping a value"),
  }),
  inline: ["rate"],
  inferShape: passThrough(),
  compile: {
    layer: { layers: (p) => [{ className: "Dropout", config: { rate: p.rate, noise_shape: null, seed: null } }] },
  },
});
