import type { LossSpec, OptimizerSpec } from "../../../shared/compile";
import { indent } from "../../../shared/python";
import type { ModelHead } from "./model";

/** How predictions are scored: argmax of classes, a 0.5 threshold for one output, or no accuracy. */
export type Accuracy = "argmax" | "threshold" | null;

/** tfjs's epsilon: it clamps probabilities to [1e-7, 1 - 1e-7] before taking logs. */
const CATEGORICAL_CE = `class CategoricalCrossEntropy(nn.Module):
    """Categorical cross-entropy of probabilities, as tfjs computes it: rows rescaled to sum to 1,
    then clamped to [1e-7, 1 - 1e-7] before the log."""

    def forward(self, probs, target):
        probs = probs / probs.sum(dim=-1, keepdim=True)
        return -(target * probs.clamp(1e-7, 1 - 1e-7).log()).sum(dim=-1).mean()`;

/** `make_loss()`: the graph's loss as a PyTorch criterion. */
export function lossCode(loss: LossSpec, head: ModelHead): string[] {
  const make = (comment: string, value: string) => ["def make_loss():", ...indent([`# ${comment}`, `return ${value}`])];
  switch (loss.name) {
    case "categoricalCrossentropy":
      if (head === "logSoftmax") {
        return make(
          "Categorical cross-entropy: NLLLoss of the log_softmax output and the class indices.",
          "nn.NLLLoss()",
        );
      }
      return [
        CATEGORICAL_CE,
        "",
        "",
        ...make("Categorical cross-entropy of the model's probabilities.", "CategoricalCrossEntropy()"),
      ];
    case "binaryCrossentropy":
      return make("Binary cross-entropy of the model's probabilities, averaged over all outputs.", "nn.BCELoss()");
    case "meanSquaredError":
      return make("Mean squared error, averaged over all outputs.", "nn.MSELoss()");
  }
}

/** `make_optimizer()`: the graph's optimizer with tfjs's defaults for what the graph leaves open. */
export function optimizerCode(opt: OptimizerSpec): string[] {
  const momentum = opt.momentum > 0 ? ", momentum=MOMENTUM" : "";
  const [comments, call] = ((): [string[], string] => {
    switch (opt.name) {
      case "sgd":
        return opt.momentum > 0
          ? [
              ["SGD with momentum: v = momentum * v + g; w = w - lr * v."],
              "optim.SGD(parameters, lr=lr, momentum=MOMENTUM)",
            ]
          : [["Plain SGD: w = w - lr * g."], "optim.SGD(parameters, lr=lr)"];
      case "adam":
        return [["Adam with tfjs's defaults."], "optim.Adam(parameters, lr=lr, betas=(0.9, 0.999), eps=1e-7)"];
      case "adadelta":
        return [
          [
            "Adadelta with tfjs's defaults. PyTorch follows the paper (and Keras): each step divides",
            "by the gradient average including that step's gradient; tfjs 4 divides by the one before.",
          ],
          "optim.Adadelta(parameters, lr=lr, rho=0.95, eps=1e-7)",
        ];
      case "rmsprop":
        return [
          [
            "RMSProp with tfjs's defaults (decay 0.9). tfjs divides by sqrt(mean square + eps),",
            "PyTorch by sqrt(mean square) + eps: the same unless gradients are tiny.",
          ],
          `optim.RMSprop(parameters, lr=lr, alpha=0.9, eps=1e-7${momentum})`,
        ];
      case "adagrad":
        return [
          ["Adagrad with tfjs's initial accumulator of 0.1."],
          "optim.Adagrad(parameters, lr=lr, initial_accumulator_value=0.1)",
        ];
    }
  })();
  return ["def make_optimizer(parameters, lr):", ...indent([...comments.map((c) => `# ${c}`), `return ${call}`])];
}

/** Whether an optimizer uses the graph's momentum. */
export function usesMomentum(opt: OptimizerSpec): boolean {
  return (opt.name === "sgd" || opt.name === "rmsprop") && opt.momentum > 0;
}

/** `count_correct(output, target)` for classification; nothing for regression. */
export function accuracyCode(accuracy: Accuracy, targets: "indices" | "floats"): string[] {
  if (accuracy === null) return [];
  const body =
    accuracy === "threshold"
      ? ["return ((output > 0.5) == (target > 0.5)).sum().item()"]
      : [
          `return (output.argmax(dim=-1) == ${targets === "indices" ? "target" : "target.argmax(dim=-1)"}).sum().item()`,
        ];
  return [
    "def count_correct(output, target):",
    ...indent([
      `"""Correctly classified samples of a batch${accuracy === "threshold" ? " (output above 0.5 is class 1)" : ""}."""`,
      ...body,
    ]),
  ];
}
