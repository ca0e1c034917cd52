import { quoteFromFile } from "../../shared/quote";

/** One NetLoom node made from one or more Keras layers of an imported model. */
export interface ImportedNode {
  kind: string;
  params: Record<string, unknown>;
  /** The Keras layer that holds this node's weights, if any. */
  weightLayer?: string;
  /** The Keras layer names this node came from, for messages and ids. */
  from: string[];
}

/** A Keras class name as written (`Conv2D`) when it is one, else quoted or described. */
function className(name: string): string {
  return /^\w{1,60}$/.test(name) ? name : quoteFromFile(name);
}

export interface KerasLayer {
  class_name: string;
  config: Record<string, unknown>;
  name?: string;
}

const ACTIVATIONS: Record<string, string | null> = {
  linear: null,
  relu: "ReLU",
  sigmoid: "Sigmoid",
  tanh: "Tanh",
  softmax: "Softmax",
  elu: "ELU",
};

/** Layer classes NetLoom can import, for the error that names an unknown one. */
export const IMPORTABLE = [
  "InputLayer",
  "Dense",
  "Activation",
  "ReLU",
  "LeakyReLU",
  "ELU",
  "Softmax",
  "Dropout",
  "Flatten",
  "Dense + Reshape + GlobalMaxPooling1D (Maxout)",
];

export function layerName(layer: KerasLayer): string {
  return String(layer.config.name ?? layer.name ?? layer.class_name);
}

/** Maps a chain of Keras layers to NetLoom nodes, or names each layer it cannot map. */
export function nodesFromLayers(layers: KerasLayer[]): { nodes: ImportedNode[]; errors: string[] } {
  const nodes: ImportedNode[] = [];
  const errors: string[] = [];
  const activation = (name: unknown, from: string) => {
    const key = typeof name === "string" ? name : "linear";
    // Own keys only: "constructor" or "toString" in a file is an unknown activation, not Object's.
    if (!Object.hasOwn(ACTIVATIONS, key)) {
      errors.push(
        `layer ${quoteFromFile(from)} uses the activation ${quoteFromFile(key)}, which NetLoom does not have`,
      );
      return;
    }
    const kind = ACTIVATIONS[key];
    if (kind) nodes.push({ kind, params: kind === "ELU" ? { alpha: 1 } : {}, from: [from] });
  };
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i] as KerasLayer;
    const name = layerName(layer);
    const c = layer.config;
    switch (layer.class_name) {
      case "InputLayer":
        break;
      case "Dense": {
        const next = layers[i + 1];
        const after = layers[i + 2];
        const target = next?.config.target_shape as number[] | undefined;
        if (next?.class_name === "Reshape" && after?.class_name === "GlobalMaxPooling1D" && target?.length === 2) {
          const [pieces, units] = target as [number, number];
          nodes.push({
            kind: "Maxout",
            params: { units, pieces },
            weightLayer: name,
            from: [name, layerName(next), layerName(after)],
          });
          i += 2;
          break;
        }
        nodes.push({
          kind: "Linear",
          params: { units: c.units, bias: c.use_bias !== false },
          weightLayer: name,
          from: [name],
        });
        activation(c.activation, name);
        break;
      }
      case "Activation":
        activation(c.activation, name);
        break;
      case "ReLU":
        if (c.max_value != null)
          errors.push(
            `layer ${quoteFromFile(name)} is a ReLU capped at ${Number(c.max_value)}, which NetLoom does not have`,
          );
        else nodes.push({ kind: "ReLU", params: {}, from: [name] });
        break;
      case "LeakyReLU":
        nodes.push({ kind: "LeakyReLU", params: { alpha: c.alpha ?? c.negative_slope ?? 0.3 }, from: [name] });
        break;
      case "ELU":
        nodes.push({ kind: "ELU", params: { alpha: c.alpha ?? 1 }, from: [name] });
        break;
      case "Softmax":
        nodes.push({ kind: "Softmax", params: {}, from: [name] });
        break;
      case "Dropout":
        nodes.push({ kind: "Dropout", params: { rate: c.rate }, from: [name] });
        break;
      case "Flatten":
        nodes.push({ kind: "Flatten", params: {}, from: [name] });
        break;
      default:
        errors.push(
          `layer ${quoteFromFile(name)} is a ${className(layer.class_name)}, which NetLoom cannot import (it knows ${IMPORTABLE.join(", ")})`,
        );
    }
  }
  return { nodes, errors };
}
