import { describe, expect, it } from "vitest";
import { createEditorStore } from "../../../../renderer/store";
import { reduceAll, trainingReducer } from "../../../../renderer/training/reducer";
import { DEFAULT_RUN_VIEW, shownRun } from "../../../../renderer/training/runs";
import { INITIAL_TRAINING, type TrainingAction, type TrainingState } from "../../../../renderer/training/types";
import { loadPreset } from "../../../../shared/presets";
import type { TrainingEvent } from "../../../../shared/run";

const doc = loadPreset("mnist");
const started = (runId: string): TrainingEvent => ({
  type: "started",
  runId,
  backend: "wasm",
  skipped: [{ backend: "tfjs-node", reason: "not installed" }],
  params: 238510,
  samples: { train: 900, validation: 100, test: 10000 },
  epochs: 2,
  batchSize: 100,
  batchesPerEpoch: 9,
  metric: "accuracy",
});
const batch = (runId: string, epoch: number, b: number, loss = 1): TrainingEvent => ({
  type: "batch",
  runId,
  epoch,
  batch: b,
  loss,
  accuracy: 0.5,
  samplesPerSec: 1000,
});
const ev = (event: TrainingEvent): TrainingAction => ({ type: "event", event });

function training(runId = "r1"): TrainingState {
  return reduceAll(INITIAL_TRAINING, [
    { type: "start", doc, options: { epochs: 2 } },
    { type: "accepted", runId },
    ev(started(runId)),
  ]);
}

describe("training reducer", () => {
  it("starts a run from a snapshot of the graph and trains once the engine says it started", () => {
    const starting = trainingReducer(INITIAL_TRAINING, { type: "start", doc, options: {} });
    expect(starting.phase).toBe("starting");
    expect(starting.runs).toHaveLength(1);
    expect(starting.runs[0]).toMatchObject({ seq: 1, runId: null, doc, label: "first run" });
    const state = training();
    expect(state).toMatchObject({ phase: "training", paused: false, requested: null });
    expect(state.runs[0]?.started?.backend).toBe("wasm");
  });

  it("adopts the first event's run id when events overtake the start reply", () => {
    const state = reduceAll(INITIAL_TRAINING, [
      { type: "start", doc, options: {} },
      ev(started("early")),
      ev(batch("early", 1, 1)),
      { type: "accepted", runId: "early" },
    ]);
    expect(state.phase).toBe("training");
    expect(state.runs[0]).toMatchObject({ runId: "early", progress: { epoch: 1, batch: 1 } });
  });

  it("places batches on an epoch axis and keeps the per-epoch results", () => {
    const state = reduceAll(training(), [
      ev(batch("r1", 1, 3, 2.0)),
      ev(batch("r1", 1, 9, 1.0)),
      ev({
        type: "epoch",
        runId: "r1",
        epoch: 1,
        loss: 1.5,
        accuracy: 0.6,
        valLoss: 1.2,
        valAccuracy: 0.7,
        seconds: 1,
      }),
      ev(batch("r1", 2, 3, 0.5)),
    ]);
    const run = state.runs[0];
    expect(run?.batches.x).toEqual([3 / 9, 1, 1 + 3 / 9]);
    expect(run?.batches.loss).toEqual([2, 1, 0.5]);
    expect(run?.epochs.map((e) => e.valAccuracy)).toEqual([0.7]);
    expect(run?.progress).toEqual({ epoch: 2, batch: 3, samplesPerSec: 1000 });
  });

  it("follows pause and resume as the engine confirms them, with the command pending in between", () => {
    let state = trainingReducer(training(), { type: "control", command: "pause" });
    expect(state).toMatchObject({ phase: "training", paused: false, requested: "pause" });
    state = trainingReducer(state, ev({ type: "paused", runId: "r1", epoch: 1, batch: 4 }));
    expect(state).toMatchObject({ phase: "training", paused: true, requested: null });
    state = trainingReducer(state, ev({ type: "resumed", runId: "r1" }));
    expect(state).toMatchObject({ phase: "training", paused: false });
  });

  it("finishes with the test results, or stopped where the engine stopped", () => {
    const done = trainingReducer(
      training(),
      ev({
        type: "done",
        runId: "r1",
        testLoss: 0.3,
        testAccuracy: 0.9,
        confusionMatrix: [[1]],
        evaluatedOn: "test",
        seconds: 3,
      }),
    );
    expect(done).toMatchObject({ phase: "finished", outcome: "done" });
    expect(done.runs[0]?.evaluation).toEqual({
      testLoss: 0.3,
      testAccuracy: 0.9,
      confusionMatrix: [[1]],
      evaluatedOn: "test",
    });
    const stopped = trainingReducer(training(), ev({ type: "stopped", runId: "r1", epoch: 1, batch: 5 }));
    expect(stopped).toMatchObject({ phase: "finished", outcome: "stopped" });
    expect(stopped.runs[0]?.end).toEqual({ outcome: "stopped", epoch: 1, batch: 5 });
    const evaluated = trainingReducer(stopped, {
      type: "evaluated",
      runId: "r1",
      evaluation: { testLoss: 1, testAccuracy: 0.5, confusionMatrix: null },
    });
    expect(evaluated.runs[0]?.evaluation?.testAccuracy).toBe(0.5);
  });

  it("fails with the engine's message and the node it names, keeping the run's curves", () => {
    const state = reduceAll(training(), [
      ev(batch("r1", 1, 2)),
      ev({ type: "error", runId: "r1", message: "the loss became NaN", nodeId: "optimizer", epoch: 1, batch: 3 }),
    ]);
    expect(state).toMatchObject({
      phase: "failed",
      failure: { message: "the loss became NaN", nodeId: "optimizer", epoch: 1, batch: 3 },
    });
    expect(state.runs[0]?.batches.x).toHaveLength(1);
  });

  it("drops a run the back end refused, and fails a run whose connection was lost", () => {
    const refused = reduceAll(INITIAL_TRAINING, [
      { type: "start", doc, options: {} },
      { type: "rejected", message: "busy" },
    ]);
    expect(refused).toEqual({ phase: "failed", runs: [], failure: { message: "busy", refused: "train" } });
    const lost = trainingReducer(training(), { type: "lost", message: "lost netloom serve" });
    expect(lost).toMatchObject({ phase: "failed", failure: { message: "lost netloom serve" } });
    expect(lost.runs[0]?.end).toEqual({ outcome: "error", message: "lost netloom serve" });
  });

  it("loads a model file's weights as a run: labelled by the file, finished by its evaluation, no training", () => {
    const loaded: TrainingEvent = {
      type: "loaded",
      runId: "m1",
      backend: "wasm",
      skipped: [],
      params: 238510,
      samples: { train: 2700, validation: 300, test: 10000 },
      metric: "accuracy",
    };
    const done: TrainingEvent = {
      type: "done",
      runId: "m1",
      testLoss: 0.4,
      testAccuracy: 0.8765,
      confusionMatrix: null,
      evaluatedOn: "test",
      seconds: 2,
    };
    const loading = reduceAll(training("r1"), [ev(batch("r1", 1, 1)), ev({ ...done, runId: "r1" })]);
    const state = reduceAll(loading, [
      { type: "load", doc, source: "model.json" },
      { type: "accepted", runId: "m1" },
      ev(loaded),
    ]);
    expect(state.phase).toBe("starting");
    expect(state.runs[1]).toMatchObject({ seq: 2, label: "loaded from model.json", source: "model.json", loaded });
    const finished = trainingReducer(state, ev(done));
    expect(finished).toMatchObject({ phase: "finished", outcome: "done" });
    expect(finished.runs[1]).toMatchObject({
      started: null,
      evaluation: { testAccuracy: 0.8765 },
      end: { outcome: "done" },
    });
    expect(shownRun(finished, DEFAULT_RUN_VIEW)?.runId).toBe("m1");
    const misfit = reduceAll(loading, [
      { type: "load", doc, source: "model.json" },
      ev({ type: "error", runId: "m2", message: 'weight "linear1/kernel" has shape [784, 300]', nodeId: "linear1" }),
    ]);
    expect(misfit).toMatchObject({ phase: "failed", failure: { nodeId: "linear1" } });
    expect(shownRun(misfit, DEFAULT_RUN_VIEW)?.runId).toBe("r1");
  });

  it("ignores what does not apply: a second start while training, events of unknown runs, stale controls", () => {
    const state = training();
    expect(trainingReducer(state, { type: "start", doc, options: {} })).toBe(state);
    expect(trainingReducer(state, ev(batch("other", 1, 1)))).toBe(state);
    expect(trainingReducer(INITIAL_TRAINING, { type: "control", command: "stop" })).toBe(INITIAL_TRAINING);
    expect(trainingReducer(state, { type: "clear" })).toBe(state);
  });

  it("numbers the session's runs and labels each with what changed since the one before", () => {
    const first = reduceAll(training(), [ev({ type: "stopped", runId: "r1", epoch: 1, batch: 1 })]);
    const changed = {
      ...doc,
      nodes: doc.nodes.map((n) => (n.id === "optimizer" ? { ...n, params: { ...n.params, learningRate: 0.05 } } : n)),
    };
    const second = trainingReducer(first, { type: "start", doc: changed, options: { epochs: 2 } });
    expect(second.runs.map((r) => [r.seq, r.label])).toEqual([
      [1, "first run"],
      [2, "lr 0.02 → 0.05"],
    ]);
    expect(second.runs[0]).toBe(first.runs[0]);
  });

  it("is pure: the state it was given is left as it was", () => {
    const state = training();
    const before = JSON.stringify(state);
    reduceAll(state, [ev(batch("r1", 1, 1)), { type: "control", command: "stop" }]);
    expect(JSON.stringify(state)).toBe(before);
  });
});

describe("training in the editor store", () => {
  it("never becomes an undo step, and leaves the graph as it is", () => {
    const store = createEditorStore();
    store.getState().loadGraph(doc, null);
    const before = store.getState().doc;
    store
      .getState()
      .applyTraining([
        { type: "start", doc: before, options: { epochs: 1 } },
        { type: "accepted", runId: "r1" },
        ev(started("r1")),
        ev(batch("r1", 1, 1)),
      ]);
    expect(store.getState().training.phase).toBe("training");
    expect(store.getState().doc).toBe(before);
    expect(store.temporal.getState().pastStates).toHaveLength(0);
  });
});
