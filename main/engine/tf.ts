/** The TensorFlow.js namespace the engine trains with: `@tensorflow/tfjs`, or a native package's re-export of it. */
export type Tf = typeof import("@tensorflow/tfjs");
export type Tensor = import("@tensorflow/tfjs").Tensor;
export type LayersModel = import("@tensorflow/tfjs").LayersModel;
