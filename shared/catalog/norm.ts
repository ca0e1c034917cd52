import { z } from "zod";
import { pyFloat, pyInt } from "../python";
import { batchNormStep } from "./imageSteps";
import { imageConfigProblem } from "./images";
import { tensorIn, tensorOut } from "./ports";
import type { WeightDef } from "./rules";
import { formatShape, requireInput } from "./shapes";
import { defineKind, ShapeError } from "./types";

/** γ, β and the running mean and variance, by TF.js's names and PyTorch's. */
function normWeights(features: number): WeightDef[] {
  const one = (name: string, torch: string): WeightDef => ({ name, shape: [features], torch, axes: [0] });
  return [
    one("gamma", "weight"),
    one("beta", "bias"),
    one("moving_mean", "running_mean"),
    one("moving_variance", "running_var"),
  ];
}

export const BatchNorm = defineKind({
  kind: "BatchNorm",
  label: "BatchNorm",
  category: "Layers",
  help: "Normalizes each feature (each channel of an image) by the batch's mean μ and variance σ² while training, and by their running averages at inference: y = γ·(x - μ) / √(σ² + ε) + β, running ← momentum·running + (1 - momentum)·batch; 2 weights per feature (γ, β) + 2 running statistics (Keras BatchNormalization, PyTorch nn.BatchNorm1d/2d).",
  inputs: [tensorIn],
  outputs: [tensorOut],
  params: z.strictObject({
    momentum: z
      .number()
      .min(0)
      .lt(1)
      .default(0.99)
      .describe("Keras's momentum of the running averages: running = momentum·running + (1 - momentum)·batch"),
    epsilon: z.number().gt(0).max(1).default(0.001).describe("ε added to the variance"),
  }),
  inline: ["momentum"],
  inferShape({ inputs }) {
    const shape = requireInput(inputs, "x");
    if (shape.length !== 1 && shape.length !== 3) {
      throw new ShapeError(
        "NOT_IMAGE",
        `BatchNorm takes vectors [n] or images [height, width, channels] but receives ${formatShape(shape)}`,
      );
    }
    return { x: shape };
  },
  summary: (_p, shape) => `BatchNorm(${shape[shape.length - 1]})`,
  compile: {
    layer: {
      layers: (p, shape) => [
        {
          className: "BatchNormalization",
          config: {
            axis: -1,
            momentum: p.momentum,
            epsilon: p.epsilon,
            center: true,
            scale: true,
            beta_initializer: { class_name: "Zeros", config: {} },
            gamma_initializer: { class_name: "Ones", config: {} },
            moving_mean_initializer: { class_name: "Zeros", config: {} },
            moving_variance_initializer: { class_name: "Ones", config: {} },
            beta_regularizer: null,
            gamma_regularizer: null,
            beta_constraint: null,
            gamma_constraint: null,
          },
          weights: normWeights(shape[shape.length - 1] ?? 0),
        },
      ],
      torch: {
        layout: "channelsFirst",
        code({ params: p, inputShape, attribute }) {
          const name = attribute("batch_norm");
          const features = inputShape[inputShape.length - 1] ?? 0;
          const module = inputShape.length === 3 ? "nn.BatchNorm2d" : "nn.BatchNorm1d";
          // PyTorch's momentum weighs the batch, Keras's the running average: 0.99 there is 0.01 here.
          const momentum = Number((1 - p.momentum).toPrecision(12));
          return {
            init: [
              `self.${name} = ${module}(${pyInt(features)}, eps=${pyFloat(p.epsilon)}, momentum=${pyFloat(momentum)})`,
            ],
            reset: [`self.${name}.reset_parameters()`],
            forward: [`x = self.${name}(x)`],
            weights: name,
          };
        },
      },
      step: batchNormStep,
      import: {
        classNames: ["BatchNormalization"],
        read(layers, at) {
          const c = layers[at]?.config ?? {};
          const axis = [c.axis ?? -1].flat();
          if (axis.length !== 1 || (axis[0] !== -1 && axis[0] !== 3 && axis[0] !== 1)) {
            return { error: `normalizes axis ${quoteAxis(c.axis)}; NetLoom normalizes the last (channels last)` };
          }
          if (c.center === false || c.scale === false) {
            return { error: "leaves out β or γ (center or scale off); NetLoom's BatchNorm learns both" };
          }
          const problem = imageConfigProblem(c);
          if (problem) return { error: problem };
          return { params: { momentum: c.momentum ?? 0.99, epsilon: c.epsilon ?? 0.001 } };
        },
      },
    },
  },
});

function quoteAxis(axis: unknown): string {
  return Array.isArray(axis) || typeof axis === "number" ? JSON.stringify(axis).slice(0, 30) : "?";
}
