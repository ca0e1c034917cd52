import { beforeAll, describe, expect, it } from "vitest";
import { loadRun } from "../../../../main/engine/load";
import { modelWeights, predict, testExamples } from "../../../../main/engine/predict";
import type { ModelWeightsData } from "../../../../main/engine/protocol";
import type { TrainedRun } from "../../../../main/engine/train";
import { loadBundle } from "../../../../main/export/tfjsModel";
import type { TrainingEventOf } from "../../../../shared/run";
import { Events, mnistWith, TRAIN_TIMEOUT, train } from "./helpers";

const OPTIONS = { limit: 600, epochs: 1, seed: 3 };
let trained: TrainedRun;
let trainedDone: TrainingEventOf<"done">;
let weights: ModelWeightsData & { modelTopology: unknown };

beforeAll(async () => {
  const { run, events } = await train(mnistWith(), OPTIONS);
  if (!run) throw new Error("the MNIST preset must train");
  trained = run;
  trainedDone = events.one("done");
  const saved = await modelWeights(run);
  weights = { ...saved, weightSpecs: saved.weightSpecs as ModelWeightsData["weightSpecs"] };
}, TRAIN_TIMEOUT);

async function load(doc = mnistWith(), options = { limit: OPTIONS.limit, seed: OPTIONS.seed }) {
  const events = new Events();
  const run = await loadRun({ runId: "loaded", doc, options: { backend: "wasm", ...options }, weights }, events.emit);
  return { run, events };
}

describe("loading trained weights instead of training", { timeout: TRAIN_TIMEOUT }, () => {
  it("reports the model as loaded and scores it as the trained run scored", async () => {
    const { run, events } = await load();
    expect(run).not.toBeNull();
    expect(events.types).toEqual(["loaded", "done"]);
    expect(events.one("loaded")).toMatchObject({
      backend: "wasm",
      params: 238_510,
      samples: { train: 540, validation: 60, test: 10_000 },
      metric: "accuracy",
    });
    const done = events.one("done");
    expect(done.testAccuracy).toBe(trainedDone.testAccuracy);
    expect(done.testLoss).toBe(trainedDone.testLoss);
    expect(done.confusionMatrix).toEqual(trainedDone.confusionMatrix);
    expect(done.evaluatedOn).toBe("test");
  });

  it("predicts exactly what tfjs predicts with the same weights loaded by loadBundle", async () => {
    const { run } = await load();
    if (!run) throw new Error("the weights must load");
    const raw = testExamples(run, 6).map((e) => e.input);
    const ours = predict(run, raw);
    const reference = await loadBundle(run.tf, {
      modelTopology: weights.modelTopology as Record<string, unknown>,
      weightSpecs: weights.weightSpecs,
      weightData: weights.weightData,
    });
    const x = run.tf.tensor(run.data.transformX.apply(raw.flat()), [raw.length, 784]);
    const theirs = (reference.predict(x) as typeof x).arraySync() as number[][];
    expect(ours).toEqual(theirs);
    expect(ours).toEqual(predict(trained, raw));
    // MNIST's Normalize scales by the training split's range, 0-255.
    expect(Array.from(run.data.transformX.apply([0, 255, 51]))).toEqual([0, 1, Math.fround(51 * Math.fround(1 / 255))]);
  });

  it("emits an error on the node whose layer the weights do not fit, and keeps no run", async () => {
    const { run, events } = await load(mnistWith({ linear1: { units: 64 } }));
    expect(run).toBeNull();
    expect(events.types).toEqual(["error"]);
    expect(events.one("error")).toMatchObject({
      nodeId: "linear1",
      message: expect.stringContaining(
        'weight "linear1/kernel" has shape [784, 300] in the model file, but node linear1 needs [784, 64]',
      ),
    });
  });

  it("reports a graph that cannot take data as its compile error, before reading any weight", async () => {
    const { run, events } = await load(mnistWith({ dataset: { source: "csv", path: "" } }));
    expect(run).toBeNull();
    expect(events.one("error").nodeId).toBe("dataset");
  });
});
