import { existsSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { RunControl } from "../../../../../main/engine/control";
import { evaluateRun } from "../../../../../main/engine/finish";
import { modelWeights, predict, testExamples } from "../../../../../main/engine/predict";
import type { TrainedRun } from "../../../../../main/engine/train";
import { torchMissing, warnIfSkipped } from "../../../../helpers/python";
import { engineGraph, mnistWith, TRAIN_TIMEOUT, withParams } from "../helpers";
import { childrenRunning, trainOnPyTorch } from "./helpers";

warnIfSkipped("the pytorch training backend");

/** The folder the pytorch backend writes for a run of this seed (other runs may write theirs meanwhile). */
function runFolder(seed: number): string | undefined {
  return readdirSync(tmpdir())
    .filter((name) => name.startsWith("netloom-pytorch-"))
    .map((name) => join(tmpdir(), name))
    .find((dir) => {
      try {
        return JSON.parse(readFileSync(join(dir, "run.json"), "utf8")).seed === seed;
      } catch {
        return false;
      }
    });
}

const kept: TrainedRun[] = [];
afterEach(() => {
  for (const run of kept.splice(0)) run.model.dispose();
});
const keep = (run: TrainedRun | null) => {
  if (run) kept.push(run);
  return run;
};

describe.skipIf(torchMissing !== null)("training on the pytorch backend", { timeout: TRAIN_TIMEOUT }, () => {
  it("emits the events of any backend and keeps the trained model for Try it, examples and export", async () => {
    // Live signals are asked for: the backend cannot send them, and its started event says so by leaving them out.
    const { run, events } = await trainOnPyTorch(mnistWith(), { limit: 2000, epochs: 2, signals: true });
    keep(run);
    // Batch events are sent at most every so often: a fast epoch may have none, the run's first batch always has one.
    expect(events.types.filter((t) => t !== "batch")).toEqual(["started", "epoch", "epoch", "done"]);
    expect(events.types[1]).toBe("batch");
    const started = events.one("started");
    expect(started).toMatchObject({
      backend: "pytorch",
      params: 238_510,
      samples: { train: 1800, validation: 200, test: 10_000 },
      epochs: 2,
      batchSize: 32,
      batchesPerEpoch: 57,
    });
    expect(started.signals).toBeUndefined();
    expect(started.backendDetail).toMatch(
      /^PyTorch \d+\.\d+\S* on (the CPU, \d+ threads?( \(OpenBLAS: \d+ threads?\))?|CUDA \(.+\)), run by \//,
    );
    const epochs = events.of("epoch");
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2]);
    for (const e of epochs) {
      expect(e.valLoss).toBeGreaterThan(0);
      expect(e.valAccuracy).toBeGreaterThan(0.5);
      expect(e.seconds).toBeGreaterThan(0);
      // The Python process's CPU time of the epoch's steps: what the bench counts per CPU second.
      expect(e.cpuSeconds).toBeGreaterThan(0);
    }
    const batches = events.of("batch");
    expect(batches[0]).toMatchObject({ epoch: 1, batch: 1 });
    expect(batches.every((b) => b.samplesPerSec > 0 && b.accuracy !== null)).toBe(true);
    const done = events.one("done");
    expect(done.evaluatedOn).toBe("test");
    expect(done.testAccuracy).toBeGreaterThan(0.8);
    const matrix = done.confusionMatrix ?? [];
    expect(matrix.flat().reduce((a, b) => a + b, 0)).toBe(10_000);

    if (!run) throw new Error("the run is kept");
    expect(run.backend).toBe("pytorch");
    const examples = testExamples(run, 3);
    const probabilities = predict(
      run,
      examples.map((e) => e.input),
    );
    probabilities.forEach((p, i) => {
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
      expect(p.indexOf(Math.max(...p))).toBe(examples[i]?.predicted);
    });
    expect(evaluateRun(run).testAccuracy).toBe(done.testAccuracy);
    const weights = await modelWeights(run);
    expect(weights.weightSpecs.map((s) => [s.name, s.shape])).toEqual([
      ["linear1/kernel", [784, 300]],
      ["linear1/bias", [300]],
      ["linear2/kernel", [300, 10]],
      ["linear2/bias", [10]],
    ]);
  });

  it("repeats a run's numbers for a seed, and changes them with another", async () => {
    const losses = async (seed: number) => {
      const { run, events } = await trainOnPyTorch(mnistWith(), { limit: 600, epochs: 1, seed });
      keep(run);
      return [events.one("epoch").loss, events.one("epoch").valLoss, events.one("done").testLoss];
    };
    const first = await losses(3);
    expect(await losses(3)).toEqual(first);
    expect((await losses(4))[0]).not.toBe(first[0]);
  });

  it("trains on the limit's samples, without validation when the split is 0", async () => {
    const doc = mnistWith({ dataset: { validationSplit: 0 } });
    const { run, events } = await trainOnPyTorch(doc, { limit: 500, epochs: 1 });
    keep(run);
    expect(events.one("started").samples).toEqual({ train: 500, validation: 0, test: 10_000 });
    expect(events.one("epoch")).toMatchObject({ valLoss: null, valAccuracy: null });
    expect(events.one("done").testAccuracy).toBeGreaterThan(0.5);
  });

  it("pauses, resumes and stops between batches, and keeps the model trained so far", async () => {
    let resumed = false;
    let folder: string | undefined;
    let leftAtStop: boolean | undefined;
    const seed = 987_654;
    const { run, events } = await trainOnPyTorch(
      mnistWith(),
      { limit: 6000, epochs: 5, seed },
      {
        onEvent: (e, control) => {
          if (e.type === "started") folder = runFolder(seed);
          if (e.type === "batch" && e.batch === 1 && e.epoch === 1) control.send("pause");
          if (e.type === "paused") setTimeout(() => control.send("resume"), 300);
          if (e.type === "resumed") resumed = true;
          if (e.type === "batch" && resumed) control.send("stop");
          if (e.type === "stopped") leftAtStop = folder !== undefined && existsSync(folder);
        },
      },
    );
    keep(run);
    // The end goes out last, once Python's folder is gone: the app asks for the stopped run's
    // results at once, and the engine must have finished the run by then.
    expect(folder).toBeDefined();
    expect(leftAtStop).toBe(false);
    expect(events.types.filter((t) => t !== "batch")).toEqual(["started", "paused", "resumed", "stopped"]);
    const stopped = events.one("stopped");
    expect(stopped.epoch).toBe(1);
    expect(stopped.batch).toBeGreaterThan(1);
    if (!run) throw new Error("a stopped run is kept");
    expect(evaluateRun(run).testAccuracy).toBeGreaterThan(0);
  });

  it("stops before the first batch when Stop comes while Python starts", async () => {
    const control = new RunControl();
    control.send("stop");
    const { run, events } = await trainOnPyTorch(mnistWith(), { limit: 600, epochs: 2 }, { control });
    keep(run);
    expect(events.types).toEqual(["started", "stopped"]);
    expect(events.one("stopped")).toMatchObject({ epoch: 1, batch: 0 });
  });

  it("stops at the first step whose loss is not finite and says so on the Optimizer", async () => {
    const doc = withParams(engineGraph("engine-regression.json"), { optimizer: { learningRate: 10, momentum: 0.9 } });
    const { run, events } = await trainOnPyTorch(doc);
    expect(run).toBeNull();
    expect(events.of("done")).toHaveLength(0);
    const error = events.one("error");
    expect(error.nodeId).toBe("optimizer");
    expect(error.message).toMatch(/^the loss became (NaN|Infinity) at epoch \d+, batch \d+: training diverged/);
    expect(error.message).toMatch(/Lower the learning rate \(now 10\)/);
    expect(error.message).toContain(`epoch ${error.epoch}, batch ${error.batch}`);
  });

  it("reports a Python process that dies mid-run, and trains again afterwards", async () => {
    let killed: number[] = [];
    const { run, events } = await trainOnPyTorch(
      mnistWith(),
      { limit: 6000, epochs: 5 },
      {
        onEvent: (e) => {
          if (e.type === "batch" && killed.length === 0) {
            killed = childrenRunning("netloom-pytorch-");
            for (const pid of killed) process.kill(pid, "SIGKILL");
          }
        },
      },
    );
    expect(killed).toHaveLength(1);
    expect(run).toBeNull();
    expect(events.one("error").message).toBe(
      "the PyTorch process stopped unexpectedly (signal SIGKILL); the graph is unchanged, so you can train again",
    );
    const again = await trainOnPyTorch(mnistWith(), { limit: 300, epochs: 1 });
    keep(again.run);
    expect(again.events.one("done").testAccuracy).toBeGreaterThan(0.3);
    expect(childrenRunning("netloom-pytorch-")).toEqual([]);
  });
});
