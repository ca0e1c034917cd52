import * as activations from "./activations";
import * as data from "./data";
import * as layers from "./layers";
import * as training from "./lossOptimizer";
import type { Category, KindDef } from "./types";

export * from "./datasets";
export * from "./lossOptimizer";
export * from "./shapes";
export * from "./types";

/** Every node kind, keyed by its name. The one source for palette, inspector and compiler. */
export const catalog = {
  Dataset: data.Dataset,
  Normalize: data.Normalize,
  Flatten: data.Flatten,
  OneHot: data.OneHot,
  DataLoader: data.DataLoader,
  Linear: layers.Linear,
  Dropout: layers.Dropout,
  Sigmoid: activations.Sigmoid,
  Tanh: activations.Tanh,
  ReLU: activations.ReLU,
  LeakyReLU: activations.LeakyReLU,
  ELU: activations.ELU,
  Maxout: activations.Maxout,
  Softmax: activations.Softmax,
  Loss: training.Loss,
  Optimizer: training.Optimizer,
} as const;

export type Catalog = typeof catalog;
export type NodeKind = keyof Catalog;
/** The params of a kind after defaults are applied. */
export type ParamsOf<K extends NodeKind> = Catalog[K] extends KindDef<K, infer P> ? P : never;

/** A Dataset node's params: what the engine needs to load its data. */
export type DatasetParams = ParamsOf<"Dataset">;

export const NODE_KINDS = Object.keys(catalog) as NodeKind[];
export const CATEGORIES: readonly Category[] = ["Data", "Layers", "Activations", "Training"];

export function isNodeKind(kind: string): kind is NodeKind {
  return Object.hasOwn(catalog, kind);
}

/** The catalog entry of `kind`, typed loosely for generic code (inspector, compiler). */
export function kindDef(kind: NodeKind): KindDef {
  return catalog[kind] as unknown as KindDef;
}

/** Default params of a kind, as the palette puts them on a new node. */
export function defaultParams(kind: NodeKind): Record<string, unknown> {
  return kindDef(kind).params.parse({}) as Record<string, unknown>;
}
