import type { z } from "zod";
import type { LayerRule } from "./rules";

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
  | "NOT_IMAGE"
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
 * Every kind must say how it compiles: as layers (with their PyTorch code and import rule), as a
 * data step (or both, like Flatten), or as one of the structural roles the compiler handles itself.
 */
export type CompileRule<P> =
  | { layer: LayerRule<P>; data?: DataRule<P> }
  | { data: DataRule<P> }
  | { role: "dataset" | "loader" | "loss" | "optimizer" };

/** A problem a kind's own check finds on a node. */
export interface Finding {
  severity: "error" | "warning";
  code: DiagnosticCode;
  message: string;
}

/** What a kind's check sees of its node and the graph around it. */
export interface CheckContext<P> {
  params: P;
  /** Shapes at the node's connected inputs. */
  inputs: Readonly<Record<string, Shape>>;
  /** The graph's dataset, when its shape is known, and how many samples train. */
  data?: { info: DatasetInfo; trainingSamples: number };
  /** The node feeding `port`, looking through kinds that do nothing at inference (Dropout). */
  source(port: string): { kind: string; shape?: Shape } | undefined;
}

/** Display names of the values of a kind's choice params (`categoricalCrossentropy` -> `Categorical cross-entropy`). */
export type ParamLabels<P> = { [Key in keyof P]?: P[Key] extends string ? Record<P[Key], string> : never };

/** One entry of the node catalog: everything the palette, inspector, compiler, exporters and importer need. */
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
  /** Display names of choice values. */
  labels?: ParamLabels<P>;
  /** Output shape per output port. Throws `ShapeError` with a message that says what to do. */
  inferShape(input: InferInput<P>): Record<string, Shape>;
  /** Problems that need more than the node's own shapes: the loss against the last activation... */
  check?(ctx: CheckContext<P>): Finding[];
  /** True when the node does nothing at inference, so checks look through it (Dropout). */
  transparent?: boolean;
  /** The node in one line, with its sizes: `Linear(784 -> 300)`; the label when omitted. */
  summary?(params: P, inputShape: Shape): string;
  compile: CompileRule<P>;
}

/** Types a catalog entry and checks it against `KindDef` without widening its kind or params. */
export function defineKind<K extends string, P extends Record<string, unknown>>(def: KindDef<K, P>): KindDef<K, P> {
  return def;
}
