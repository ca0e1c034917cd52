import { describe, expect, it } from "vitest";
import type { TrainingHost } from "../../../main/engine/host";
import { createTrainingService } from "../../../main/server/training";
import { loadPreset } from "../../../shared/presets";
import type { TrainingEvent } from "../../../shared/training";

/** A host whose engine the test plays: it records commands and sends events when told. */
function handHost() {
  const commands: string[] = [];
  let onEvent: (e: TrainingEvent) => void = () => {};
  let accept: (runId: string) => void = () => {};
  const service = createTrainingService((sink) => {
    onEvent = sink;
    const host: TrainingHost = {
      start: () => new Promise<string>((resolve) => (accept = resolve)),
      load: () => new Promise<string>((resolve) => (accept = resolve)),
      control: (runId, cmd) => commands.push(`${runId}:${cmd}`),
      predict: async () => [],
      testExamples: async () => [],
      weights: async () => ({ modelTopology: {}, weightSpecs: [], weightData: new ArrayBuffer(0) }),
      evaluate: async () => ({ testLoss: 0, testAccuracy: null, confusionMatrix: null }),
      inspect: async () => ({ xShape: [1], yShape: [1], trainSamples: 1, testSamples: 0 }),
      pid: undefined,
      dispose: () => {},
    };
    return host;
  });
  return { service, commands, emit: (e: TrainingEvent) => onEvent(e), accept: (id: string) => accept(id) };
}

describe("training service: routing runs to whoever started them", () => {
  it("sends a run's events to its starter, even those that overtake the start's reply", async () => {
    const h = handHost();
    const mine: TrainingEvent[] = [];
    const starting = h.service.start(loadPreset("mnist"), {}, (e) => mine.push(e));
    h.emit({ type: "resumed", runId: "r1" });
    h.accept("r1");
    expect(await starting).toBe("r1");
    h.emit({ type: "stopped", runId: "r1", epoch: 1, batch: 2 });
    h.emit({ type: "resumed", runId: "someone-else" });
    expect(mine.map((e) => e.type)).toEqual(["resumed", "stopped"]);
    expect(h.service.run("r1")?.finishedAt).toBeDefined();
  });

  it("sends a loaded run's events to its loader and remembers its backend and trained epochs", async () => {
    const h = handHost();
    const mine: TrainingEvent[] = [];
    const weights = { weightSpecs: [], weightData: new ArrayBuffer(0) };
    const loading = h.service.load(loadPreset("mnist"), weights, { seed: 1 }, (e) => mine.push(e), 3);
    h.accept("m1");
    expect(await loading).toBe("m1");
    h.emit({
      type: "loaded",
      runId: "m1",
      backend: "cpu",
      skipped: [],
      params: 1,
      samples: { train: 1, validation: 0, test: 1 },
      metric: null,
    });
    h.emit({ type: "done", runId: "m1", testLoss: 1, testAccuracy: null, confusionMatrix: null, seconds: 0 });
    expect(mine.map((e) => e.type)).toEqual(["loaded", "done"]);
    expect(h.service.run("m1")).toMatchObject({ backend: "cpu", epochs: 3, options: { seed: 1 } });
    expect(h.service.run("m1")?.result).toEqual({ testLoss: 1, testAccuracy: null, confusionMatrix: null });
  });

  it("stops the unfinished runs of a caller that went away, and only those", async () => {
    const h = handHost();
    const gone = () => {};
    const other = () => {};
    const first = h.service.start(loadPreset("mnist"), {}, gone);
    h.accept("a");
    await first;
    const second = h.service.start(loadPreset("mnist"), {}, other);
    h.accept("b");
    await second;
    h.service.release(gone);
    expect(h.commands).toEqual(["a:stop"]);
    h.emit({ type: "stopped", runId: "a", epoch: 1, batch: 1 });
    h.service.release(gone);
    expect(h.commands).toEqual(["a:stop"]);
  });
});
