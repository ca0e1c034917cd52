import { afterAll, describe, expect, it } from "vitest";
import { predict, testExamples } from "../../../../main/engine/predict";
import type { TrainedRun } from "../../../../main/engine/train";
import { zTrainingEvent } from "../../../../shared/run";
import { engineGraph, mnistWith, TRAIN_TIMEOUT, train, withParams } from "./helpers";

const kept: TrainedRun[] = [];
afterAll(() => {
  for (const run of kept) run.model.dispose();
});

describe("training for real", { timeout: TRAIN_TIMEOUT }, () => {
  it("trains the MNIST preset on 5000 samples for one epoch to a sane accuracy", async () => {
    const { run, events } = await train(mnistWith(), { limit: 5000, epochs: 1 });
    if (run) kept.push(run);
    for (const e of events.list) expect(zTrainingEvent.safeParse(e).success).toBe(true);
    expect(events.types).toEqual(["started", "batch", "epoch", "done"]);
    const started = events.one("started");
    expect(started).toMatchObject({
      backend: "wasm",
      params: 238_510,
      samples: { train: 4500, validation: 500, test: 10_000 },
      batchesPerEpoch: 141,
      metric: "accuracy",
    });
    // 141 steps of 32 samples: far from the preset's 97.5%, far above chance (10%).
    const epoch = events.one("epoch");
    expect(epoch.valAccuracy).toBeGreaterThan(0.75);
    const done = events.one("done");
    expect(done.evaluatedOn).toBe("test");
    expect(done.testAccuracy).toBeGreaterThan(0.75);
    const matrix = done.confusionMatrix ?? [];
    expect(matrix).toHaveLength(10);
    expect(matrix.flat().reduce((a, b) => a + b, 0)).toBe(10_000);
    const diagonal = matrix.reduce((sum, row, i) => sum + (row[i] ?? 0), 0);
    expect(diagonal / 10_000).toBeCloseTo(done.testAccuracy ?? 0, 6);
    const batches = events.of("batch");
    expect(batches[0]?.batch).toBe(1);
    expect(batches.every((b) => b.samplesPerSec > 0 && Number.isFinite(b.loss))).toBe(true);

    // Predictions on raw pixels (0-255) go through the graph's own Normalize and Flatten.
    if (!run) throw new Error("a finished run is kept");
    const examples = testExamples(run, 5);
    expect(examples).toHaveLength(5);
    expect(examples[0]?.input).toHaveLength(784);
    expect(Math.max(...(examples[0]?.input ?? []))).toBeGreaterThan(1);
    const wrong = examples.filter((e) => e.predicted !== e.label);
    expect(wrong.length).toBe(Math.min(5, Math.round((1 - (done.testAccuracy ?? 0)) * 10_000)));
    const [probabilities] = predict(run, [examples[0]?.input ?? []]);
    expect(probabilities?.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(probabilities?.[0]).toBeCloseTo(examples[0]?.probabilities[0] ?? -1, 5);
  });

  it("fits y = 2x + 1 with one Linear unit and mean squared error", async () => {
    const random = Math.random;
    const { run, events } = await train(engineGraph("engine-regression.json"));
    // The run seeds Math.random for dropout masks, and must give the real one back.
    expect(Math.random).toBe(random);
    if (run) kept.push(run);
    expect(events.one("started").metric).toBeNull();
    const done = events.one("done");
    expect(done.testAccuracy).toBeNull();
    expect(done.confusionMatrix).toBeNull();
    expect(done.evaluatedOn).toBe("validation");
    expect(done.testLoss).toBeLessThan(1e-3);
    if (!run) throw new Error("a finished run is kept");
    const [w, b] = run.model.getWeights().map((t) => t.dataSync()[0]);
    expect(w).toBeCloseTo(2, 1);
    expect(b).toBeCloseTo(1, 1);
    const out = predict(run, [[0.5], [-1]]);
    expect(out[0]?.[0]).toBeCloseTo(2, 1);
    expect(out[1]?.[0]).toBeCloseTo(-1, 1);
  });

  it("predicts in the labels' own units when the targets are normalized for training", async () => {
    const doc = engineGraph("engine-regression.json");
    doc.nodes.push({ id: "ynorm", kind: "Normalize", position: { x: 100, y: 100 }, params: { mode: "standardize" } });
    doc.edges = doc.edges.filter((e) => !(e.source === "data" && e.sourcePort === "y"));
    doc.edges.push(
      { id: "y1", source: "data", sourcePort: "y", target: "ynorm", targetPort: "x" },
      { id: "y2", source: "ynorm", sourcePort: "x", target: "loader", targetPort: "y" },
    );
    const { run } = await train(doc);
    if (!run) throw new Error("the run should finish");
    kept.push(run);
    const out = predict(run, [[0.5], [-1]]);
    expect(out[0]?.[0]).toBeCloseTo(2, 1);
    expect(out[1]?.[0]).toBeCloseTo(-1, 1);
    for (const example of testExamples(run, 5)) {
      expect(Math.abs(example.predicted - example.label)).toBeLessThan(0.1);
    }
  });

  it("trains a binary classifier with a sigmoid and binary cross-entropy", async () => {
    const { run, events } = await train(engineGraph("engine-binary.json"));
    if (run) kept.push(run);
    const done = events.one("done");
    expect(done.testAccuracy).toBeGreaterThan(0.95);
    const matrix = done.confusionMatrix ?? [];
    expect(matrix).toHaveLength(2);
    expect(matrix.flat().reduce((a, b) => a + b, 0)).toBe(80);
    if (!run) throw new Error("a finished run is kept");
    const [positive, negative] = predict(run, [
      [0.8, 0.5],
      [-0.7, -0.6],
    ]);
    expect(positive?.[1]).toBeGreaterThan(0.9);
    expect(negative?.[0]).toBeGreaterThan(0.9);
    expect((positive?.[0] ?? 0) + (positive?.[1] ?? 0)).toBeCloseTo(1, 6);
  });

  it("stops with an error naming the epoch and batch when the loss diverges", async () => {
    const doc = withParams(engineGraph("engine-regression.json"), { optimizer: { learningRate: 10, momentum: 0.9 } });
    const { run, events } = await train(doc);
    expect(run).toBeNull();
    expect(events.of("done")).toHaveLength(0);
    const error = events.one("error");
    expect(error.nodeId).toBe("optimizer");
    expect(error.message).toMatch(/^the loss became (NaN|Infinity) at epoch \d+, batch \d+/);
    expect(error.message).toMatch(/Lower the learning rate \(now 10\)/);
    expect(error.message).toContain(`epoch ${error.epoch}, batch ${error.batch}`);
  });

  it("reports a bad data file as an error on the Dataset node", async () => {
    const { run, events } = await train(engineGraph("cli-bad-data.json"));
    expect(run).toBeNull();
    expect(events.types).toEqual(["error"]);
    expect(events.one("error")).toMatchObject({ nodeId: "data" });
    expect(events.one("error").message).toMatch(/line 3, column 2: the value is not a number/);
  });

  it("reports every compile error, on the first failing node", async () => {
    const { events } = await train(engineGraph("cli-invalid.json"));
    const error = events.one("error");
    expect(error.nodeId).toBe("linear1");
    expect(error.message).toMatch(/the graph has 2 errors: node linear1: .*Flatten.*; node loss: connect an Optimizer/);
  });
});
