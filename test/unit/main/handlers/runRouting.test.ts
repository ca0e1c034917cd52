import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { TrainingHost } from "../../../../main/engine/host";
import type { TrainingSummary } from "../../../../main/export/tfjsModel";
import { exportRun } from "../../../../main/handlers/runExport";
import { createTrainingService } from "../../../../main/handlers/runService";
import { loadPreset } from "../../../../shared/presets";
import type { TrainingEvent } from "../../../../shared/run";
import { tempDir } from "../../../helpers/handlerContext";

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

/**
 * A host whose engine the test plays: it records commands and sends events when told. The
 * service names its runs `ids`, in order; `accept` is the engine's reply to the last start.
 */
function handHost(...ids: string[]) {
  const commands: string[] = [];
  let onEvent: (e: TrainingEvent) => void = () => {};
  let accept: (runId: string) => void = () => {};
  let refuse: (err: Error) => void = () => {};
  let asked: string | undefined;
  const reply = (runId?: string) =>
    new Promise<string>((resolve, reject) => {
      asked = runId;
      accept = resolve;
      refuse = reject;
    });
  const queue = [...ids];
  const newRunId = () => {
    const id = queue.shift();
    if (!id) throw new Error("the test named too few runs");
    return id;
  };
  const service = createTrainingService((sink) => {
    onEvent = sink;
    const host: TrainingHost = {
      start: (_doc, _options, runId) => reply(runId),
      load: (_doc, _weights, _options, runId) => reply(runId),
      control: (runId, cmd) => commands.push(`${runId}:${cmd}`),
      signals: (runId, on) => commands.push(`${runId}:signals ${on ? "on" : "off"}`),
      predict: async () => [],
      testExamples: async () => [],
      weights: async () => ({ modelTopology: {}, weightSpecs: [], weightData: new ArrayBuffer(0) }),
      evaluate: async () => ({ testLoss: 0, testAccuracy: null, confusionMatrix: null }),
      inspect: async () => ({ xShape: [1], yShape: [1], trainSamples: 1, testSamples: 0 }),
      step: async () => {
        throw new Error("no steps here");
      },
      pid: undefined,
      dispose: () => {},
    };
    return host;
  }, newRunId);
  return {
    service,
    commands,
    emit: (e: TrainingEvent) => onEvent(e),
    accept: (id: string) => {
      expect(asked, "the engine is asked to start the run under the service's id").toBe(id);
      accept(id);
    },
    refuse: (message: string) => refuse(new Error(message)),
  };
}

describe("training service: routing runs to whoever started them", () => {
  it("sends a run's events to its starter, even those that overtake the start's reply", async () => {
    const h = handHost("r1");
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

  it("keeps a run's early events with its starter while a second start is refused meanwhile", async () => {
    const h = handHost("first", "second");
    const mine: TrainingEvent[] = [];
    const theirs: TrainingEvent[] = [];
    const first = h.service.start(loadPreset("mnist"), {}, (e) => mine.push(e));
    const second = h.service.start(loadPreset("mnist"), {}, (e) => theirs.push(e));
    h.refuse("run first is still training; stop it first");
    await expect(second).rejects.toThrow(/still training/);
    // The first run's engine fails at once, before its start's reply is read.
    h.emit({ type: "error", runId: "first", message: "the dataset file is missing" });
    expect(mine.map((e) => e.type)).toEqual(["error"]);
    expect(theirs).toEqual([]);
    expect(h.service.run("second")).toBeUndefined();
    void first;
  });

  it("sends a loaded run's events to its loader and remembers its backend and trained epochs", async () => {
    const h = handHost("m1");
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
    const h = handHost("m1", "m2", "t1");
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
    const h = handHost("a", "b");
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
