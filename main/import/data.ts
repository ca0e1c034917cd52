import { type DatasetInfo, kindDef, type LossName, type Shape, sizeOf } from "../../shared/catalog";
import type { ImportedNode } from "./layers";

/** The data side NetLoom gives an imported model: its Dataset, feature transforms and targets. */
export interface DataChoice {
  /** The Dataset node's params. */
  dataset: Record<string, unknown>;
  /** Kinds between the Dataset and the DataLoader's x, in order. */
  x: ("Normalize" | "Flatten")[];
  /** One-hot the class labels into this many classes, when the output has one unit per class. */
  oneHot?: number;
  /** What the model says of data that must still be chosen, so the graph compiles until it is. */
  guess?: DatasetInfo;
}

/** The model's output shape, running the catalog's shape rules down the chain; null when a rule refuses. */
export function outputShape(inputShape: Shape, nodes: readonly ImportedNode[]): Shape | null {
  let shape = inputShape;
  for (const node of nodes) {
    const def = kindDef(node.kind);
    try {
      const out = def.inferShape({ params: def.params.parse(node.params), inputs: { x: shape } }).x;
      if (!out) return null;
      shape = out;
    } catch {
      return null;
    }
  }
  return shape;
}

const MNIST_SHAPES = ["784", "28,28", "28,28,1"];

/**
 * Picks the data an imported model trains and is evaluated on. A model of 28x28 images (784
 * values, [28, 28] or [28, 28, 1]) with 10 outputs gets MNIST, scaled to [0, 1] as NetLoom's
 * MNIST models are; other flat inputs a CSV table and other images IDX files, left for the user to
 * choose. Class labels are one-hot encoded when the output has one unit per class.
 */
export function chooseData(inputShape: Shape, nodes: readonly ImportedNode[], loss: LossName): DataChoice {
  const output = outputShape(inputShape, nodes);
  const outputs = output ? sizeOf(output) : 0;
  const last = nodes[nodes.length - 1]?.kind;
  const classes = loss === "categoricalCrossentropy" || last === "Softmax" || last === "Sigmoid";
  const oneHot = classes && outputs > 1 ? outputs : undefined;
  const channels = inputShape.length === 3 && inputShape[2] === 1;
  if (MNIST_SHAPES.includes(inputShape.join()) && outputs === 10) {
    return {
      dataset: { source: "mnist", ...(channels ? { channelAxis: true } : {}) },
      x: inputShape.length === 1 ? ["Normalize", "Flatten"] : ["Normalize"],
      ...(oneHot ? { oneHot } : {}),
    };
  }
  const image = inputShape.length > 1;
  const guess: DatasetInfo = {
    // IDX files hold [n, h, w] images; the channel axis gives them [h, w, 1].
    xShape: channels ? inputShape.slice(0, 2) : inputShape,
    yShape: [1],
    ...(classes ? { classes: Math.max(2, outputs) } : {}),
    trainSamples: 1_000_000,
    testSamples: 0,
  };
  return {
    dataset: image ? { source: "idx", ...(channels ? { channelAxis: true } : {}) } : { source: "csv" },
    x: [],
    ...(oneHot ? { oneHot } : {}),
    guess,
  };
}
