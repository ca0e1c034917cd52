import { afterEach, describe, expect, it } from "vitest";
import { createTrainingHost } from "../../../../main/engine/host";
import { dispatch } from "../../../../main/handlers/dispatch";
import { createTrainingService, type TrainingService } from "../../../../main/handlers/runService";
import { handlers } from "../../../../main/handlers/table";
import type { TrainingEvent } from "../../../../shared/run";
import type { StepTrace } from "../../../../shared/step";
import { browserContext } from "../../../helpers/handlerContext";
import { engineGraph, TRAIN_TIMEOUT } from "../engine/helpers";

const doc = engineGraph("engine-binary.json");

describe("training.step and training.signals in a real engine process", { timeout: TRAIN_TIMEOUT }, () => {
  let training: TrainingService | undefined;
  afterEach(() => training?.dispose());

  it("steps on: a session continues from its last step until it is started fresh", async () => {
    training = createTrainingService((onEvent) => createTrainingHost(onEvent));
    const ctx = browserContext({ training });
    const step = async (payload: Record<string, unknown>): Promise<StepTrace> => {
      const reply = await dispatch(handlers, ctx, "training.step", {
        session: "a",
        doc,
        sample: { index: 0 },
        ...payload,
      });
      if (!reply.ok) throw new Error(reply.error.message);
      return reply.value as StepTrace;
    };
    const first = await step({});
    const second = await step({ sample: { index: 3 }, batch: 8 });
    expect([first.optimizer.step, second.optimizer.step]).toEqual([1, 2]);
    expect(second).toMatchObject({ batchSize: 8, sample: { split: "validation", index: 3 } });
    // The second step starts where the first one's update left the weights.
    const w1 = first.nodes[0]?.weights[0];
    const w2 = second.nodes[0]?.weights[0];
    for (const [i, v] of (w2?.value ?? []).entries()) {
      expect(v).toBeCloseTo((w1?.value[i] ?? 0) + (w1?.update[i] ?? 0), 6);
    }
    expect((await step({ fresh: true })).optimizer.step).toBe(1);
    const drawn = await step({ session: "b", sample: { input: [0.5, -0.5], label: 1 } });
    expect(drawn.sample).toMatchObject({ split: "drawn", index: null, label: 1, raw: [0.5, -0.5] });
    const bad = await dispatch(handlers, ctx, "training.step", {
      session: "b",
      doc,
      sample: { input: [1, 2, 3], label: 0 },
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toMatch(/the drawn sample has 3 values; the model takes 2/);
  });

  it("starts a session from a trained run's weights, and turns a run's signals on while it trains", async () => {
    const events: TrainingEvent[] = [];
    let settle = () => {};
    const done = new Promise<void>((resolve) => (settle = resolve));
    training = createTrainingService((onEvent) => createTrainingHost(onEvent));
    const ctx = browserContext({
      training,
      emit: (_event, payload) => {
        const e = payload as TrainingEvent;
        events.push(e);
        if (e.type === "epoch" && e.epoch === 1)
          void dispatch(handlers, ctx, "training.signals", { runId: e.runId, on: true });
        if (e.type === "done" || e.type === "error") settle();
      },
    });
    const started = await dispatch(handlers, ctx, "training.start", { doc, options: { epochs: 6, backend: "wasm" } });
    if (!started.ok) throw new Error(started.error.message);
    const { runId } = started.value as { runId: string };
    await done;
    expect(events.at(-1)?.type).toBe("done");
    const signals = events.filter((e) => e.type === "signals");
    expect(signals.length).toBeGreaterThan(0);
    expect(signals.every((e) => e.type === "signals" && e.epoch >= 2)).toBe(true);
    const reply = await dispatch(handlers, ctx, "training.step", {
      session: "t",
      doc,
      fromRun: runId,
      sample: { index: 0 },
    });
    if (!reply.ok) throw new Error(reply.error.message);
    const trace = reply.value as StepTrace;
    // Trained weights: no longer the zero biases a fresh model starts with.
    expect(trace.nodes[0]?.weights[1]?.value.some((b) => b !== 0)).toBe(true);
    expect(trace.optimizer.step).toBe(1);
  });
});
