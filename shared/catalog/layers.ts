import { z } from "zod";
import { pyFloat, pyInt } from "../python";
import { tensorIn, tensorOut } from "./ports";
import type { WeightDef } from "./rules";
import { passThrough, requireFlat, requireInput } from "./shapes";
import { dropoutStep, linearStep } from "./stepRules";
import { defineKind } from "./types";

/** Keras's default kernel initializer, written out so exports are explicit about it. */
export const GLOROT_UNIFORM = {
  class_name: "VarianceScaling",
  config: { scale: 1, mode: "fan_avg", distribution: "uniform", seed: null },
} as const;

/** The kernel and bias settings every Keras layer with weights writes, with Keras's defaults. */
export function weightConfig(useBias: boolean): Record<string, unknown> {
  return {
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

/** A tfjs Dense layer config with Keras's defaults. */
export function denseConfig(units: number, useBias: boolean): Record<string, unknown> {
  return { units, activation: "linear", ...weightConfig(useBias) };
}

/** A Dense layer's weights: kernel [inputs, units] is nn.Linear's weight [units, inputs]. */
export function denseWeights(inputs: number, units: number, useBias: boolean): WeightDef[] {
  const kernel: WeightDef = { name: "kernel", shape: [inputs, units], torch: "weight", axes: [1, 0] };
  return useBias ? [kernel, { name: "bias", shape: [units], torch: "bias", axes: [0] }] : [kernel];
}

/** `reset_parameters` lines for a module with a kernel: Keras's Glorot-uniform kernel and zero bias. */
export function glorotReset(attribute: string, bias: boolean): string[] {
  const kernel = `nn.init.xavier_uniform_(self.${attribute}.weight)`;
  return bias ? [kernel, `nn.init.zeros_(self.${attribute}.bias)`] : [kernel];
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
  summary: (p, shape) => `Linear(${shape[0]} -> ${p.units})`,
  compile: {
    layer: {
      layers: (p, shape) => [
        {
          className: "Dense",
          config: denseConfig(p.units, p.bias),
          weights: denseWeights(shape[0] ?? 0, p.units, p.bias),
        },
      ],
      step: linearStep,
      torch: {
        code({ params: p, inputShape, attribute }) {
          const name = attribute("linear");
          const bias = p.bias ? "" : ", bias=False";
          return {
            init: [`self.${name} = nn.Linear(${pyInt(inputShape[0] ?? 0)}, ${pyInt(p.units)}${bias})`],
            reset: glorotReset(name, p.bias),
            forward: [`x = self.${name}(x)`],
            weights: name,
          };
        },
      },
      import: {
        classNames: ["Dense"],
        read: (layers, at) => {
          const c = layers[at]?.config ?? {};
          return { params: { units: c.units, bias: c.use_bias !== false }, activation: c.activation };
        },
      },
    },
  },
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
  transparent: true,
  summary: (p) => `Dropout(${p.rate})`,
  compile: {
    layer: {
      layers: (p) => [{ className: "Dropout", config: { rate: p.rate, noise_shape: null, seed: null } }],
      step: dropoutStep,
      torch: {
        code({ params, attribute }) {
          const name = attribute("dropout");
          return { init: [`self.${name} = nn.Dropout(${pyFloat(params.rate)})`], forward: [`x = self.${name}(x)`] };
        },
      },
      import: { classNames: ["Dropout"], read: (layers, at) => ({ params: { rate: layers[at]?.config.rate } }) },
    },
  },
});
