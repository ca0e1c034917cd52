import { quoteFromFile } from "../../shared/quote";
import { type KerasLayer, layerName } from "./layers";

type Json = Record<string, unknown>;
export const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** The model's layers from input to output, and the shape of one input sample. */
export interface LayerChain {
  layers: KerasLayer[];
  inputShape: number[];
}

/**
 * The Keras topology inside a model.json: TF.js's `modelTopology`, the converter's nesting of it
 * in `modelTopology.model_config`, or a bare topology.
 */
export function topologyOf(modelJson: Json): Json | null {
  let topology = modelJson.modelTopology ?? modelJson;
  if (isObject(topology) && isObject(topology.model_config)) topology = topology.model_config;
  return isObject(topology) && typeof topology.class_name === "string" ? topology : null;
}

/**
 * The names of the layers feeding `layer`: Keras 2 and TF.js write `[[["name", 0, 0, {}]]]`,
 * Keras 3 `[{ args: [{ config: { keras_history: ["name", 0, 0] } }] }]`.
 */
function inboundNames(layer: KerasLayer): { names: string[]; calls: number } {
  const inbound = (layer as unknown as { inbound_nodes?: unknown }).inbound_nodes;
  if (!Array.isArray(inbound)) return { names: [], calls: 0 };
  const names: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      if (typeof value[0] === "string" && typeof value[1] === "number") names.push(value[0]);
      else value.forEach(visit);
    } else if (isObject(value)) {
      const history = isObject(value.config) ? value.config.keras_history : undefined;
      if (Array.isArray(history) && typeof history[0] === "string") names.push(history[0]);
      else Object.values(value).forEach(visit);
    }
  };
  inbound.forEach(visit);
  return { names, calls: inbound.length };
}

/** A functional model's layers in order, following each layer's one input back from the output. */
function functionalChain(config: Json, layers: KerasLayer[]): KerasLayer[] | { errors: string[] } {
  const byName = new Map(layers.map((l) => [layerName(l), l]));
  const outputs = Array.isArray(config.output_layers) ? config.output_layers : [];
  const inputs = Array.isArray(config.input_layers) ? config.input_layers : [];
  // Keras 3 writes one input or output as ["name", 0, 0] rather than [["name", 0, 0]].
  const single = (list: unknown[]) => (typeof list[0] === "string" ? [list] : list);
  if (single(outputs).length !== 1 || single(inputs).length !== 1) {
    return { errors: ["NetLoom imports models with one input and one output"] };
  }
  const ordered: KerasLayer[] = [];
  let name = [single(outputs)[0]].flat()[0] as unknown;
  while (typeof name === "string") {
    const layer = byName.get(name);
    if (!layer) return { errors: [`layer ${quoteFromFile(name)} is referenced but not defined`] };
    // A file may wire a layer to itself, directly or round a loop: that would never end.
    if (ordered.includes(layer)) return { errors: [`layer ${quoteFromFile(name)} takes its own output as its input`] };
    ordered.unshift(layer);
    const { names, calls } = inboundNames(layer);
    if (calls > 1 || names.length > 1) {
      return { errors: [`layer ${quoteFromFile(name)} has several inputs; NetLoom imports chains of layers`] };
    }
    name = names[0];
  }
  if (ordered.length !== layers.length) return { errors: ["the model branches; NetLoom imports chains of layers"] };
  return ordered;
}

/** One sample's shape from the shape with the batch axis that the first layer declares. */
function inputShapeOf(first: KerasLayer | undefined): number[] | null {
  const c = first?.config ?? {};
  const build = isObject(c.build_config) ? c.build_config.input_shape : undefined;
  const shape = c.batch_input_shape ?? c.batch_shape ?? c.batchInputShape ?? build;
  if (!Array.isArray(shape) || shape.length < 2) return null;
  const sample = shape.slice(1);
  return sample.every((d) => Number.isInteger(d) && d > 0) ? (sample as number[]) : null;
}

/**
 * The layers from input to output of a Sequential model (its `config.layers`, or the list Keras 1
 * and early Keras 2 wrote as `config` itself) or of a chain-shaped functional model, refusing
 * branches and several inputs or outputs.
 */
export function layerChain(topology: Json): LayerChain | { errors: string[] } {
  const config = topology.config;
  const raw = Array.isArray(config) ? config : isObject(config) ? config.layers : undefined;
  if (!Array.isArray(raw) || raw.length === 0) return { errors: ["the model has no layers"] };
  const layers = raw.filter(isObject) as unknown as KerasLayer[];
  let ordered = layers;
  if (topology.class_name !== "Sequential" && isObject(config)) {
    const chain = functionalChain(config, layers);
    if ("errors" in chain) return chain;
    ordered = chain;
  }
  const inputShape = inputShapeOf(ordered[0]);
  if (!inputShape) return { errors: ["the first layer does not say its input shape (batch_input_shape)"] };
  return { layers: ordered, inputShape };
}
