import { type KindParams, layerRule, type Shape, type WeightDef } from "../catalog";

/** One inbound connection in tfjs/Keras JSON: `[layerName, nodeIndex, tensorIndex, kwargs]`. */
export type KerasInbound = [string, number, number, Record<string, never>];

export interface KerasLayerJson {
  class_name: string;
  name: string;
  config: Record<string, unknown>;
  inbound_nodes: KerasInbound[][];
}

/** A functional model in the JSON format `tf.models.modelFromJSON` reads and `model.toJSON()` writes. */
export interface KerasModelJson {
  class_name: "Model";
  config: {
    name: string;
    layers: KerasLayerJson[];
    input_layers: [string, number, number][];
    output_layers: [string, number, number][];
  };
  keras_version: string;
  backend: string;
}

/** A model-side node of the chain with its params and shapes, before it becomes layers. */
export type ChainNode = KindParams & {
  nodeId: string;
  inputShape: Shape;
  outputShape: Shape;
};

/** A weight of the compiled model: the Keras layer holding it, and how PyTorch holds it. */
export interface ModelWeight extends WeightDef {
  /** The Keras layer; TF.js calls the weight `layer/name`. */
  layer: string;
}

/** One model-side node of the compiled chain, in order from input to output; `params` typed by `kind`. */
export type ModelStep = ChainNode & {
  /** Names of the Keras layers this node became (none for a no-op). */
  layers: string[];
  /** The weights of those layers, in TF.js's order. */
  weights: ModelWeight[];
};

export const INPUT_LAYER = "input";

/** Builds the functional model JSON for a chain of nodes fed by `inputShape`. */
export function buildKerasModel(
  name: string,
  inputShape: Shape,
  steps: readonly ChainNode[],
): { model: KerasModelJson; steps: ModelStep[] } {
  const used = new Set<string>([INPUT_LAYER]);
  const layers: KerasLayerJson[] = [
    {
      class_name: "InputLayer",
      name: INPUT_LAYER,
      config: { batch_input_shape: [null, ...inputShape], dtype: "float32", sparse: false, name: INPUT_LAYER },
      inbound_nodes: [],
    },
  ];
  let previous = INPUT_LAYER;
  const built: ModelStep[] = [];
  for (const step of steps) {
    const specs = layerRule(step.kind)?.layers(step.params, step.inputShape) ?? [];
    const base = layerBaseName(step.nodeId, step.kind);
    const names: string[] = [];
    const weights: ModelWeight[] = [];
    for (const spec of specs) {
      const layerName = unique(spec.suffix ? `${base}_${spec.suffix}` : base, used);
      layers.push({
        class_name: spec.className,
        name: layerName,
        config: { ...spec.config, name: layerName, trainable: true },
        inbound_nodes: [[[previous, 0, 0, {}]]],
      });
      names.push(layerName);
      for (const w of spec.weights ?? []) weights.push({ ...w, layer: layerName });
      previous = layerName;
    }
    built.push({ ...step, layers: names, weights });
  }
  return {
    model: {
      class_name: "Model",
      config: { name, layers, input_layers: [[INPUT_LAYER, 0, 0]], output_layers: [[previous, 0, 0]] },
      keras_version: "tfjs-layers 4.22.0",
      backend: "tensor_flow.js",
    },
    steps: built,
  };
}

/** A Keras-safe layer name from a node id: letters, digits, `_`, `-`, `.`, starting with a letter. */
export function layerBaseName(nodeId: string, kind: string): string {
  const clean = nodeId.replace(/[^A-Za-z0-9_.-]/g, "_");
  return /^[A-Za-z]/.test(clean) ? clean : `${kind.toLowerCase()}_${clean}`;
}

function unique(name: string, used: Set<string>): string {
  let candidate = name;
  for (let i = 2; used.has(candidate); i++) candidate = `${name}_${i}`;
  used.add(candidate);
  return candidate;
}
