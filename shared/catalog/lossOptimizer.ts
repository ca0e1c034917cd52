import { z } from "zod";
import { formatShape, requireInput, sameShape, sizeOf } from "./shapes";
import { defineKind, type Finding, type Shape, ShapeError } from "./types";

/** Loss functions, by their tfjs/Keras names. */
export const LOSSES = ["meanSquaredError", "binaryCrossentropy", "categoricalCrossentropy"] as const;
export type LossName = (typeof LOSSES)[number];
export const LOSS_LABELS: Record<LossName, string> = {
  meanSquaredError: "Mean squared error",
  binaryCrossentropy: "Binary cross-entropy",
  categoricalCrossentropy: "Categorical cross-entropy",
};

export const OPTIMIZERS = ["sgd", "adam", "adadelta", "rmsprop", "adagrad"] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];
export const OPTIMIZER_LABELS: Record<OptimizerName, string> = {
  sgd: "SGD",
  adam: "Adam",
  adadelta: "Adadelta",
  rmsprop: "RMSProp",
  adagrad: "Adagrad",
};

export const Loss = defineKind({
  kind: "Loss",
  label: "Loss",
  category: "Training",
  help: "How far predictions are from targets: MSE = mean((y - ŷ)²); binary CE = -mean(y·log ŷ + (1 - y)·log(1 - ŷ)); categorical CE = -Σ y·log ŷ.",
  inputs: [
    { name: "prediction", label: "prediction", types: ["tensor"] },
    { name: "target", label: "target", types: ["tensor"] },
  ],
  outputs: [{ name: "loss", label: "loss", types: ["loss"] }],
  params: z.strictObject({
    loss: z.enum(LOSSES).default("categoricalCrossentropy").describe("Loss function"),
  }),
  inline: ["loss"],
  labels: { loss: LOSS_LABELS },
  inferShape({ params, inputs }) {
    const prediction = requireInput(inputs, "prediction");
    const target = requireInput(inputs, "target");
    if (!sameShape(prediction, target)) {
      let hint =
        target.length === 1
          ? `give the last layer ${target[0]} units`
          : "make the last layer's output match the targets";
      if (target.length === 1 && target[0] === 1 && (prediction[0] ?? 0) > 1) {
        hint =
          params.loss === "categoricalCrossentropy"
            ? `the targets are class indices: add One-hot(${prediction[0]}) on the labels before the DataLoader`
            : `the targets are single values: give the last Linear 1 unit, or one-hot the labels`;
      }
      throw new ShapeError(
        "SHAPE_MISMATCH",
        `target shape ${formatShape(target)} does not match prediction shape ${formatShape(prediction)}; ${hint}`,
      );
    }
    return { loss: [] };
  },
  check: ({ params, source }) => {
    const last = source("prediction");
    return last ? lossActivationProblems(params.loss, last.kind, last.shape) : [];
  },
  compile: { role: "loss" },
});

export const Optimizer = defineKind({
  kind: "Optimizer",
  label: "Optimizer",
  category: "Training",
  help: "Updates the weights to lower the loss for the given epochs; SGD with momentum μ: v = μ·v + g, w = w - lr·v. With an LR decay γ below 1, epoch e trains at lr·γ^(e-1) (PyTorch's ExponentialLR, stepped after each epoch).",
  inputs: [{ name: "loss", label: "loss", types: ["loss"] }],
  outputs: [],
  params: z.strictObject({
    optimizer: z.enum(OPTIMIZERS).default("sgd").describe("Update rule"),
    learningRate: z.number().gt(0).max(10).default(0.01).describe("Step size (lr)"),
    momentum: z.number().min(0).lt(1).default(0).describe("Momentum (SGD and RMSProp)"),
    epochs: z.int().min(1).max(100_000).default(10).describe("Passes over the training samples"),
    lrDecay: z
      .number()
      .gt(0)
      .max(1)
      .default(1)
      .describe(
        "LR decay γ: the learning rate is multiplied by γ after each epoch (1: constant; PyTorch's ExponentialLR)",
      ),
  }),
  inline: ["optimizer", "learningRate", "epochs"],
  labels: { optimizer: OPTIMIZER_LABELS },
  hidden: (p) => (p.optimizer === "sgd" || p.optimizer === "rmsprop" ? [] : ["momentum"]),
  inferShape({ inputs }) {
    requireInput(inputs, "loss");
    return {};
  },
  compile: { role: "optimizer" },
});

/** Whether the loss fits the model's last layer: cross-entropies take probabilities. */
function lossActivationProblems(loss: LossName, last: string, predicted: Shape | undefined): Finding[] {
  const error = (message: string): Finding[] => [{ severity: "error", code: "LOSS_ACTIVATION", message }];
  const warning = (message: string): Finding[] => [{ severity: "warning", code: "LOSS_ACTIVATION", message }];
  const single = predicted !== undefined && sizeOf(predicted) === 1;
  if (loss === "categoricalCrossentropy") {
    if (single) {
      return error(
        "categorical cross-entropy over one output is always 0, so nothing is learned; for two classes use a " +
          "Sigmoid with binary cross-entropy, or give the last layer one unit per class and one-hot the labels",
      );
    }
    if (last === "Sigmoid")
      return warning("Sigmoid outputs do not sum to 1; categorical cross-entropy expects a Softmax before it");
    if (last !== "Softmax") {
      return error(
        `categorical cross-entropy takes probabilities, but the last layer is ${last}; add a Softmax before the Loss`,
      );
    }
    return [];
  }
  if (loss === "binaryCrossentropy") {
    if (last === "Softmax" && single)
      return error("a Softmax of one value is always 1; use a Sigmoid before binary cross-entropy");
    if (last === "Softmax" && predicted) {
      const classes = sizeOf(predicted);
      return warning(
        `binary cross-entropy scores each of the ${classes} Softmax outputs as a yes/no question of its own; ` +
          "for one class per sample use categorical cross-entropy (binary cross-entropy goes with a Sigmoid)",
      );
    }
    if (last !== "Sigmoid" && last !== "Softmax") {
      return error(
        `binary cross-entropy takes probabilities in (0, 1), but the last layer is ${last}; add a Sigmoid before the Loss`,
      );
    }
    return [];
  }
  return last === "Softmax"
    ? warning("Softmax into mean squared error learns slowly; for classes use categorical cross-entropy")
    : [];
}
