import { describe, expect, it } from "vitest";
import { formatDuration, formatTicks, formatValue } from "../../../../renderer/panels/training/format";
import { accuracySeries, alignSeries, lossSeries } from "../../../../renderer/training/chartData";
import { reduceAll } from "../../../../renderer/training/reducer";
import { perClassAccuracy, sampleRgba } from "../../../../renderer/training/results";
import { runProgress } from "../../../../renderer/training/select";
import { INITIAL_TRAINING, type TrainingAction } from "../../../../renderer/training/types";
import { loadPreset } from "../../../../shared/presets";

const doc = loadPreset("mnist");

function trainedRun(runId: string, losses: number[]) {
  const actions: TrainingAction[] = [
    { type: "start", doc, options: {} },
    {
      type: "event",
      event: {
        type: "started",
        runId,
        backend: "cpu",
        skipped: [],
        params: 1,
        samples: { train: 400, validation: 0, test: 0 },
        epochs: 2,
        batchSize: 100,
        batchesPerEpoch: 4,
        metric: "accuracy",
      },
    },
    ...losses.map(
      (loss, i): TrainingAction => ({
        type: "event",
        event: { type: "batch", runId, epoch: 1, batch: i + 1, loss, accuracy: 0.5, samplesPerSec: 200 },
      }),
    ),
  ];
  return actions;
}

describe("chart series", () => {
  it("draws the engine's smoothed loss, and ends the line at the epoch's end however few batch events came", () => {
    const epoch = (epochNo: number, smoothLoss: number): TrainingAction => ({
      type: "event",
      event: {
        type: "epoch",
        runId: "a",
        epoch: epochNo,
        loss: 0.9,
        accuracy: 0.75,
        valLoss: null,
        valAccuracy: null,
        seconds: 1,
        smoothLoss,
        samplesPerSec: 321,
      },
    });
    const actions = trainedRun("a", [2]);
    const first = actions.at(-1) as Extract<TrainingAction, { type: "event" }>;
    if (first.event.type === "batch") first.event.smoothLoss = 1.5;
    const state = reduceAll(INITIAL_TRAINING, [...actions, epoch(1, 0.25), epoch(2, 0.125)]);
    const [line] = lossSeries(state.runs);
    expect(line?.x).toEqual([0.25, 1, 2]);
    expect(line?.y).toEqual([1.5, 0.25, 0.125]);
    // The status line's speed is the epoch table's.
    expect(state.runs[0]?.progress?.samplesPerSec).toBe(321);
  });

  it("draws every run of the session on one epoch axis, one series per style", () => {
    const state = reduceAll(INITIAL_TRAINING, [
      ...trainedRun("a", [2, 1]),
      { type: "event", event: { type: "stopped", runId: "a", epoch: 1, batch: 2 } },
      ...trainedRun("b", [3]),
    ]);
    const loss = lossSeries(state.runs);
    expect(loss.map((s) => [s.seq, s.style])).toEqual([
      [1, "batch"],
      [1, "epoch"],
      [1, "validation"],
      [2, "batch"],
      [2, "epoch"],
      [2, "validation"],
    ]);
    expect(loss[0]?.x).toEqual([0.25, 0.5]);
    expect(accuracySeries(state.runs)).toHaveLength(6);
    const [xs, ...columns] = alignSeries(loss);
    expect(xs).toEqual([0.25, 0.5]);
    expect(columns[0]).toEqual([2, expect.any(Number)]);
    expect(columns[3]).toEqual([3, null]);
  });

  it("puts progress and time left from the last batch", () => {
    const state = reduceAll(INITIAL_TRAINING, trainedRun("a", [1, 1, 1]));
    const run = state.runs[0];
    if (!run) throw new Error("no run");
    expect(runProgress(run)).toEqual({ epoch: 0.75, run: 3 / 8, etaSeconds: 500 / 200 });
  });
});

describe("results and formats", () => {
  it("gives each class's accuracy from the confusion matrix, and none for an absent class", () => {
    expect(
      perClassAccuracy([
        [8, 2],
        [0, 0],
      ]),
    ).toEqual([0.8, null]);
  });

  it("draws a sample as grey pixels, MNIST's 0-255 as they are", () => {
    expect([...sampleRgba([0, 255, 51])]).toEqual([0, 0, 0, 255, 255, 255, 255, 255, 51, 51, 51, 255]);
  });

  it("writes values, ticks and durations the way a reader compares them", () => {
    expect(formatValue(0.12345)).toBe("0.1235");
    expect(formatValue(5.9e21)).toBe("5.900e+21");
    expect(formatTicks([0.003, 0.0035, 0.004], 0.0005)).toEqual(["0.0030", "0.0035", "0.0040"]);
    expect(formatTicks([0, 2e6], 2e6)).toEqual(["0", "2.0e+6"]);
    expect(formatTicks([0.25, 0.5, 0.75], 0.25)).toEqual(["0.25", "0.50", "0.75"]);
    expect(formatDuration(75)).toBe("1 min 15 s");
    expect(formatDuration(0.3)).toBe("<1 s");
  });
});
