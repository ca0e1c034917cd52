import { afterEach, describe, expect, it } from "vitest";
import { createTrainingHost, type TrainingHost } from "../../../../main/engine/host";
import type { TrainingEvent } from "../../../../shared/run";
import { mnistWith, TRAIN_TIMEOUT } from "./helpers";

/** Collects a host's events and waits for the one a test needs. */
function recorder() {
  const events: TrainingEvent[] = [];
  const waiters: { test: (e: TrainingEvent) => boolean; resolve: (e: TrainingEvent) => void }[] = [];
  const onEvent = (e: TrainingEvent) => {
    events.push(e);
    for (const w of [...waiters]) {
      if (w.test(e)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(e);
      }
    }
  };
  const next = (test: (e: TrainingEvent) => boolean) => {
    const seen = events.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise<TrainingEvent>((resolve) => waiters.push({ test, resolve }));
  };
  const end = (runId: string) =>
    next((e) => e.runId === runId && (e.type === "done" || e.type === "stopped" || e.type === "error"));
  return { events, onEvent, next, end };
}

let host: TrainingHost | undefined;
afterEach(() => host?.dispose());

describe("training in the engine process", { timeout: TRAIN_TIMEOUT }, () => {
  it("streams a run's events and serves predictions, test examples and weights", async () => {
    const r = recorder();
    host = createTrainingHost(r.onEvent);
    const runId = await host.start(mnistWith(), { limit: 600, epochs: 1, backend: "wasm" });
    const end = await r.end(runId);
    expect(end.type).toBe("done");
    expect(host.pid).toBeGreaterThan(0);
    expect(host.pid).not.toBe(process.pid);
    const examples = await host.testExamples(runId, 4);
    expect(examples).toHaveLength(4);
    const probabilities = await host.predict(
      runId,
      examples.map((e) => e.input),
    );
    probabilities.forEach((p, i) => {
      expect(p.indexOf(Math.max(...p))).toBe(examples[i]?.predicted);
    });
    const weights = await host.weights(runId);
    expect(weights.weightSpecs.map((s) => s.name)).toEqual([
      "linear1/kernel",
      "linear1/bias",
      "linear2/kernel",
      "linear2/bias",
    ]);
    expect(weights.weightData.byteLength).toBe(238_510 * 4);
    await expect(host.predict(runId, [[1, 2, 3]])).rejects.toThrow(/input 1 has 3 values; each sample needs 784/);
  });

  it("loads a trained run's weights into a new run: the same test results and predictions, no training", async () => {
    const r = recorder();
    host = createTrainingHost(r.onEvent);
    const options = { limit: 600, epochs: 1, backend: "wasm" as const };
    const trained = await host.start(mnistWith(), options);
    const done = await r.end(trained);
    const { weightSpecs, weightData } = await host.weights(trained);
    const loaded = await host.load(mnistWith(), { weightSpecs: weightSpecs as never, weightData }, options);
    expect(loaded).not.toBe(trained);
    const again = await r.end(loaded);
    const types = r.events.filter((e) => e.runId === loaded).map((e) => e.type);
    expect(types).toEqual(["loaded", "done"]);
    expect(again).toMatchObject({ type: "done", testAccuracy: (done as { testAccuracy: number }).testAccuracy });
    const inputs = (await host.testExamples(trained, 3)).map((e) => e.input);
    expect(await host.predict(loaded, inputs)).toEqual(await host.predict(trained, inputs));

    const misfit = await host.load(mnistWith({ linear1: { units: 32 } }), {
      weightSpecs: weightSpecs as never,
      weightData,
    });
    expect(await r.end(misfit)).toMatchObject({ type: "error", nodeId: "linear1" });
    await expect(host.predict(misfit, inputs)).rejects.toThrow(/no trained model/);
  });

  it("reports a killed engine as an error of its run, and the next run works", async () => {
    const r = recorder();
    host = createTrainingHost(r.onEvent);
    const first = await host.start(mnistWith(), { limit: 6000, epochs: 5, backend: "wasm" });
    await r.next((e) => e.runId === first && e.type === "batch");
    const pid = host.pid as number;
    process.kill(pid, "SIGKILL");
    const error = await r.end(first);
    expect(error).toMatchObject({ type: "error", runId: first });
    if (error.type === "error")
      expect(error.message).toMatch(/training engine stopped unexpectedly \(signal SIGKILL\)/);
    await expect(host.predict(first, [[0]])).rejects.toThrow(/no trained model/);
    const second = await host.start(mnistWith(), { limit: 300, epochs: 1, backend: "wasm" });
    expect(host.pid).not.toBe(pid);
    expect((await r.end(second)).type).toBe("done");
  });

  it("refuses a second run while one trains, and stops on request", async () => {
    const r = recorder();
    host = createTrainingHost(r.onEvent);
    const runId = await host.start(mnistWith(), { limit: 6000, epochs: 5, backend: "wasm" });
    await expect(host.start(mnistWith(), {})).rejects.toThrow(/still training/);
    await r.next((e) => e.type === "batch");
    host.control(runId, "pause");
    await r.next((e) => e.type === "paused");
    host.control(runId, "stop");
    expect((await r.end(runId)).type).toBe("stopped");
    expect((await host.predict(runId, [new Array(784).fill(0)]))[0]).toHaveLength(10);
  });
});
