import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { TrainingHost } from "../../../main/engine/host";
import type { TrainingSummary } from "../../../main/export/tfjsModel";
import { createTrainingService } from "../../../main/server/training";
import { exportRun } from "../../../main/server/trainingExport";
import { loadPreset } from "../../../shared/presets";
import type { TrainingEvent } from "../../../shared/training";
import { tempDir } from "./helpers";

/** What a model file recorded of the run that trained it, elsewhere and long ago. */
const trainedElsewhere: TrainingSummary = {
  backend: "tensorflow",
  epochs: 3,
  seed: 1,
  testAccuracy: 0.97,
  testLoss: 0.1,
  finishedAt: "2025-06-01T12:00:00.000Z",
};

const loadedEvent = (runId: string): TrainingEvent => ({
  type: "loaded",
  runId,
  backend: "cpu",
  skipped: [],
  params: 1,
  samples: { train: 1, validation: 0, test: 1 },
  metric: null,
});

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
    const loading = h.service.load(loadPreset("mnist"), weights, { seed: 1 }, (e) => mine.push(e), trainedElsewhere);
    h.accept("m1");
    expect(await loading).toBe("m1");
    h.emit(loadedEvent("m1"));
    h.emit({ type: "done", runId: "m1", testLoss: 1, testAccuracy: null, confusionMatrix: null, seconds: 0 });
    expect(mine.map((e) => e.type)).toEqual(["loaded", "done"]);
    expect(h.service.run("m1")).toMatchObject({ backend: "cpu", epochs: 3, options: { seed: 1 } });
    expect(h.service.run("m1")?.result).toEqual({ testLoss: 1, testAccuracy: null, confusionMatrix: null });
  });

  it("exports a loaded run with its model file's training history, not the load's backend and time", async () => {
    const h = handHost();
    const dir = tempDir();
    const exported = async (runId: string) => {
      const [file] = await exportRun(h.service, runId, "json", path.join(dir, `${runId}.json`));
      return JSON.parse(readFileSync(file as string, "utf8")).training;
    };
    const weights = { weightSpecs: [], weightData: new ArrayBuffer(0) };
    const loading = h.service.load(loadPreset("mnist"), weights, { seed: 1 }, () => {}, trainedElsewhere);
    h.accept("m1");
    await loading;
    h.emit(loadedEvent("m1"));
    h.emit({ type: "done", runId: "m1", testLoss: 0.2, testAccuracy: 0.9, confusionMatrix: null, seconds: 0 });
    expect(await exported("m1")).toEqual(trainedElsewhere);

    const foreign = h.service.load(loadPreset("mnist"), weights, {}, () => {}, null);
    h.accept("m2");
    await foreign;
    h.emit(loadedEvent("m2"));
    h.emit({ type: "done", runId: "m2", testLoss: 0.2, testAccuracy: 0.9, confusionMatrix: null, seconds: 0 });
    expect(await exported("m2")).toBeNull();

    const training = h.service.start(loadPreset("mnist"), { seed: 5 }, () => {});
    h.accept("t1");
    await training;
    h.emit({ ...loadedEvent("t1"), type: "started", epochs: 2, batchSize: 1, batchesPerEpoch: 1 } as TrainingEvent);
    const epoch = { loss: 1, accuracy: null, valLoss: null, valAccuracy: null, seconds: 0 };
    h.emit({ type: "epoch", runId: "t1", epoch: 2, ...epoch });
    h.emit({ type: "done", runId: "t1", testLoss: 0.2, testAccuracy: 0.9, confusionMatrix: null, seconds: 0 });
    expect(await exported("t1")).toEqual({
      backend: "cpu",
      epochs: 2,
      seed: 5,
      testAccuracy: 0.9,
      testLoss: 0.2,
      finishedAt: h.service.run("t1")?.finishedAt,
    });
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
