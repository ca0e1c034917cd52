import type { z } from "zod";

/** A per-sample tensor shape, without the batch dimension: MNIST images are `[28, 28]`. */
export type Shape = readonly number[];

/**
 * What flows along an edge: `data` is a dataset column before the DataLoader, `tensor` a batch
 * inside the model, `loss` the link from a Loss to its Optimizer.
 */
export type PortType = "data" | "tensor" | "loss";

/** A named input or output of a node kind. */
export interface PortDef {
  name: string;
  label: string;
  /** Port types this port carries or accepts; a connection needs one in common. */
  types: readonly PortType[];
}

export type Category = "Data" | "Layers" | "Activations" | "Training";

/** Codes of compiler diagnostics, stable so tests and the UI can match on them. */
export type DiagnosticCode =
  | "UNKNOWN_KIND"
  | "BAD_PARAMS"
  | "BAD_EDGE"
  | "PORT_TYPE"
  | "DUPLICATE_INPUT"
  | "CYCLE"
  | "UNCONNECTED"
  | "NOT_FLAT"
  | "SHAPE_MISMATCH"
  | "BAD_LABELS"
  | "DATA_UNKNOWN"
  | "NO_DATASET"
  | "NO_LOADER"
  | "NO_LOSS"
  | "TWO_LOSSES"
  | "TOO_MANY"
  | "NO_OPTIMIZER"
  | "TOO_LARGE"
  | "BATCH_TOO_LARGE"
  | "LOSS_ACTIVATION"
  | "WRONG_PATH"
  | "UNUSED"
  | "NO_OP"
  | "PORTABILITY"
  | "INTERNAL";

/** A shape-inference failure; the compiler turns it into a diagnostic on the node. */
export class ShapeError extends Error {
  constructor(
    readonly code: DiagnosticCode,
    message: string,
  ) {
    super(message);
    this.name = "ShapeError";
  }
}

/** What the compiler knows of a dataset before reading it (built in) or after inspecting it. */
export interface DatasetInfo {
  /** Shape of one feature sample, e.g. `[28, 28]`. */
  xShape: Shape;
  /** Shape of one label: `[1]` for a class index or a single value. */
  yShape: Shape;
  /** Number of classes when labels are class indices. */
  classes?: number;
  trainSamples: number;
  testSamples: number;
}

/** Inputs to a kind's shape rule. */
export interface InferInput<P> {
  params: P;
  /** Shape arriving at each connected input port; absent when unconnected or unknown. */
  inputs: Readonly<Record<string, Shape | undefined>>;
  /** Set for Dataset nodes whose data is known (built in, or inspected from a file). */
  dataset?: DatasetInfo;
}

/** One Keras layer to emit; the compiler adds `name` and wiring. */
export interface KerasLayerSpec {
  /** Appended to the node's layer name when a kind emits several layers. */
  suffix?: string;
  className: string;
  config: Record<string, unknown>;
}

/** How a model-side kind becomes tfjs layers. Returns `[]` when it is a no-op. */
export interface LayerRule<P> {
  layers(params: P, inputShape: Shape): KerasLayerSpec[];
}

/** A transform applied to dataset columns before batching. */
export type DataStep =
  | { op: "normalize"; nodeId: string; mode: "scale" | "standardize"; per: "all" | "feature" }
  | { op: "flatten"; nodeId: string }
  | { op: "oneHot"; nodeId: string; classes: number };

/** How a data-side kind becomes a step of the data plan. */
export interface DataRule<P> {
  step(params: P, nodeId: string): DataStep;
}

/**
 * Every kind must say how it compiles: as layers, as a data step (or both, like Flatten), or as
 * one of the structural roles the compiler handles itself.
 */
export type CompileRule<P> =
  | { layer: LayerRule<P>; data?: DataRule<P> }
  | { data: DataRule<P>; layer?: undefined }
  | { role: "dataset" | "loader" | "loss" | "optimizer" };

/** One entry of the node catalog: everything the palette, inspector and compiler need. */
export interface KindDef<K extends string = string, P extends Record<string, unknown> = Record<string, unknown>> {
  kind: K;
  label: string;
  category: Category;
  /** One sentence, with the formula where there is one. */
  help: string;
  inputs: readonly PortDef[];
  outputs: readonly PortDef[];
  /** Params with defaults and ranges; unknown keys are refused. */
  params: z.ZodType<P>;
  /** Params worth showing on the node itself. */
  inline: readonly (keyof P & string)[];
  /** Params that do not apply for these values (hidden in the inspector). */
  hidden?: (params: P) => readonly (keyof P & string)[];
  /** Output shape per output port. Throws `ShapeError` with a message that says what to do. */
  inferShape(input: InferInput<P>): Record<string, Shape>;
  /** Trainable parameters given the shape at the first input. */
  paramCount?(params: P, inputShape: Shape): number;
  compile: CompileRule<P>;
}

/** Types a catalog entry and checks it against `KindDef` without widening its kind or params. */
export function defineKind<K extends string, P extends Record<string, unknown>>(def: KindDef<K, P>): KindDef<K, P> {
  return def;
}
