import { describe, expect, it } from "vitest";
import { appendBatch, MAX_BATCH_POINTS, NO_BATCHES } from "../../../../renderer/training/batchSeries";
import { lossSeries, trainedRuns } from "../../../../renderer/training/chartData";
import { reduceAll, trainingReducer } from "../../../../renderer/training/reducer";
import { INITIAL_TRAINING, type TrainingAction, type TrainingState } from "../../../../renderer/training/types";
import { loadPreset } from "../../../../shared/presets";

const doc = loadPreset("mnist");
const PER_EPOCH = 500;

function started(runId: string): TrainingAction {
  return {
    type: "event",
    event: {
      type: "started",
      runId,
      backend: "cpu",
      skipped: [],
      params: 1,
      samples: { train: 50_000, validation: 0, test: 0 },
      epochs: 100,
      batchSize: 100,
      batchesPerEpoch: PER_EPOCH,
      metric: "accuracy",
    },
  };
}
const batch = (runId: string, i: number): TrainingAction => ({
  type: "event",
  event: {
    type: "batch",
    runId,
    epoch: Math.floor(i / PER_EPOCH) + 1,
    batch: (i % PER_EPOCH) + 1,
    loss: 1 + (i % 2),
    accuracy: 0.5,
    samplesPerSec: 1,
  },
});

/** Freezes a state's curves, so that changing them in place would throw. */
function frozen(state: TrainingState): TrainingState {
  for (const run of state.runs)
    for (const a of [run.batches.x, run.batches.loss, run.batches.accuracy]) Object.freeze(a);
  return state;
}

describe("batch curves of long runs", () => {
  it("keep at most MAX_BATCH_POINTS points, merging neighbours, and keep the mean loss", () => {
    let state = reduceAll(INITIAL_TRAINING, [{ type: "start", doc, options: {} }, started("long")]);
    const events = 10 * MAX_BATCH_POINTS;
    for (let i = 0; i < events; i++) state = trainingReducer(frozen(state), batch("long", i));
    const curve = state.runs[0]?.batches ?? NO_BATCHES;
    expect(curve.x.length).toBeLessThanOrEqual(MAX_BATCH_POINTS);
    expect(curve.x.length).toBeGreaterThan(MAX_BATCH_POINTS / 4);
    expect(curve.stride).toBeGreaterThan(1);
    expect(curve.x.length * curve.stride + (curve.partial?.n ?? 0)).toBe(events);
    expect(curve.x.every((x, i) => i === 0 || x > (curve.x[i - 1] as number))).toBe(true);
    expect(curve.loss.every((loss) => loss === 1.5)).toBe(true);
    expect(curve.x.at(-1)).toBeCloseTo(events / PER_EPOCH, 1);
  });

  it("leave the state they grew from as it was, and the same events give the same curve", () => {
    let curve = NO_BATCHES;
    for (let i = 0; i < MAX_BATCH_POINTS - 1; i++) curve = appendBatch(curve, { x: i, loss: 1, accuracy: null });
    const before = { length: curve.x.length, stride: curve.stride };
    const a = appendBatch(curve, { x: 9999, loss: 3, accuracy: null });
    const b = appendBatch(curve, { x: 9999, loss: 3, accuracy: null });
    expect(a).toEqual(b);
    expect(a.stride).toBe(2);
    expect({ length: curve.x.length, stride: curve.stride }).toEqual(before);
    expect(curve.loss.at(-1)).toBe(1);
  });

  it("rebuild no series of a run that did not change, and leave out runs whose weights were loaded", () => {
    let state = reduceAll(INITIAL_TRAINING, [{ type: "start", doc, options: {} }, started("a"), batch("a", 0)]);
    state = reduceAll(state, [
      { type: "event", event: { type: "stopped", runId: "a", epoch: 1, batch: 1 } },
      { type: "start", doc, options: {} },
      started("b"),
      batch("b", 0),
    ]);
    const first = lossSeries(state.runs);
    const next = reduceAll(state, [batch("b", 1)]);
    const second = lossSeries(next.runs);
    expect(second[0]).toBe(first[0]);
    expect(second[3]).not.toBe(first[3]);
    expect(second[3]?.x).toHaveLength(2);

    const loaded = reduceAll(INITIAL_TRAINING, [{ type: "load", doc, source: "model.json" }]);
    expect(trainedRuns([...next.runs, ...loaded.runs]).map((r) => r.source)).toEqual([null, null]);
  });
});
