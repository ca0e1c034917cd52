import { describe, expect, it } from "vitest";
import { reduceAll } from "../../../../renderer/training/reducer";
import { canStop, requestedCommand, statusText } from "../../../../renderer/training/status";
import { INITIAL_TRAINING, type TrainingAction } from "../../../../renderer/training/types";
import { loadPreset } from "../../../../shared/presets";
import type { TrainingEvent } from "../../../../shared/run";

const doc = loadPreset("mnist");
const ev = (event: TrainingEvent): TrainingAction => ({ type: "event", event });
const started: TrainingEvent = {
  type: "started",
  runId: "r1",
  backend: "cpu",
  skipped: [],
  params: 1,
  samples: { train: 100, validation: 0, test: 10 },
  epochs: 1,
  batchSize: 10,
  batchesPerEpoch: 10,
  metric: "accuracy",
};
const stop: TrainingAction = { type: "control", command: "stop" };

describe("stopping a run that is still starting", () => {
  it("takes Stop before the run has an id, and keeps it pending until the engine stops the run", () => {
    const starting = reduceAll(INITIAL_TRAINING, [{ type: "start", doc, options: {} }]);
    expect(canStop(starting)).toBe(true);
    const asked = reduceAll(starting, [stop]);
    expect(requestedCommand(asked)).toBe("stop");
    expect(canStop(asked)).toBe(false);
    expect(statusText(asked)).toBe("Stopping before training begins…");

    const accepted = reduceAll(asked, [{ type: "accepted", runId: "r1" }, ev(started)]);
    expect(accepted).toMatchObject({ phase: "training", requested: "stop" });
    expect(canStop(accepted)).toBe(false);
    expect(statusText(accepted)).toBe("Stopping before training begins…");

    const ended = reduceAll(accepted, [ev({ type: "stopped", runId: "r1", epoch: 1, batch: 0 })]);
    expect(ended).toMatchObject({ phase: "finished", outcome: "stopped" });
    expect(statusText(ended)).toBe("Stopped before the first batch");
  });

  it("ignores Stop, Pause and Resume while a model file's weights load, and Pause while starting", () => {
    const loading = reduceAll(INITIAL_TRAINING, [{ type: "load", doc, source: "model.json" }]);
    expect(canStop(loading)).toBe(false);
    expect(reduceAll(loading, [stop])).toBe(loading);
    const starting = reduceAll(INITIAL_TRAINING, [{ type: "start", doc, options: {} }]);
    expect(reduceAll(starting, [{ type: "control", command: "pause" }])).toBe(starting);
  });
});

describe("the status line", () => {
  it("says why the back end refused to load weights or to train, not that training failed", () => {
    const busy = "run 7 is still training; stop it first";
    const load = reduceAll(INITIAL_TRAINING, [
      { type: "load", doc, source: "model.json" },
      { type: "rejected", message: busy },
    ]);
    expect(load).toMatchObject({ phase: "failed", failure: { refused: "load" } });
    expect(statusText(load)).toBe(`Could not load the weights: ${busy}`);
    const train = reduceAll(INITIAL_TRAINING, [
      { type: "start", doc, options: {} },
      { type: "rejected", message: busy },
    ]);
    expect(statusText(train)).toBe(`Could not start training: ${busy}`);
  });

  it("still calls a run that failed while training a failed training", () => {
    const failed = reduceAll(INITIAL_TRAINING, [
      { type: "start", doc, options: {} },
      { type: "accepted", runId: "r1" },
      ev(started),
      ev({ type: "error", runId: "r1", message: "the loss became NaN" }),
    ]);
    expect(statusText(failed)).toBe("Training failed");
    const stopped = reduceAll(INITIAL_TRAINING, [
      { type: "start", doc, options: {} },
      { type: "accepted", runId: "r1" },
      ev(started),
      ev({ type: "stopped", runId: "r1", epoch: 1, batch: 4 }),
    ]);
    expect(statusText(stopped)).toBe("Stopped at epoch 1, batch 4; the model trained so far is kept");
  });
});
