import { kindDef, type NodeKind, type Shape } from "../../shared/catalog";
import type { GraphDocument } from "../../shared/graph";
import { type ChainSpec, chainGraph, type NodeSpec } from "./chainGraph";

/** An example of a model-side kind: its params and the per-sample shape that reaches it. */
export interface LayerCase {
  params: Record<string, unknown>;
  /** Shape at its input; `[784]` when omitted. */
  input?: Shape;
}

/**
 * One example per node kind, null for kinds that are no layer of the model. Keyed by every
 * NodeKind, so a new kind does not type-check here until it has its example, and every
 * "for each kind" test (tfjs contract, import round trip, PyTorch numerics) covers it.
 */
export const LAYER_CASES: Record<NodeKind, LayerCase | null> = {
  Dataset: null,
  Normalize: null,
  OneHot: null,
  DataLoader: null,
  Loss: null,
  Optimizer: null,
  Flatten: { params: {}, input: [28, 28] },
  Linear: { params: { units: 32 } },
  Dropout: { params: { rate: 0.25 } },
  // Stride 2 with same padding pads TF's uneven way; ReLU is applied by the layer itself.
  Conv2D: {
    params: { filters: 4, kernelSize: 3, stride: 2, padding: "same", activation: "relu" },
    input: [28, 28, 1],
  },
  // A 3x3 window moved by 2 over 28 pixels pads one pixel after: TF's uneven same padding.
  MaxPool2D: { params: { poolSize: 3, stride: 2, padding: "same" }, input: [28, 28, 1] },
  AvgPool2D: { params: { poolSize: 3, stride: 2, padding: "same" }, input: [28, 28, 1] },
  GlobalAvgPool2D: { params: {}, input: [28, 28, 1] },
  BatchNorm: { params: { momentum: 0.9, epsilon: 0.01 }, input: [28, 28, 1] },
  Reshape: { params: { targetShape: [7, 56, 2] } },
  Sigmoid: { params: {} },
  Tanh: { params: {} },
  ReLU: { params: {} },
  LeakyReLU: { params: { alpha: 0.2 } },
  ELU: { params: { alpha: 0.5 } },
  Maxout: { params: { units: 16, pieces: 3 } },
  Softmax: { params: {} },
};

/** The kinds with an example, in catalog order. */
export const LAYER_KINDS = (Object.keys(LAYER_CASES) as NodeKind[]).filter((k) => LAYER_CASES[k] !== null);

/** Feature transforms that bring MNIST to `shape`, and the Dataset params they need. */
function dataFor(shape: Shape): Pick<ChainSpec, "dataset" | "x"> {
  if (shape.join() === "28,28") return { x: [["Normalize"]] };
  if (shape.join() === "28,28,1") return { dataset: { source: "mnist", channelAxis: true }, x: [["Normalize"]] };
  if (shape.join() === "784") return { x: [["Normalize"], ["Flatten"]] };
  throw new Error(`no MNIST transform gives ${shape.join("x")}`);
}

/**
 * Dataset(mnist) -> transforms -> DataLoader -> `kind` (id `subject`) -> [Flatten] -> Linear(10)
 * -> Softmax -> Loss -> Optimizer; Softmax itself comes after the Linear.
 */
export function graphAround(kind: NodeKind, extra: Partial<ChainSpec> = {}): GraphDocument {
  const example = LAYER_CASES[kind];
  if (!example) throw new Error(`${kind} is no layer of the model`);
  const subject: NodeSpec = [kind, example.params, "subject"];
  const input = example.input ?? [784];
  const output = kindDef(kind).inferShape({ params: kindDef(kind).params.parse(example.params), inputs: { x: input } });
  const flat: NodeSpec[] = output.x && output.x.length > 1 ? [["Flatten", {}, "flat"]] : [];
  const head: NodeSpec[] = [...flat, ["Linear", { units: 10 }, "head"], ["Softmax", {}, "probs"]];
  const layers: NodeSpec[] = kind === "Softmax" ? [["Linear", { units: 10 }, "head"], subject] : [subject, ...head];
  return chainGraph({ name: `example ${kind}`, ...dataFor(input), layers, ...extra });
}
