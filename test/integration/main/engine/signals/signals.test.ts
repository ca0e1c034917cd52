import { describe, expect, it } from "vitest";
import { RunControl } from "../../../../../main/engine/control";
import { NO_SIGNALS } from "../../../../../main/engine/setup";
import { zTrainingEvent } from "../../../../../shared/run";
import { engineGraph, TRAIN_TIMEOUT, train } from "../helpers";

describe("live signals while training", { timeout: TRAIN_TIMEOUT }, () => {
  it("come as signals events for every model node, and leave the training exactly as it is without them", async () => {
    const doc = engineGraph("engine-binary.json");
    const on = await train(doc, { epochs: 3, signals: true });
    const off = await train(doc, { epochs: 3 });
    expect(on.events.one("started").signals).toBe(true);
    expect(off.events.of("signals")).toHaveLength(0);
    const signals = on.events.of("signals");
    // The first batch is always sampled; later ones by time, which a fast machine may not reach in a short run.
    expect(signals.length).toBeGreaterThanOrEqual(1);
    for (const e of signals) {
      expect(zTrainingEvent.parse(e)).toEqual(e);
      expect(e.nodes.map((n) => n.nodeId)).toEqual(["hidden", "tanh", "out", "sigmoid"]);
    }
    const [hidden, tanh, out, sigmoid] = signals[0]?.nodes ?? [];
    expect(hidden?.weights.map((w) => w.name)).toEqual(["weight", "bias"]);
    expect(hidden?.weights[0]?.ratio).toBeGreaterThan(0);
    expect(tanh?.saturated).toBeGreaterThanOrEqual(0);
    expect(sigmoid?.saturated).toBeGreaterThanOrEqual(0);
    expect(out?.saturated).toBeUndefined();
    expect(tanh?.weights).toEqual([]);
    // A sampled batch takes the same step a plain one does: the run's numbers do not change.
    expect(on.events.of("epoch").map((e) => e.loss)).toEqual(off.events.of("epoch").map((e) => e.loss));
    expect(on.events.one("done").testLoss).toBe(off.events.one("done").testLoss);
  });

  it("start and stop with the run's control while it trains", async () => {
    const control = new RunControl();
    const { events } = await train(engineGraph("engine-binary.json"), { epochs: 4 }, control, (e, c) => {
      if (e.type === "epoch" && e.epoch === 1) c.signals = true;
      if (e.type === "epoch" && e.epoch === 3) c.signals = false;
    });
    const epochs = events.of("signals").map((e) => e.epoch);
    expect(epochs.length).toBeGreaterThan(0);
    expect(epochs.every((epoch) => epoch === 2 || epoch === 3)).toBe(true);
  });

  it("on the best available backend, train where they can come: PyTorch is passed over, saying why", async () => {
    const { events } = await train(engineGraph("engine-binary.json"), { epochs: 1, signals: true, backend: undefined });
    const started = events.one("started");
    expect(started.signals).toBe(true);
    expect(started.backend).not.toBe("pytorch");
    if (started.backend !== "tfjs-node-gpu")
      expect(started.skipped).toContainEqual({ backend: "pytorch", reason: NO_SIGNALS });
    expect(events.of("signals").length).toBeGreaterThanOrEqual(1);
  });
});
