import type { Optimizer } from "@tensorflow/tfjs";
import type { KerasModelJson, OptimizerSpec } from "../../shared/compile";
import { registerTrainingDense } from "../tfjs/denseLayer";
import { registerEluWithAlpha } from "../tfjs/eluLayer";
import type { LayersModel, Tf } from "./tf";

const registered = new WeakSet<object>();

/** Builds the compiled Keras JSON with `tf.models.modelFromJSON`, its initializers seeded from `seed`. */
export async function buildModel(tf: Tf, model: KerasModelJson, seed: number): Promise<LayersModel> {
  // ELU with alpha != 1 and Dense without unneeded gradients are NetLoom's layer classes;
  // register them once per tfjs instance.
  if (!registered.has(tf.serialization)) {
    registerEluWithAlpha(tf);
    registerTrainingDense(tf);
    registered.add(tf.serialization);
  }
  return tf.models.modelFromJSON(seedInitializers(model, seed) as never);
}

/**
 * A copy of the model JSON whose random initializers have fixed seeds, derived from the run seed
 * and the layer's position, so the same seed gives the same starting weights.
 */
export function seedInitializers(model: KerasModelJson, seed: number): KerasModelJson {
  const copy = structuredClone(model);
  copy.config.layers.forEach((layer, i) => {
    let k = 0;
    for (const [key, value] of Object.entries(layer.config)) {
      if (!key.endsWith("_initializer") || !value || typeof value !== "object") continue;
      const init = value as { config?: Record<string, unknown> };
      if (!init.config || !("seed" in init.config)) continue;
      // Layers may share one initializer object (structuredClone keeps the sharing): copy, then seed.
      const config = { ...init.config, seed: (seed * 1009 + i * 31 + k++) % 2 ** 31 };
      layer.config[key] = { ...init, config };
    }
  });
  return copy;
}

/** The optimizer a graph's Optimizer node asks for, as TF.js implements it. */
/**
 * Sets an optimizer's learning rate for its next steps. TF.js's SGD and momentum optimizers step
 * by a scalar made in `setLearningRate`; the others read their `learningRate` field at each step.
 */
export function setLearningRate(optimizer: Optimizer, learningRate: number): void {
  const o = optimizer as Optimizer & { learningRate?: number; setLearningRate?: (lr: number) => void };
  if (typeof o.setLearningRate === "function") o.setLearningRate(learningRate);
  else o.learningRate = learningRate;
}

export function makeOptimizer(tf: Tf, spec: OptimizerSpec): Optimizer {
  const { learningRate: lr, momentum } = spec;
  switch (spec.name) {
    case "sgd":
      // v = μ·v + g, w -= lr·v: PyTorch's SGD with momentum and TF.js's MomentumOptimizer agree.
      return momentum > 0 ? tf.train.momentum(lr, momentum) : tf.train.sgd(lr);
    case "adam":
      return tf.train.adam(lr);
    case "adadelta":
      return tf.train.adadelta(lr);
    case "rmsprop":
      return tf.train.rmsprop(lr, 0.9, momentum);
    case "adagrad":
      return tf.train.adagrad(lr);
  }
}
