import { beforeEach, describe, expect, it, vi } from "vitest";
import { routeSignals, setSignals, takeStep } from "../../../../renderer/actions/backprop";
import { editorStore } from "../../../../renderer/store";
import { loadPreset } from "../../../../shared/presets";
import type { TrainingEvent } from "../../../../shared/run";
import type { StepTrace } from "../../../../shared/step";

const sent = vi.hoisted(() => ({ requests: [] as { channel: string; payload: Record<string, unknown> }[] }));

/** A step of the MNIST preset's shape, with made-up numbers. */
const trace: StepTrace = {
  sample: { split: "test", index: 0, label: 7, raw: [0, 255], rawShape: [2] },
  batchSize: 1,
  input: { nodeId: "loader", shape: [2], value: [0, 1], grad: [0.1, -0.1] },
  target: [0, 1],
  nodes: [
    {
      nodeId: "linear2",
      kind: "Linear",
      shape: [2],
      output: [0.5, -0.5],
      grad: [0.3, -0.3],
      params: { units: 2, bias: true },
      weights: [
        {
          name: "bias",
          variable: "linear2/bias",
          shape: [2],
          value: [0, 0],
          grad: [0.3, -0.3],
          update: [-0.006, 0.006],
          velocity: null,
        },
      ],
    },
    { nodeId: "softmax", kind: "Softmax", shape: [2], output: [0.7, 0.3], grad: [1, -2], params: {}, weights: [] },
  ],
  loss: { nodeId: "loss", name: "categoricalCrossentropy", batch: 1.2, sample: 1.2 },
  optimizer: { nodeId: "optimizer", name: "sgd", learningRate: 0.02, momentum: 0.9, step: 1 },
  backend: "wasm",
};

vi.mock("../../../../renderer/api", async () => ({
  api: new (await import("../../../../renderer/api/client")).ApiClient({
    host: "browser",
    request: async (channel, payload) => {
      sent.requests.push({ channel, payload: payload as Record<string, unknown> });
      if (channel === "training.step") return { ok: true, value: trace };
      if (channel === "training.signals") return { ok: true, value: {} };
      return { ok: false, error: { code: "UNSUPPORTED", message: channel } };
    },
    onEvent: () => () => {},
  }),
}));

const doc = loadPreset("mnist");

beforeEach(() => {
  sent.requests.length = 0;
  editorStore.getState().loadGraph(doc, null);
  editorStore.getState().applyTraining({ type: "clear" });
  editorStore.getState().setStep({ phase: "off" });
  editorStore.getState().setSignalsOn(false);
  editorStore.getState().showSignals(null);
});

const steps = () => sent.requests.filter((r) => r.channel === "training.step").map((r) => r.payload);

describe("Step", () => {
  it("takes a first step of a fresh session on the initial weights, then goes on in it", async () => {
    await takeStep();
    const step = editorStore.getState().step;
    expect(step.phase === "ready" && { at: step.at, fromSeq: step.fromSeq }).toEqual({ at: 0, fromSeq: null });
    expect(editorStore.getState().selection.nodes).toEqual(["loader"]);
    expect(editorStore.getState().trainTab).toBe("step");
    await takeStep();
    await takeStep(true);
    const [first, second, third] = steps();
    expect(first).toMatchObject({ sample: { index: 0 }, batch: 1, fresh: true });
    expect(first).not.toHaveProperty("fromRun");
    expect(second).toMatchObject({ session: first?.session, fresh: false });
    expect(third?.session).not.toBe(first?.session);
    expect(third?.fresh).toBe(true);
  });

  it("starts from a finished run's trained weights when they fit the graph as it is", async () => {
    editorStore.getState().applyTraining([
      { type: "start", doc, options: {} },
      { type: "accepted", runId: "r1" },
      { type: "event", event: { type: "stopped", runId: "r1", epoch: 1, batch: 3 } },
    ]);
    await takeStep();
    expect(steps()[0]).toMatchObject({ fromRun: "r1" });
    const step = editorStore.getState().step;
    expect(step.phase === "ready" && step.fromSeq).toBe(1);
    // A changed model no longer takes the run's weights.
    editorStore.getState().setParam("linear1", "units", 100);
    await takeStep();
    expect(steps()[1]).not.toHaveProperty("fromRun");
    expect(steps()[1]?.fresh).toBe(true);
  });

  it("says to draw a digit first when the drawn digit is asked for and there is none", async () => {
    editorStore.getState().setStepSample({ drawn: true, label: 3 });
    editorStore.getState().setDrawn(null);
    await takeStep();
    const step = editorStore.getState().step;
    expect(step.phase === "failed" && step.message).toMatch(/Draw a digit in Try it first/);
    expect(steps()).toEqual([]);
    editorStore.getState().setDrawn([0, 255]);
    await takeStep();
    expect(steps()[0]).toMatchObject({ sample: { input: [0, 255], label: 3 }, batch: 1 });
    editorStore.getState().setStepSample({ index: 0 });
  });
});

describe("the Signals switch", () => {
  const signals = (runId: string): TrainingEvent => ({
    type: "signals",
    runId,
    epoch: 1,
    batch: 21,
    nodes: [
      { nodeId: "relu", mean: 0.2, std: 0.3, min: 0, max: 2, histogram: [1], dead: 0.1, gradNorm: 0.5, weights: [] },
      { nodeId: "softmax", mean: 0.1, std: 0.2, min: 0, max: 1, histogram: [1], gradNorm: 2, weights: [] },
    ],
  });

  it("shows the current run's signals while on, and tells a training run when switched", async () => {
    editorStore.getState().applyTraining([
      { type: "start", doc, options: {} },
      { type: "accepted", runId: "r1" },
    ]);
    routeSignals(signals("r1"));
    expect(editorStore.getState().signals).toBeNull();
    await setSignals(true);
    expect(sent.requests).toEqual([{ channel: "training.signals", payload: { runId: "r1", on: true } }]);
    routeSignals(signals("other"));
    expect(editorStore.getState().signals).toBeNull();
    routeSignals(signals("r1"));
    expect(editorStore.getState().signals?.byNode.relu?.dead).toBe(0.1);
    expect(editorStore.getState().signals?.gradRange).toEqual([0.5, 2]);
  });
});
