import { kindDef, layerRule, type TorchLayout } from "../../../shared/catalog";
import type { ModelStep } from "../../../shared/compile";
import { indent, pyIdent, pyInt, pyStr } from "../../../shared/python";

/** How the model's output meets the loss. */
export type ModelHead =
  /** The graph ends in Softmax and the loss is categorical cross-entropy: emit log_softmax for NLLLoss. */
  | "logSoftmax"
  /** The output is used as the graph computes it. */
  | "plain";

/** A TF.js weight and where the PyTorch model holds it. */
export interface TorchWeight {
  /** TF.js's name: `layer/kernel`. */
  tfjs: string;
  /** The `state_dict` key: `linear1.weight`. */
  torch: string;
  /** TF.js axes in PyTorch's order. */
  axes: readonly number[];
}

/** The generated `nn.Module`, and where it holds each TF.js weight. */
export interface ModelCode {
  lines: string[];
  weights: TorchWeight[];
}

const PERMUTE: Record<TorchLayout, string> = {
  channelsFirst: "x = x.permute(0, 3, 1, 2)  # NHWC -> NCHW: PyTorch's image layers take channels first",
  channelsLast: "x = x.permute(0, 2, 3, 1)  # NCHW -> NHWC: NetLoom's order, as TF.js computes it",
};

/** `forward`, `__init__` and weight lines of the chain, each node written by its catalog entry. */
function chainCode(steps: readonly ModelStep[], head: ModelHead) {
  const used = new Set<string>();
  const init: string[] = [];
  const reset: string[] = [];
  const forward: string[] = [];
  const weights: TorchWeight[] = [];
  let layout: TorchLayout = "channelsLast";
  steps.forEach((step, i) => {
    const rule = layerRule(step.kind)?.torch;
    if (!rule) throw new Error(`node ${step.nodeId} (${step.kind}) is not a layer of the model`);
    if (step.inputShape.length === 3 && rule.layout && rule.layout !== layout) {
      forward.push(PERMUTE[rule.layout]);
      layout = rule.layout;
    }
    const code = rule.code({
      params: step.params,
      inputShape: step.inputShape,
      outputShape: step.outputShape,
      layout,
      attribute: (fallback) => pyIdent(step.nodeId, used, fallback),
      logProbabilities: i === steps.length - 1 && head === "logSoftmax",
    });
    init.push(...(code.init ?? []));
    reset.push(...(code.reset ?? []));
    forward.push(...code.forward);
    for (const w of step.weights) {
      if (!code.weights) throw new Error(`the PyTorch code of ${step.kind} does not say which module holds ${w.name}`);
      weights.push({ tfjs: `${w.layer}/${w.name}`, torch: `${code.weights}.${w.torch}`, axes: w.axes });
    }
    if (step.outputShape.length !== 3) layout = "channelsLast";
  });
  if (layout !== "channelsLast") forward.push(PERMUTE.channelsLast);
  return { init, reset, forward, weights };
}

/** `(1, 0)`, `(0,)`: a Python tuple of ints. */
function pyTuple(values: readonly number[]): string {
  return values.length === 1 ? `(${pyInt(values[0] as number)},)` : `(${values.map(pyInt).join(", ")})`;
}

/** Writes the graph's model chain as an `nn.Module` in the style of PyTorch's MNIST example. */
export function modelCode(steps: readonly ModelStep[], head: ModelHead): ModelCode {
  const { init, reset, forward, weights } = chainCode(steps, head);
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
        "# Glorot-uniform kernels and zero biases: the initialization NetLoom (and Keras) uses.",
        ...(reset.length > 0 ? reset : ["pass"]),
      ]),
      "",
      "def forward(self, x):",
      ...indent([...forward, "return x"]),
      "",
      "@torch.no_grad()",
      "def predict(self, x):",
      ...indent(predict),
    ]),
    "",
    "",
    "# TF.js weight of the NetLoom model -> (the state_dict entry that holds it, the TF.js axes in",
    "# PyTorch's order): the PyTorch tensor is the TF.js array transposed by those axes.",
    "TFJS_WEIGHTS = {",
    ...indent(weights.map((w) => `${pyStr(w.tfjs)}: (${pyStr(w.torch)}, ${pyTuple(w.axes)}),`)),
    "}",
  ];
  return { lines, weights };
}

/** The model in one line for the script's header: `Linear(784 -> 300) -> ReLU -> ...`. */
export function describeModel(steps: readonly ModelStep[]): string {
  return steps.map((s) => kindDef(s.kind).summary?.(s.params, s.inputShape) ?? s.kind).join(" -> ");
}
