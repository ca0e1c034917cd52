import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../../../main/engine/backend";
import { RunControl } from "../../../../main/engine/control";
import { BATCH_EVENT_MS, trainEpochs } from "../../../../main/engine/epochs";
import { lossFunction } from "../../../../main/engine/metrics";
import { LossSmoother, smoothingBatches } from "../../../../main/engine/smoothing";
import type { Tf } from "../../../../main/engine/tf";
import type { TrainingEvent, TrainingEventOf } from "../../../../shared/run";

let tf: Tf;
beforeAll(async () => {
  tf = (await selectBackend({ force: "cpu" })).tf;
});

/** 100 samples on the line y = 2x over [-1, 1], all of them for training. */
const LINE = {
  samples: {
    x: Float32Array.from({ length: 100 }, (_, i) => -1 + (2 * i) / 99),
    y: Float32Array.from({ length: 100 }, (_, i) => -1 + (4 * i) / 99),
    xShape: [1],
    yShape: [1],
  },
  trainRows: Int32Array.from({ length: 100 }, (_, i) => i),
  validationRows: new Int32Array(0),
};

/**
 * One epoch of 100 single-sample batches on a one-weight model, with a clock that advances 10 ms
 * (or `msPerRead`) per read.
 */
async function run(
  overrides: { learningRate?: number; nanWeights?: boolean; pauseMs?: number; msPerRead?: number } = {},
) {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
  // Fixed weights: two runs train alike.
  model.setWeights([tf.tensor2d([[overrides.nanWeights ? Number.NaN : 0.5]]), tf.zeros([1])]);
  let t = 0;
  const events: TrainingEvent[] = [];
  const control = new RunControl();
  // Paused before the first batch; resumed once `pauseMs` have passed on the clock.
  if (overrides.pauseMs) control.send("pause");
  const end = await trainEpochs(
    {
      tf,
      runId: "r",
      model,
      optimizer: tf.train.sgd(overrides.learningRate ?? 0.01),
      // A loss blind to NaN outputs stands in for a clipped cross-entropy on backends whose clip
      // turns NaN into a bound.
      loss: overrides.nanWeights ? (_y, p) => tf.sum(tf.zerosLike(p)) : lossFunction(tf, "meanSquaredError"),
      metric: null,
      ...LINE,
      epochs: 1,
      batchSize: 1,
      shuffle: false,
      seed: 1,
      learningRate: overrides.learningRate ?? 0.01,
      optimizerNodeId: "opt",
      clock: () => (t += overrides.msPerRead ?? 10),
    },
    (e) => {
      events.push(e);
      if (e.type === "paused") {
        setTimeout(() => {
          t += overrides.pauseMs ?? 0;
          control.send("resume");
        }, 0);
      }
    },
    control,
  );
  return { end, events };
}

describe("the epoch loop", () => {
  it("leaves the time spent paused out of the epoch's seconds and reports it for the run's", async () => {
    const { end, events } = await run({ pauseMs: 60_000 });
    expect(events.map((e) => e.type).slice(0, 2)).toEqual(["paused", "resumed"]);
    expect(end).toEqual({ end: "done", pausedSeconds: expect.closeTo(60.01, 2) });
    const epoch = events.find((e): e is TrainingEventOf<"epoch"> => e.type === "epoch");
    expect(epoch?.seconds).toBeLessThan(10);
  });

  it(`sends at most one batch event per ${BATCH_EVENT_MS} ms, and every epoch event`, async () => {
    const { end, events } = await run();
    expect(end.end).toBe("done");
    const batches = events.filter((e): e is TrainingEventOf<"batch"> => e.type === "batch");
    expect(batches[0]?.batch).toBe(1);
    // The clock moves 10 ms per batch: after the first, every fifth batch is reported.
    expect(batches.map((b) => b.batch)).toEqual([1, ...Array.from({ length: 19 }, (_, i) => 6 + i * 5)]);
    expect(batches[1]?.samplesPerSec).toBeCloseTo(5 / 0.05, 6);
    expect(events.filter((e) => e.type === "epoch")).toHaveLength(1);
    const epoch = events.find((e): e is TrainingEventOf<"epoch"> => e.type === "epoch");
    expect(epoch).toMatchObject({ accuracy: null, valLoss: null, valAccuracy: null });
    // CPU time runs on the real clock, not the test's: 100 training steps take some.
    expect(epoch?.cpuSeconds).toBeGreaterThan(0);
  });

  it("smooths the loss over every batch and measures the speed over the epoch, however few events are sent", async () => {
    const batchesOf = (events: TrainingEvent[]) =>
      events.filter((e): e is TrainingEventOf<"batch"> => e.type === "batch");
    const epochOf = (events: TrainingEvent[]) => events.find((e): e is TrainingEventOf<"epoch"> => e.type === "epoch");
    // At 60 ms per batch every batch has its event; at 10 ms, one batch in five.
    const every = (await run({ msPerRead: 60 })).events;
    const sparse = (await run()).events;
    expect(batchesOf(every)).toHaveLength(100);
    expect(batchesOf(sparse)).toHaveLength(20);
    const smoother = new LossSmoother(smoothingBatches(100));
    for (const b of batchesOf(every)) expect(b.smoothLoss).toBeCloseTo(smoother.add(b.loss), 10);
    expect(epochOf(every)?.smoothLoss).toBeCloseTo(smoother.value, 10);
    expect(epochOf(sparse)?.smoothLoss).toBeCloseTo(smoother.value, 10);
    // 1 sample per 10 ms: every event and the epoch say 100 samples/s.
    for (const b of batchesOf(sparse)) expect(b.samplesPerSec).toBeCloseTo(100, 6);
    expect(epochOf(sparse)?.samplesPerSec).toBeCloseTo(100, 6);
  });

  it("steps epoch e at lr·γ^(e-1) with an LR decay γ", async () => {
    /** The weight after training `epochs` from `w` at `lr` decaying by `lrDecay`, one batch of all 100 samples. */
    const train = async (w: number, lr: number, epochs: number, lrDecay?: number) => {
      const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1], useBias: false })] });
      model.setWeights([tf.tensor2d([[w]])]);
      await trainEpochs(
        {
          tf,
          runId: "r",
          model,
          optimizer: tf.train.sgd(lr),
          loss: lossFunction(tf, "meanSquaredError"),
          metric: null,
          ...LINE,
          epochs,
          batchSize: 100,
          shuffle: false,
          seed: 1,
          learningRate: lr,
          ...(lrDecay === undefined ? {} : { lrDecay }),
          optimizerNodeId: "opt",
        },
        () => {},
        new RunControl(),
      );
      const out = model.getWeights()[0]?.dataSync()[0] as number;
      model.dispose();
      return out;
    };
    const decayed = await train(0.5, 0.1, 3, 0.5);
    // The same three steps taken one epoch at a time at 0.1, 0.05 and 0.025 (plain SGD keeps no state).
    const stepwise = await train(await train(await train(0.5, 0.1, 1), 0.05, 1), 0.025, 1);
    expect(decayed).toBeCloseTo(stepwise, 6);
    expect(decayed).not.toBeCloseTo(await train(0.5, 0.1, 3), 3);
  });

  it("ends with a diverged error naming the optimizer node", async () => {
    const { end, events } = await run({ learningRate: 1e30 });
    expect(end.end).toBe("diverged");
    const error = events.find((e): e is TrainingEventOf<"error"> => e.type === "error");
    expect(error?.nodeId).toBe("opt");
    expect(error?.message).toMatch(/Lower the learning rate \(now 1e\+30\)/);
  });

  it("stops when the outputs turn NaN even though the loss stays finite", async () => {
    const { end, events } = await run({ nanWeights: true });
    expect(end.end).toBe("diverged");
    const error = events.find((e): e is TrainingEventOf<"error"> => e.type === "error");
    expect(error?.message).toMatch(
      /^the model's outputs became NaN or Infinity at epoch 1, batch 1: training diverged/,
    );
  });
});
