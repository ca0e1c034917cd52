import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../../../main/engine/backend";
import { buildModel, makeOptimizer, seedInitializers, setLearningRate } from "../../../../main/engine/model";
import type { Tf } from "../../../../main/engine/tf";
import { type CompileSuccess, compileGraph } from "../../../../shared/compile";
import { loadPreset } from "../../../../shared/presets";

let tf: Tf;
let compiled: CompileSuccess;
beforeAll(async () => {
  tf = (await selectBackend({ force: "cpu" })).tf;
  const result = compileGraph(loadPreset("mnist"));
  if (!result.ok) throw new Error("the preset compiles");
  compiled = result;
});

const weights = async (seed: number) => {
  const model = await buildModel(tf, compiled.model, seed);
  const values = model.getWeights().map((w) => Array.from(w.dataSync()));
  model.dispose();
  return values;
};

describe("model building", () => {
  it("gives every random initializer its own seed, and leaves the compiled JSON alone", () => {
    const seeded = seedInitializers(compiled.model, 42);
    const seeds = seeded.config.layers
      .map((l) => (l.config.kernel_initializer as { config?: { seed?: unknown } } | undefined)?.config?.seed)
      .filter((s) => s !== undefined);
    expect(seeds).toHaveLength(2);
    expect(new Set(seeds).size).toBe(2);
    expect(seeds.every((s) => typeof s === "number")).toBe(true);
    const original = compiled.model.config.layers.find((l) => l.class_name === "Dense");
    const initializer = original?.config.kernel_initializer as { config: { seed: unknown } } | undefined;
    expect(initializer?.config.seed).toBeNull();
  });

  it("starts from the same weights for the same seed, other weights for another", async () => {
    const a = await weights(5);
    expect(await weights(5)).toEqual(a);
    expect((await weights(6))[0]).not.toEqual(a[0]);
  });

  it("maps each optimizer of the graph to its TF.js class", () => {
    const spec = { ...compiled.optimizer };
    const name = (o: ReturnType<typeof makeOptimizer>) => o.getClassName();
    expect(name(makeOptimizer(tf, { ...spec, name: "sgd", momentum: 0.9 }))).toBe("Momentum");
    expect(name(makeOptimizer(tf, { ...spec, name: "sgd", momentum: 0 }))).toBe("SGD");
    expect(name(makeOptimizer(tf, { ...spec, name: "adam" }))).toBe("Adam");
    expect(name(makeOptimizer(tf, { ...spec, name: "adadelta" }))).toBe("Adadelta");
    expect(name(makeOptimizer(tf, { ...spec, name: "rmsprop" }))).toBe("RMSProp");
    expect(name(makeOptimizer(tf, { ...spec, name: "adagrad" }))).toBe("Adagrad");
  });

  it.each([
    ["sgd", 0],
    ["sgd", 0.9],
    ["adam", 0],
    ["adadelta", 0],
    ["rmsprop", 0],
    ["rmsprop", 0.9],
    ["adagrad", 0],
  ] as const)("makes %s (momentum %d) step by a learning rate set after it was made", (name, momentum) => {
    /** The change of w = 1 by one step of gradient 1, after setting the learning rate to `lr` (or not). */
    const firstStep = (lr?: number) => {
      const optimizer = makeOptimizer(tf, { ...compiled.optimizer, name, momentum, learningRate: 0.1 });
      if (lr !== undefined) setLearningRate(optimizer, lr);
      const w = tf.variable(tf.scalar(1));
      optimizer.applyGradients([{ name: w.name, tensor: tf.scalar(1) }]);
      const change = (w.dataSync()[0] as number) - 1;
      w.dispose();
      optimizer.dispose();
      return change;
    };
    const original = firstStep();
    expect(original).toBeLessThan(0);
    // Every rule's step is proportional to its learning rate.
    expect(firstStep(0.025)).toBeCloseTo(original / 4, 7);
  });
});
