import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeOptimizer } from "../../../../../main/engine/model";
import { exportPyTorch } from "../../../../../main/export/pytorch/script";
import type { DatasetInfo, LossName } from "../../../../../shared/catalog";
import type { CompileSuccess } from "../../../../../shared/compile";
import type { GraphDocument } from "../../../../../shared/graph";
import { loadPreset, PRESET_NAMES } from "../../../../../shared/presets";
import { type ChainSpec, chainGraph, compileOk, type NodeSpec } from "../../../../helpers/chainGraph";
import { graphAround, LAYER_KINDS } from "../../../../helpers/kindCases";
import { runHarness, torchMissing, warnIfSkipped } from "../../../../helpers/python";
import { oneHot, randomInputs, referenceModel, saveModel } from "../../../../helpers/tfjsReference";

const LABELS = [3, 7, 0, 9, 1];

/** The case of a kind's catalog example (test/helpers/kindCases), which covers every layer kind. */
const exampleName = (kind: string) => `the catalog's example of ${kind}`;

/** The case of a built-in graph, as `netloom export --preset NAME --format pytorch` writes it. */
const presetName = (preset: string) => `the ${preset} preset`;

/** One graph whose PyTorch model must compute what its tfjs model computes. */
const FORWARD: [string, NodeSpec[], LossName?, Partial<ChainSpec>?][] = [
  ["Linear", [["Linear", { units: 10 }]], "meanSquaredError"],
  ["Linear without bias", [["Linear", { units: 10, bias: false }]], "meanSquaredError"],
  ["Sigmoid", [["Linear", { units: 10 }], ["Sigmoid"]], "meanSquaredError"],
  ["Tanh", [["Linear", { units: 10 }], ["Tanh"]], "meanSquaredError"],
  ["ReLU", [["Linear", { units: 10 }], ["ReLU"]], "meanSquaredError"],
  [
    "LeakyReLU",
    [
      ["Linear", { units: 10 }],
      ["LeakyReLU", { alpha: 0.2 }],
    ],
    "meanSquaredError",
  ],
  [
    "ELU",
    [
      ["Linear", { units: 10 }],
      ["ELU", { alpha: 0.5 }],
    ],
    "meanSquaredError",
  ],
  ["Maxout", [["Maxout", { units: 10, pieces: 3 }]], "meanSquaredError"],
  [
    "Dropout (inactive at inference)",
    [
      ["Linear", { units: 10 }],
      ["Dropout", { rate: 0.5 }],
    ],
    "meanSquaredError",
  ],
  ["Softmax", [["Linear", { units: 10 }], ["Softmax"]], "meanSquaredError"],
  ["Softmax with categorical cross-entropy (NLLLoss)", [["Linear", { units: 10 }], ["Softmax"]]],
  ["Sigmoid with categorical cross-entropy", [["Linear", { units: 10 }], ["Sigmoid"]]],
  ["Sigmoid with binary cross-entropy", [["Linear", { units: 10 }], ["Sigmoid"]], "binaryCrossentropy"],
  [
    "Flatten inside the model",
    [["Flatten"], ["Linear", { units: 10 }], ["Softmax"]],
    undefined,
    { x: [["Normalize"]] },
  ],
  [
    "image layers in a chain, channels first inside PyTorch",
    [
      ["Conv2D", { filters: 3, kernelSize: 3, padding: "same" }],
      ["BatchNorm"],
      ["MaxPool2D"],
      ["Conv2D", { filters: 5, kernelSize: 3, bias: false, activation: "tanh" }],
      ["AvgPool2D"],
      ["GlobalAvgPool2D"],
      ["BatchNorm", { momentum: 0.9 }],
      ["Linear", { units: 10 }],
      ["Softmax"],
    ],
    undefined,
    { dataset: { source: "mnist", channelAxis: true }, x: [["Normalize"]] },
  ],
  [
    "Reshape to an image and back, in NetLoom's order",
    [
      ["Reshape", { targetShape: [28, 28, 1] }],
      ["Conv2D", { filters: 2, kernelSize: 3 }],
      ["Reshape", { targetShape: [-1] }],
      ["Linear", { units: 10 }],
      ["Softmax"],
    ],
  ],
  [
    "a deep chain of every kind",
    [
      ["Linear", { units: 24 }],
      ["LeakyReLU", { alpha: 0.1 }],
      ["Maxout", { units: 12, pieces: 2 }],
      ["ELU", { alpha: 1 }],
      ["Dropout", { rate: 0.2 }],
      ["Linear", { units: 16 }],
      ["Tanh"],
      ["Linear", { units: 10 }],
      ["Softmax"],
    ],
  ],
];

/**
 * Optimizer settings whose steps PyTorch must take as NetLoom's engine takes them in tfjs.
 * RMSProp puts epsilon inside the square root in tfjs and outside in PyTorch, so it is compared
 * with epsilon out of the picture (1e-30 on both sides): that checks the learning rate, decay and
 * momentum. Adadelta is left out: tfjs 4 divides by the previous step's gradient average, PyTorch
 * (like Keras and the paper) by the current one, so their steps differ by design.
 */
const OPTIMIZERS: [string, Record<string, unknown>, number?][] = [
  ["sgd", { optimizer: "sgd", learningRate: 0.1, momentum: 0 }],
  ["sgd with momentum", { optimizer: "sgd", learningRate: 0.1, momentum: 0.9 }],
  ["adam", { optimizer: "adam", learningRate: 0.01 }],
  ["rmsprop", { optimizer: "rmsprop", learningRate: 0.01, momentum: 0 }, 1e-30],
  ["rmsprop with momentum", { optimizer: "rmsprop", learningRate: 0.01, momentum: 0.5 }, 1e-30],
  ["adagrad", { optimizer: "adagrad", learningRate: 0.1 }],
];
const STEPS = 3;

/** Graphs that cover every kind, loss, optimizer and data source, written only to be compiled. */
const VARIANTS: [string, ChainSpec, Record<string, DatasetInfo>?][] = [
  ...(["sgd", "adam", "adadelta", "rmsprop", "adagrad"] as const).map((optimizer): [string, ChainSpec] => [
    `optimizer ${optimizer}`,
    { layers: [["Linear", { units: 10 }], ["Softmax"]], optimizer: { optimizer, momentum: 0.5 } },
  ]),
  ...(["meanSquaredError", "binaryCrossentropy", "categoricalCrossentropy"] as const).map(
    (loss): [string, ChainSpec] => [`loss ${loss}`, { layers: [["Linear", { units: 10 }], ["Sigmoid"]], loss }],
  ),
  ["every kind", { layers: FORWARD[FORWARD.length - 1]?.[1] as NodeSpec[] }],
  ["fashion-mnist", { dataset: { source: "fashion-mnist" }, layers: [["Linear", { units: 10 }], ["Softmax"]] }],
  [
    "idx files without a test split",
    {
      dataset: { source: "idx", path: "/data/x.idx", labelsPath: "/data/y.idx" },
      x: [["Normalize", { mode: "standardize", per: "feature" }]],
      y: [],
      layers: [["Linear", { units: 1 }]],
      loss: "meanSquaredError",
    },
    { dataset: { xShape: [6], yShape: [1], trainSamples: 50, testSamples: 0 } },
  ],
  [
    "csv of values",
    {
      dataset: { source: "csv", path: "/data/t.csv", labelColumn: "y", labels: "value" },
      y: [["Normalize"]],
      layers: [["Linear", { units: 8 }], ["ReLU"], ["Linear", { units: 1 }]],
      loss: "meanSquaredError",
    },
    { dataset: { xShape: [3], yShape: [1], trainSamples: 50, testSamples: 0 } },
  ],
];

interface Case {
  name: string;
  compiled: CompileSuccess;
  script: string;
  weights: string;
  x: tf.Tensor;
}

async function prepare(
  dir: string,
  name: string,
  spec: ChainSpec | GraphDocument,
  seed: number,
): Promise<Case & { model: tf.LayersModel }> {
  const doc = "nodes" in spec ? spec : chainGraph(spec);
  const compiled = compileOk(doc);
  const caseDir = join(dir, name.replace(/\W+/g, "-"));
  const model = await referenceModel(compiled, seed);
  const weights = await saveModel(model, caseDir);
  const script = join(caseDir, "train.py");
  await writeFile(script, exportPyTorch(doc, compiled));
  return { name, compiled, script, weights, model, x: randomInputs(LABELS.length, compiled.dataPlan.xShape, seed + 2) };
}

function expectClose(actual: number[], expected: number[], tolerance: number, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  const worst = Math.max(...actual.map((a, i) => Math.abs(a - (expected[i] as number))));
  expect(worst, `${what}: largest difference`).toBeLessThan(tolerance);
}

warnIfSkipped("PyTorch export numeric checks");

describe.skipIf(torchMissing !== null)("exported PyTorch code computes what NetLoom's tfjs model computes", () => {
  let dir: string;
  const forward = new Map<
    string,
    { tfjs: number[]; tfjsLoss: number; torch: { output?: number[][]; loss?: number; error?: string } }
  >();
  let syntax: { errors?: Record<string, string>; error?: string } = {};
  const steps = new Map<
    string,
    { tfjs: Record<string, number[]>; torch: { weights?: Record<string, number[]>; error?: string } }
  >();

  beforeAll(async () => {
    await tf.setBackend("cpu");
    dir = await mkdtemp(join(tmpdir(), "netloom-pytorch-"));
    const jobs: object[] = [];
    const forwardCases = await Promise.all([
      ...FORWARD.map(([name, layers, loss, extra], i) => prepare(dir, name, { layers, loss, ...extra }, 100 + i)),
      ...LAYER_KINDS.map((kind, i) => prepare(dir, exampleName(kind), graphAround(kind), 300 + i)),
      ...PRESET_NAMES.map((preset, i) => prepare(dir, presetName(preset), loadPreset(preset), 400 + i)),
    ]);
    for (const c of forwardCases) {
      const y = oneHot(LABELS, 10);
      c.model.compile({ optimizer: "sgd", loss: c.compiled.loss.name });
      const tfjsLoss = (c.model.evaluate(c.x, y) as tf.Scalar).dataSync()[0] as number;
      const output = Array.from((c.model.predict(c.x) as tf.Tensor).dataSync());
      forward.set(c.name, { tfjs: output, tfjsLoss, torch: {} });
      jobs.push({ op: "forward", script: c.script, weights: c.weights, x: await c.x.array(), labels: LABELS });
    }
    const layers: NodeSpec[] = [["Linear", { units: 16 }], ["Tanh"], ["Linear", { units: 10 }], ["Softmax"]];
    const optimizerCases = await Promise.all(
      OPTIMIZERS.map(([name, optimizer], i) => prepare(dir, `opt-${name}`, { layers, optimizer }, 200 + i)),
    );
    for (const [i, c] of optimizerCases.entries()) {
      const epsilon = OPTIMIZERS[i]?.[2];
      jobs.push({
        op: "optimize",
        script: c.script,
        weights: c.weights,
        x: await c.x.array(),
        labels: LABELS,
        lr: c.compiled.optimizer.learningRate,
        steps: STEPS,
        ...(epsilon ? { eps: epsilon } : {}),
      });
      const { learningRate, momentum } = c.compiled.optimizer;
      const optimizer = epsilon
        ? tf.train.rmsprop(learningRate, 0.9, momentum, epsilon)
        : makeOptimizer(tf, c.compiled.optimizer);
      c.model.compile({ optimizer, loss: c.compiled.loss.name });
      for (let s = 0; s < STEPS; s++) await c.model.trainOnBatch(c.x, oneHot(LABELS, 10));
      const tfjs = Object.fromEntries(c.model.weights.map((w) => [w.originalName, Array.from(w.read().dataSync())]));
      steps.set(c.name.slice(4), { tfjs, torch: {} });
    }
    const variants = await Promise.all(
      VARIANTS.map(async ([name, spec, datasets], i) => {
        const doc = chainGraph({ name, ...spec });
        const path = join(dir, `variant-${i}.py`);
        await writeFile(path, exportPyTorch(doc, compileOk(doc, datasets ? { datasets } : {})));
        return path;
      }),
    );
    jobs.push({ op: "syntax", scripts: variants });
    const results = await runHarness(dir, jobs);
    syntax = results[results.length - 1] as never;
    [...forwardCases, ...optimizerCases].forEach((c, i) => {
      const result = results[i] as never;
      if (i < forwardCases.length) (forward.get(c.name) as { torch: unknown }).torch = result;
      else (steps.get(c.name.slice(4)) as { torch: unknown }).torch = result;
    });
  }, 120_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("writes valid Python for every kind, loss, optimizer and data source", () => {
    expect(syntax.error).toBeUndefined();
    expect(syntax.errors).toEqual({});
  });

  it.each([...FORWARD.map(([name]) => name), ...LAYER_KINDS.map(exampleName), ...PRESET_NAMES.map(presetName)])(
    "%s: same outputs and loss as tfjs",
    (name) => {
      const c = forward.get(name);
      expect(c?.torch.error).toBeUndefined();
      expectClose((c?.torch.output ?? []).flat(), c?.tfjs ?? [], 1e-5, `${name} outputs`);
      const loss = c?.torch.loss as number;
      expect(Math.abs(loss - (c?.tfjsLoss as number)), `${name} loss ${loss} vs tfjs ${c?.tfjsLoss}`).toBeLessThan(
        1e-5 * Math.max(1, Math.abs(c?.tfjsLoss as number)),
      );
    },
  );

  it.each(OPTIMIZERS.map(([name]) => name))("%s: the same weights as tfjs after three steps", (name) => {
    const c = steps.get(name);
    expect(c?.torch.error).toBeUndefined();
    const names = Object.keys(c?.tfjs ?? {});
    expect(Object.keys(c?.torch.weights ?? {}).sort()).toEqual(names.sort());
    for (const weight of names) {
      expectClose(c?.torch.weights?.[weight] ?? [], c?.tfjs[weight] ?? [], 1e-4, `${name} ${weight}`);
    }
  });
});
