import type { z } from "zod";
import * as activations from "./activations";
import * as conv from "./conv";
import * as data from "./data";
import * as layers from "./layers";
import * as training from "./lossOptimizer";
import * as norm from "./norm";
import * as pooling from "./pooling";
import * as reshape from "./reshape";
import type { LayerRule } from "./rules";
import { sizeOf } from "./shapes";
import type { Category, DataRule, KindDef, Shape } from "./types";

export * from "./datasets";
export * from "./images";
export * from "./lossOptimizer";
export * from "./rules";
export * from "./shapes";
export * from "./types";

/**
 * Every node kind, keyed by its name: the one source for palette, inspector, compiler, PyTorch
 * export, weight mapping and import. Adding a kind means adding its entry here.
 */
export const catalog = {
  Dataset: data.Dataset,
  Normalize: data.Normalize,
  Flatten: data.Flatten,
  OneHot: data.OneHot,
  DataLoader: data.DataLoader,
  Linear: layers.Linear,
  Dropout: layers.Dropout,
  Conv2D: conv.Conv2D,
  MaxPool2D: pooling.MaxPool2D,
  AvgPool2D: pooling.AvgPool2D,
  GlobalAvgPool2D: pooling.GlobalAvgPool2D,
  BatchNorm: norm.BatchNorm,
  Reshape: reshape.Reshape,
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
/** A kind with its params: a union keyed by kind, so testing `kind` narrows `params`. */
export type KindParams = { [K in NodeKind]: { kind: K; params: ParamsOf<K> } }[NodeKind];

/** A Dataset node's params: what the engine needs to load its data. */
export type DatasetParams = ParamsOf<"Dataset">;

export const NODE_KINDS = Object.keys(catalog) as NodeKind[];
export const CATEGORIES: readonly Category[] = ["Data", "Layers", "Activations", "Training"];

export function isNodeKind(kind: string): kind is NodeKind {
  return Object.hasOwn(catalog, kind);
}

/** The catalog entry of `kind`, typed loosely for generic code (inspector, palette). */
export function kindDef(kind: NodeKind): KindDef {
  return catalog[kind] as unknown as KindDef;
}

/**
 * How `kind` becomes model layers, PyTorch code and weights; undefined for data and role kinds.
 * Typed loosely: callers pass a node's params as {@link KindParams} pairs them with its kind.
 */
export function layerRule(kind: NodeKind): LayerRule<Record<string, unknown>> | undefined {
  const rule = kindDef(kind).compile;
  return "layer" in rule ? rule.layer : undefined;
}

/** How `kind` transforms dataset columns; undefined for kinds that do not. */
export function dataRule(kind: NodeKind): DataRule<Record<string, unknown>> | undefined {
  const rule = kindDef(kind).compile;
  return "data" in rule ? rule.data : undefined;
}

/** Default params of a kind, as the palette puts them on a new node. */
export function defaultParams(kind: NodeKind): Record<string, unknown> {
  return kindDef(kind).params.parse({}) as Record<string, unknown>;
}

/**
 * Weights a node holds for this input, as its Keras layers declare them (trainable or not, as
 * Keras and TF.js count them); undefined for kinds without weights.
 */
export function paramCount({ kind, params }: KindParams, inputShape: Shape): number | undefined {
  const weights = layerRule(kind)
    ?.layers(params, inputShape)
    .flatMap((l) => l.weights ?? []);
  return weights?.length ? weights.reduce((sum, w) => sum + sizeOf(w.shape), 0) : undefined;
}

/** A node's params checked against its kind's schema, with defaults applied. */
export function parseParams(
  kind: NodeKind,
  raw: unknown,
): { ok: true; value: KindParams } | { ok: false; error: z.ZodError } {
  const parsed = kindDef(kind).params.safeParse(raw);
  // The schema of `kind` made these params, so they are `kind`'s.
  return parsed.success
    ? { ok: true, value: { kind, params: parsed.data } as KindParams }
    : { ok: false, error: parsed.error };
}

/** The params of node `id` when it is of `kind`. */
export function paramsAt<K extends NodeKind>(
  table: ReadonlyMap<string, KindParams>,
  id: string | undefined,
  kind: K,
): ParamsOf<K> | undefined {
  const entry = id === undefined ? undefined : table.get(id);
  return entry?.kind === kind ? (entry.params as unknown as ParamsOf<K>) : undefined;
}
