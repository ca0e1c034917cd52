import { describe, expect, it } from "vitest";
import { mnistPaths } from "../../../../../main/data/builtin";
import { kindDef, NODE_KINDS } from "../../../../../shared/catalog";
import { chainGraph, type NodeSpec } from "../../../../helpers/chainGraph";
import { torchMissing, warnIfSkipped } from "../../../../helpers/python";
import { TRAIN_TIMEOUT } from "../helpers";
import { trainOnPyTorch } from "./helpers";

warnIfSkipped("every layer kind on the pytorch backend");

/** Kinds that become layers of the model. */
const LAYER_KINDS = NODE_KINDS.filter((k) => "layer" in kindDef(k).compile);

/**
 * One chain holding every layer kind (a kind added to the catalog goes here too, where its input
 * shape fits). MNIST's images arrive unflattened, so Flatten runs in the model.
 */
const CHAIN: NodeSpec[] = [
  ["Flatten"],
  ["Linear", { units: 32 }],
  ["LeakyReLU", { alpha: 0.2 }],
  ["Maxout", { units: 16, pieces: 3 }],
  ["ELU", { alpha: 0.5 }],
  ["Dropout", { rate: 0.25 }],
  ["Linear", { units: 16, bias: false }],
  ["Sigmoid"],
  ["Linear", { units: 16 }],
  ["Tanh"],
  ["Linear", { units: 16 }],
  ["ReLU"],
  ["Linear", { units: 10 }],
  ["Softmax"],
];

describe.skipIf(torchMissing !== null)("every layer kind on the pytorch backend", { timeout: TRAIN_TIMEOUT }, () => {
  it("has each layer kind of the catalog in the chain", () => {
    expect(LAYER_KINDS.filter((kind) => !CHAIN.some(([k]) => k === kind))).toEqual([]);
  });

  it("trains them all and brings their weights back: TF.js scores the validation split as PyTorch did", async () => {
    const { trainImages, trainLabels } = mnistPaths();
    // IDX files without a test split: `done` then scores the validation split, in TF.js.
    const doc = chainGraph({
      dataset: { source: "idx", path: trainImages, labelsPath: trainLabels, limit: 640, validationSplit: 0.25 },
      x: [["Normalize"]],
      layers: CHAIN,
    });
    const { run, events } = await trainOnPyTorch(doc, { epochs: 2 });
    run?.model.dispose();
    const done = events.one("done");
    const last = events.of("epoch").at(-1);
    expect(done.evaluatedOn).toBe("validation");
    expect(done.testLoss).toBeCloseTo(last?.valLoss as number, 4);
    expect(done.testAccuracy).toBeCloseTo(last?.valAccuracy as number, 6);
  });
});
