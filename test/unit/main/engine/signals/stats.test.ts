import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { disposePass, tracePass } from "../../../../../main/engine/backprop/trace";
import { weightOwners } from "../../../../../main/engine/backprop/weights";
import { SignalSampler } from "../../../../../main/engine/signals/sampler";
import { MAX_SIGNAL_VALUES, packSignals, signalRows, unpackSignals } from "../../../../../main/engine/signals/stats";
import type { ModelStep } from "../../../../../shared/compile";
import { SIGNAL_BINS, SIGNAL_BUDGET, SIGNAL_INTERVAL_MS, SIGNAL_MIN_BATCHES } from "../../../../../shared/signals";
import { chainGraph, compileOk } from "../../../../helpers/chainGraph";
import { referenceModel, seeded } from "../../../../helpers/tfjsReference";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0));

describe("live signals of a sampled batch", () => {
  it("are the statistics of the pass's own outputs, gradients and weights", async () => {
    const compiled = compileOk(
      chainGraph({
        layers: [
          ["Linear", { units: 6 }],
          ["ReLU"],
          ["Linear", { units: 5 }],
          ["Tanh"],
          ["Linear", { units: 10 }],
          ["Sigmoid"],
        ],
        loss: "binaryCrossentropy",
      }),
    );
    const model = await referenceModel(compiled, 5);
    const random = seeded(9);
    const xs = tf.tensor2d(Array.from({ length: 8 }, () => Array.from({ length: 784 }, () => random() * 3)));
    const ys = tf.oneHot(tf.tensor1d([1, 2, 3, 4, 5, 6, 7, 8], "int32"), 10).toFloat();
    const steps = compiled.steps;
    const pass = tracePass({ tf, model, steps, loss: "binaryCrossentropy", xs, ys, training: true, inputGrad: false });
    // A plain SGD step of learning rate 0.1: ΔW = −0.1·∂L/∂W.
    const after = pass.variables.map((v, i) => tf.sub(v, tf.mul(0.1, pass.weightGrads[i] as tf.Tensor)));
    const packed = packSignals(tf, steps, pass, pass.variables, after);
    const owners = weightOwners(model, steps);
    const nodes = unpackSignals(steps, 8, owners, (await packed.data()) as Float32Array);

    nodes.forEach((node, i) => {
      const values = Array.from(pass.outputs[i]?.dataSync() ?? []);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      expect(node.nodeId).toBe(steps[i]?.nodeId);
      expect(node.mean).toBeCloseTo(mean, 5);
      expect(node.std).toBeCloseTo(Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length), 5);
      expect([node.min, node.max]).toEqual([Math.min(...values), Math.max(...values)]);
      expect(node.histogram).toHaveLength(SIGNAL_BINS);
      expect(node.histogram.reduce((a, b) => a + b, 0)).toBe(values.length);
      expect(node.gradNorm).toBeCloseTo(norm(pass.outputGrads[i]?.dataSync() ?? []), 5);
      const kind = steps[i]?.kind;
      if (kind === "ReLU") {
        const units = 6;
        const dead = Array.from({ length: units }, (_, j) =>
          values.filter((_, k) => k % units === j).every((v) => v <= 0),
        );
        expect(node.dead).toBeCloseTo(dead.filter(Boolean).length / units, 6);
      } else expect(node.dead).toBeUndefined();
      if (kind === "Tanh")
        expect(node.saturated).toBeCloseTo(values.filter((v) => Math.abs(v) > 0.98).length / values.length, 6);
      if (kind === "Sigmoid") {
        expect(node.saturated).toBeCloseTo(values.filter((v) => v < 0.01 || v > 0.99).length / values.length, 6);
      }
      if (kind !== "Tanh" && kind !== "Sigmoid") expect(node.saturated).toBeUndefined();
    });
    const linear = nodes[0]?.weights ?? [];
    expect(linear.map((w) => w.name)).toEqual(["weight", "bias"]);
    const kernel = model.trainableWeights[0]?.read().dataSync() ?? [];
    expect(linear[0]?.norm).toBeCloseTo(norm(kernel), 4);
    expect(linear[0]?.gradNorm).toBeCloseTo(norm(pass.weightGrads[0]?.dataSync() ?? []), 5);
    expect(linear[0]?.ratio).toBeCloseTo((0.1 * (linear[0]?.gradNorm ?? 0)) / norm(kernel), 8);
    tf.dispose([xs, ys, packed, ...after]);
    disposePass(tf, pass);
    model.dispose();
  });

  it("take a wide node's statistics from its first samples only", () => {
    expect(signalRows(32, [300])).toBe(32);
    expect(signalRows(32, [28, 28, 32])).toBe(Math.floor(MAX_SIGNAL_VALUES / (28 * 28 * 32)));
    expect(signalRows(32, [1_000_000])).toBe(1);
  });

  it("are reported with a null ratio while a tensor's weights are all 0", () => {
    const doc = chainGraph({ x: [], y: [], layers: [["Linear", { units: 1 }, "l"]], loss: "meanSquaredError" });
    const info = { xShape: [1], yShape: [1], trainSamples: 500, testSamples: 0 };
    const { steps } = compileOk(withIdx(doc), { datasets: { dataset: info } });
    const [node] = unpackSignals(steps, 1, [{ nodeId: "l", name: "bias" }], Float32Array.of(0.5, 2, 3, 0, 0.1));
    expect(node?.weights).toEqual([{ name: "bias", gradNorm: 3, norm: 0, ratio: null }]);
  });
});

describe("the dead share of a ReLU", () => {
  it("counts the units of a vector, and the channels of an image, not positive on any sample", () => {
    const relu = (outputShape: number[]): ModelStep => ({
      nodeId: "r",
      kind: "ReLU",
      params: {},
      inputShape: outputShape,
      outputShape,
      layers: [],
      weights: [],
    });
    // Two samples of 3 units: unit 1 is never positive.
    const vector = Float32Array.of(1, 0, 0, 0, -1, 2, /* gradient norm */ 1);
    expect(unpackSignals([relu([3])], 2, [], vector)[0]?.dead).toBeCloseTo(1 / 3, 6);
    // One sample of a 2x2 image with 2 channels: channel 0 is positive at one pixel, channel 1 at none.
    const image = Float32Array.of(0, 0, 0, -1, 3, 0, 0, -2, /* gradient norm */ 1);
    expect(unpackSignals([relu([2, 2, 2])], 1, [], image)[0]?.dead).toBe(0.5);
  });
});

/** The graph reading IDX files, whose shapes the test gives the compiler. */
function withIdx(doc: ReturnType<typeof chainGraph>) {
  const dataset = { source: "idx", path: "/data/x.idx", labelsPath: "/data/y.idx" };
  return { ...doc, nodes: doc.nodes.map((n) => (n.kind === "Dataset" ? { ...n, params: dataset } : n)) };
}

describe("the signal sampler", () => {
  it(`samples the first batch, then one per ${SIGNAL_INTERVAL_MS} ms and ${SIGNAL_MIN_BATCHES} batches at most, only while on`, () => {
    let on = true;
    const sampler = new SignalSampler([], "meanSquaredError", () => on);
    const sampled: number[] = [];
    for (let batch = 0; batch < 200; batch++) {
      if (batch === 120) on = false;
      // 5 ms per batch: the interval, not the batch count, decides.
      if (sampler.due(batch * 5)) sampled.push(batch);
    }
    expect(sampled).toEqual([0, 50, 100]);
    const fast = new SignalSampler([], "meanSquaredError", () => true);
    const quick: number[] = [];
    // 100 ms per batch: the batch count decides.
    for (let batch = 0; batch < 50; batch++) if (fast.due(batch * 100)) quick.push(batch);
    expect(quick).toEqual([0, 20, 40]);
  });

  it(`waits after a sampled batch until plain batches took its extra time over ${SIGNAL_BUDGET}`, () => {
    const sampler = new SignalSampler([], "meanSquaredError", () => true);
    const sampled: number[] = [];
    let now = 0;
    // 100 ms per plain batch, 180 per sampled one (the run's first takes 900 building kernels):
    // after the first measured sample, 80 ms extra asks for 80 / budget ms between samples.
    for (let batch = 0; batch < 200; batch++) {
      const due = sampler.due(now);
      const ms = due ? (batch === 0 ? 900 : 180) : 100;
      if (due) sampled.push(batch);
      sampler.took(ms, due);
      now += ms;
    }
    const gap = Math.ceil(80 / SIGNAL_BUDGET / 100);
    expect(sampled.slice(0, 3)).toEqual([0, SIGNAL_MIN_BATCHES, SIGNAL_MIN_BATCHES + gap]);
    // Training time the samples after the first added, over the time of 200 plain batches.
    const share = ((sampled.length - 1) * 80) / (200 * 100);
    expect(share).toBeLessThanOrEqual(SIGNAL_BUDGET * 1.05);
  });

  it("does not take a stalled sampled batch for the cost of sampling", () => {
    const sampler = new SignalSampler([], "meanSquaredError", () => true);
    const sampled: number[] = [];
    let now = 0;
    for (let batch = 0; batch < 400; batch++) {
      const due = sampler.due(now);
      if (due) sampled.push(batch);
      // Plain batches take 10 ms, sampled ones 15, but the second sampled one stalls for 5 s.
      const ms = due ? (sampled.length === 2 ? 5000 : 15) : 10;
      sampler.took(ms, due);
      now += ms;
    }
    // Counted as at most twice a plain batch extra, it asks for 20 / budget ms, not 4990 / budget.
    const gap = Math.ceil(20 / SIGNAL_BUDGET / 10);
    expect(sampled.length).toBeGreaterThanOrEqual(3);
    expect((sampled[2] ?? 0) - (sampled[1] ?? 0)).toBeLessThanOrEqual(gap + 1);
  });

  it("does not take a stalled plain batch for the cost of a plain one", () => {
    const sampler = new SignalSampler([], "meanSquaredError", () => true);
    const sampled: number[] = [];
    let now = 0;
    for (let batch = 0; batch < 300; batch++) {
      const due = sampler.due(now);
      if (due) sampled.push(batch);
      // Plain batches take 10 ms but one, stalled for 5 s; sampled ones take 30.
      const ms = due ? 30 : batch === 10 ? 5000 : 10;
      sampler.took(ms, due);
      now += ms;
    }
    // 20 ms extra asks for about a second between samples, not the 250 ms interval a plain batch
    // taken to be as slow as a sampled one would give.
    expect(sampled.length).toBeGreaterThanOrEqual(3);
    expect((sampled[2] ?? 0) - (sampled[1] ?? 0)).toBeGreaterThan(80);
  });
});
