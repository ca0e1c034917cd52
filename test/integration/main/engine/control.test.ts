import { afterAll, describe, expect, it } from "vitest";
import { predict } from "../../../../main/engine/predict";
import type { TrainedRun } from "../../../../main/engine/train";
import type { TrainingEventOf } from "../../../../shared/run";
import { type Events, engineGraph, mnistWith, TRAIN_TIMEOUT, train } from "./helpers";

const kept: TrainedRun[] = [];
afterAll(() => {
  for (const run of kept) run.model.dispose();
});

/** Epoch numbers without the seconds, speed and CPU time, which differ between runs. */
const curve = (events: Events) =>
  events.of("epoch").map(({ seconds: _s, samplesPerSec: _r, cpuSeconds: _c, ...rest }) => rest);

const small = { limit: 1200, epochs: 2, seed: 3 };

describe("pause, resume and stop", { timeout: TRAIN_TIMEOUT }, () => {
  it("resumes where it paused: the loss curve equals an uninterrupted run's", async () => {
    const plain = await train(mnistWith(), small);
    if (plain.run) kept.push(plain.run);
    const paused = await train(mnistWith(), small, undefined, (e, control) => {
      if (e.type === "batch" && e.batch === 1 && e.epoch === 1) control.send("pause");
      if (e.type === "paused") setTimeout(() => control.send("resume"), 100);
    });
    if (paused.run) kept.push(paused.run);
    const types = paused.events.types;
    expect(types.slice(0, 4)).toEqual(["started", "batch", "paused", "resumed"]);
    expect(types.filter((t) => t !== "batch")).toEqual(["started", "paused", "resumed", "epoch", "epoch", "done"]);
    expect(paused.events.one("paused")).toMatchObject({ epoch: 1, batch: 1 });
    // Batches keep counting from where the pause was: the curve has no restart.
    const perEpoch = paused.events.one("started").batchesPerEpoch;
    const steps = paused.events.of("batch").map((b) => (b.epoch - 1) * perEpoch + b.batch);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(new Set(steps).size).toBe(steps.length);
    expect(curve(paused.events)).toEqual(curve(plain.events));
    expect(paused.events.one("done").testLoss).toBe(plain.events.one("done").testLoss);
  });

  it("keeps the model trained so far when stopped, and it predicts", async () => {
    const { run, events } = await train(mnistWith(), small, undefined, (e, control) => {
      if (e.type === "batch" && e.batch === 1) control.send("stop");
    });
    expect(events.types).toEqual(["started", "batch", "stopped"]);
    expect(events.one("stopped")).toMatchObject({ epoch: 1, batch: 1 });
    expect(run).not.toBeNull();
    if (!run) return;
    kept.push(run);
    const [probabilities] = predict(run, [new Array(784).fill(0)]);
    expect(probabilities).toHaveLength(10);
    expect(probabilities?.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  it("stops while paused", async () => {
    const { run, events } = await train(mnistWith(), small, undefined, (e, control) => {
      if (e.type === "batch") control.send("pause");
      if (e.type === "paused") setTimeout(() => control.send("stop"), 20);
    });
    if (run) kept.push(run);
    expect(events.types).toEqual(["started", "batch", "paused", "stopped"]);
  });
});

describe("reproducibility", { timeout: TRAIN_TIMEOUT }, () => {
  const doc = engineGraph("engine-dropout.json");

  it("gives identical numbers for the same seed, dropout included", async () => {
    const a = await train(doc, { seed: 7 });
    const b = await train(doc, { seed: 7 });
    for (const r of [a.run, b.run]) if (r) kept.push(r);
    expect(curve(a.events)).toHaveLength(2);
    expect(curve(b.events)).toEqual(curve(a.events));
    const done = (e: Events) => {
      const { seconds: _s, ...rest } = e.one("done") as TrainingEventOf<"done">;
      return rest;
    };
    expect(done(b.events)).toEqual(done(a.events));
  });

  it("gives other numbers for another seed", async () => {
    const a = await train(doc, { seed: 7, epochs: 1 });
    const c = await train(doc, { seed: 8, epochs: 1 });
    for (const r of [a.run, c.run]) if (r) kept.push(r);
    expect(curve(c.events)[0]?.loss).not.toBe(curve(a.events)[0]?.loss);
  });
});
