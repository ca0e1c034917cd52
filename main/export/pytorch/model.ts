import { sizeOf } from "../../../shared/catalog";
import type { ModelStep } from "../../../shared/compile";
import { indent, pyFloat, pyIdent, pyInt, pyStr } from "../../../shared/python";

/** How the model's output meets the loss. */
export type ModelHead =
  /** The graph ends in Softmax and the loss is categorical cross-entropy: emit log_softmax for NLLLoss. */
  | "logSoftmax"
  /** The output is used as the graph computes it. */
  | "plain";

/** The generated `nn.Module`, and which of its attributes hold each tfjs Dense layer's weights. */
export interface ModelCode {
  lines: string[];
  /** tfjs Dense layer name -> attribute of `Net` holding the matching `nn.Linear`. */
  denseLayers: Record<string, string>;
}

/** Writes the graph's model chain as an `nn.Module` in the style of PyTorch's MNIST example. */
export function modelCode(steps: readonly ModelStep[], head: ModelHead): ModelCode {
  const used = new Set<string>();
  const init: string[] = [];
  const forward: string[] = [];
  const denseLayers: Record<string, string> = {};
  steps.forEach((step, i) => {
    const last = i === steps.length - 1;
    const p = step.params;
    const inputs = sizeOf(step.inputShape);
    switch (step.kind) {
      case "Linear": {
        const name = pyIdent(step.nodeId, used, "linear");
        const bias = p.bias === false ? ", bias=False" : "";
        init.push(`self.${name} = nn.Linear(${pyInt(inputs)}, ${pyInt(p.units as number)}${bias})`);
        forward.push(`x = self.${name}(x)`);
        if (step.layers[0]) denseLayers[step.layers[0]] = name;
        break;
      }
      case "Maxout": {
        const name = pyIdent(step.nodeId, used, "maxout");
        const units = p.units as number;
        const pieces = p.pieces as number;
        init.push(`self.${name} = nn.Linear(${pyInt(inputs)}, ${pyInt(units * pieces)})`);
        forward.push(`# Maxout: the largest of ${pieces} linear pieces for each of ${units} units.`);
        forward.push(`x = self.${name}(x).view(-1, ${pyInt(pieces)}, ${pyInt(units)}).max(dim=1).values`);
        if (step.layers[0]) denseLayers[step.layers[0]] = name;
        break;
      }
      case "Dropout": {
        const name = pyIdent(step.nodeId, used, "dropout");
        init.push(`self.${name} = nn.Dropout(${pyFloat(p.rate as number)})`);
        forward.push(`x = self.${name}(x)`);
        break;
      }
      case "Flatten":
        if (step.inputShape.length > 1) forward.push("x = torch.flatten(x, 1)");
        break;
      case "Sigmoid":
        forward.push("x = torch.sigmoid(x)");
        break;
      case "Tanh":
        forward.push("x = torch.tanh(x)");
        break;
      case "ReLU":
        forward.push("x = F.relu(x)");
        break;
      case "LeakyReLU":
        forward.push(`x = F.leaky_relu(x, ${pyFloat(p.alpha as number)})`);
        break;
      case "ELU":
        forward.push(`x = F.elu(x, ${pyFloat(p.alpha as number)})`);
        break;
      case "Softmax":
        if (last && head === "logSoftmax") {
          forward.push(
            "# The graph's Softmax, as log-probabilities: NLLLoss of log_softmax is the categorical",
            "# cross-entropy of the softmax probabilities, computed without taking log of a rounded 0.",
            "x = F.log_softmax(x, dim=-1)",
          );
        } else {
          forward.push("x = F.softmax(x, dim=-1)");
        }
        break;
      default:
        throw new Error(`the PyTorch export does not know node kind ${step.kind}`);
    }
  });
  forward.push("return x");
  const predict =
    head === "logSoftmax"
      ? ['"""Class probabilities, as NetLoom\'s model outputs them."""', "return self(x).exp()"]
      : ['"""The model\'s output, as NetLoom\'s model computes it."""', "return self(x)"];
  const chain = steps.map((s) => s.kind).join(" -> ");
  const lines = [
    "class Net(nn.Module):",
    ...indent([
      `"""The graph's model: ${chain}."""`,
      "",
      "def __init__(self):",
      ...indent(["super().__init__()", ...init, "self.reset_parameters()"]),
      "",
      "def reset_parameters(self):",
      ...indent([
        "# Glorot-uniform weights and zero biases: the initialization NetLoom (and Keras) uses.",
        "for module in self.modules():",
        ...indent([
          "if isinstance(module, nn.Linear):",
          ...indent([
            "nn.init.xavier_uniform_(module.weight)",
            "if module.bias is not None:",
            ...indent(["nn.init.zeros_(module.bias)"]),
          ]),
        ]),
      ]),
      "",
      "def forward(self, x):",
      ...indent(forward),
      "",
      "@torch.no_grad()",
      "def predict(self, x):",
      ...indent(predict),
    ]),
    "",
    "",
    "# tfjs Dense layer of the NetLoom model -> the nn.Linear that takes its weights.",
    "TFJS_DENSE_LAYERS = {",
    ...indent(Object.entries(denseLayers).map(([tfjs, attr]) => `${pyStr(tfjs)}: ${pyStr(attr)},`)),
    "}",
  ];
  return { lines, denseLayers };
}
