import type { StepRule } from "./stepRules";
import type { Shape } from "./types";

/**
 * One weight of a Keras layer, as TF.js names and shapes it, with the PyTorch parameter or buffer
 * that holds it: `kernel` [inputs, units] of a Dense layer is `weight` [units, inputs] of nn.Linear.
 */
export interface WeightDef {
  /** TF.js's name within the layer: `kernel`, `bias`, `gamma`, `moving_mean`... */
  name: string;
  /** TF.js's shape. */
  shape: Shape;
  /** The attribute of the node's PyTorch module: `weight`, `bias`, `running_mean`... */
  torch: string;
  /** TF.js axes in PyTorch's order: the PyTorch tensor is the TF.js array transposed by `axes`. */
  axes: readonly number[];
}

/** One Keras layer to emit; the compiler adds `name` and wiring. */
export interface KerasLayerSpec {
  /** Appended to the node's layer name when a kind emits several layers. */
  suffix?: string;
  className: string;
  config: Record<string, unknown>;
  /** The weights TF.js creates for this layer, in its order (none for weightless layers). */
  weights?: readonly WeightDef[];
}

/** The order of an image tensor's axes in PyTorch code: NetLoom's own (NHWC) or PyTorch's (NCHW). */
export type TorchLayout = "channelsLast" | "channelsFirst";

/** What a kind's PyTorch rule knows when writing its code. */
export interface TorchContext<P> {
  params: P;
  /** Per-sample shape at the input and output, in NetLoom's (TF.js's) channels-last order. */
  inputShape: Shape;
  outputShape: Shape;
  /** The axis order of `x` as the rule receives it, when it is an image. */
  layout: TorchLayout;
  /** A fresh `self.` attribute for one of this node's modules, made from the node id. */
  attribute(fallback: string): string;
  /** True for the model's last node when the loss takes log-probabilities (NLLLoss). */
  logProbabilities: boolean;
}

/** The PyTorch code of one node: modules for `__init__`, lines for `forward` (which maps `x` to `x`). */
export interface TorchCode {
  init?: string[];
  /** Lines of `reset_parameters` that start the weights as Keras does (Glorot-uniform kernels, zero biases). */
  reset?: string[];
  forward: string[];
  /** The attribute whose module holds the weights the Keras layers declare. */
  weights?: string;
}

/** How a model-side kind is written as PyTorch code. */
export interface TorchRule<P> {
  /**
   * The layout an image input must be in: channels-first for Conv2d, pooling and BatchNorm2d,
   * channels-last where the order of values matters (Flatten, Reshape, Softmax). Omitted for
   * element-wise kinds, which take either.
   */
  layout?: TorchLayout;
  code(ctx: TorchContext<P>): TorchCode;
}

/** A Keras layer as a model.json holds it. */
export interface KerasLayerIn {
  class_name: string;
  config: Record<string, unknown>;
  name?: string;
}

/** What a kind reads from the Keras layers at one place of an imported chain. */
export type ImportMatch<P> =
  | {
      /** Params as read; the kind's schema checks them. */
      params: { [Key in keyof P]?: unknown };
      /** Keras layers this node stands for (default 1). */
      consumed?: number;
      /** A Keras activation the layer applies after itself, imported as its own node. */
      activation?: unknown;
    }
  | { error: string };

/** How Keras layers become a node of this kind when a model is imported. */
export interface ImportRule<P> {
  /** Keras class names that start this kind. */
  classNames: readonly string[];
  /** The Keras activation name this kind stands for (`relu`), as `Activation` layers and `activation` options give it. */
  activation?: string;
  /** The node for the layers from `at` on; null when they are not this kind (e.g. a Dense that is not Maxout's). */
  read?(layers: readonly KerasLayerIn[], at: number): ImportMatch<P> | null;
}

/** How a model-side kind becomes tfjs layers and PyTorch code, and how it is imported. */
export interface LayerRule<P> {
  /** The Keras layers, in order; `[]` when the node is a no-op for this input. */
  layers(params: P, inputShape: Shape): KerasLayerSpec[];
  torch: TorchRule<P>;
  import: ImportRule<P>;
  /** Step mode's forward and backward formulas; kinds without one are shown by their numbers alone. */
  step?: StepRule<P>;
}
