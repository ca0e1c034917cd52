import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createTrainingHost, type TrainingHost } from "../../../../main/engine/host";
import { dispatch } from "../../../../main/handlers/dispatch";
import { createTrainingService, type TrainingService } from "../../../../main/handlers/runService";
import { handlers } from "../../../../main/handlers/table";
import { loadPreset } from "../../../../shared/presets";
import { browserContext, fifo, tempDir } from "../../../helpers/handlerContext";

const doc = loadPreset("mnist");
const error = (code: string) => ({ ok: false, error: expect.objectContaining({ code }) });

/** A context with a training service whose engine is never started: bad payloads must not reach it. */
function untouchable() {
  const calls: string[] = [];
  const training = createTrainingService(() => {
    const refuse = (what: string) => () => {
      calls.push(what);
      throw new Error(`${what} must not be called`);
    };
    return {
      start: refuse("start"),
      load: refuse("load"),
      control: refuse("control"),
      signals: refuse("signals"),
      predict: refuse("predict"),
      testExamples: refuse("testExamples"),
      weights: refuse("weights"),
      evaluate: refuse("evaluate"),
      inspect: refuse("inspect"),
      step: refuse("step"),
      pid: undefined,
      dispose: () => {},
    };
  });
  return { ctx: browserContext({ training }), calls };
}

describe("the training channels of the contract", () => {
  it.each([
    ["training.start", {}, /doc/],
    ["training.start", { doc: { format: "netloom.graph" } }, /doc/],
    ["training.start", { doc, options: { epochs: 0 } }, /epochs/],
    ["training.start", { doc, options: { limit: 2.5 } }, /limit/],
    ["training.start", { doc, options: { backend: "tpu" } }, /backend/],
    ["training.start", { doc, options: { epoch: 1 } }, /epoch/],
    ["training.start", { doc, baseDir: "" }, /baseDir/],
    ["training.load", { doc }, /path/],
    ["training.load", { path: "", doc }, /path/],
    ["training.load", { path: "/m/model.json" }, /doc/],
    ["training.load", { path: "/m/model.json", doc, weights: [] }, /weights/],
    ["training.control", { runId: "r", command: "explode" }, /command/],
    ["training.control", { command: "stop" }, /runId/],
    ["training.predict", { runId: "r", inputs: [] }, /inputs/],
    ["training.predict", { runId: "r", inputs: [[]] }, /inputs/],
    ["training.predict", { runId: "r", inputs: [["1"]] }, /inputs/],
    ["training.predict", { runId: "r", inputs: Array.from({ length: 300 }, () => [0]) }, /inputs/],
    ["training.examples", { runId: "r", count: 0 }, /count/],
    ["training.examples", { runId: "r", count: 100_000 }, /count/],
    ["training.evaluate", { runId: 7 }, /runId/],
    ["training.export", { runId: "r", format: "onnx", path: "/tmp/m" }, /format/],
    ["training.export", { runId: "r", format: "tfjs", path: "" }, /path/],
    ["dataset.inspect", { params: "csv" }, /params/],
    ["training.signals", { runId: "r", on: "yes" }, /on/],
    ["training.step", { session: "s", doc, sample: { index: -1 } }, /sample/],
    ["training.step", { session: "s", doc, sample: { input: [1], label: 1, index: 0 } }, /sample/],
    ["training.step", { session: "s", doc, sample: { index: 0 }, batch: 0 }, /batch/],
    ["training.step", { session: "", doc, sample: { index: 0 } }, /session/],
  ])("refuses a bad %s payload with BAD_REQUEST before the engine sees it", async (channel, payload, field) => {
    const { ctx, calls } = untouchable();
    const reply = await dispatch(handlers, ctx, channel, payload);
    expect(reply).toEqual(error("BAD_REQUEST"));
    if (reply.ok) throw new Error("accepted");
    expect(reply.error.message).toMatch(field);
    expect(calls).toEqual([]);
  });

  it("says a run it did not start is not found", async () => {
    const { ctx, calls } = untouchable();
    for (const [channel, payload] of [
      ["training.control", { runId: "nope", command: "stop" }],
      ["training.predict", { runId: "nope", inputs: [[1]] }],
      ["training.examples", { runId: "nope", count: 3 }],
      ["training.evaluate", { runId: "nope" }],
      ["training.export", { runId: "nope", format: "json", path: "/tmp/m.json" }],
      ["training.signals", { runId: "nope", on: true }],
      ["training.step", { session: "s", doc, fromRun: "nope", sample: { index: 0 } }],
    ] as const) {
      expect(await dispatch(handlers, ctx, channel, payload)).toEqual(error("NOT_FOUND"));
    }
    expect(calls).toEqual([]);
  });

  it("says so where the host has no training engine", async () => {
    const reply = await dispatch(handlers, browserContext(), "training.start", { doc });
    expect(reply).toEqual(error("UNSUPPORTED"));
  });

  it("reads a Dataset's files in the engine process, never in the app's own", async () => {
    const asked: unknown[] = [];
    const training = createTrainingService(
      () =>
        ({
          inspect: async (params) => {
            asked.push(params);
            return { xShape: [3], yShape: [1], classes: 2, trainSamples: 5, testSamples: 0 };
          },
          dispose: () => {},
        }) as Partial<TrainingHost> as TrainingHost,
    );
    // No such file exists: only the engine's answer can make this succeed.
    const reply = await dispatch(handlers, browserContext({ training }), "dataset.inspect", {
      params: { source: "csv", path: "nowhere/data.csv", labelColumn: "y" },
      baseDir: "/projects/p",
    });
    expect(reply).toEqual({
      ok: true,
      value: { xShape: [3], yShape: [1], classes: 2, trainSamples: 5, testSamples: 0 },
    });
    expect(asked).toEqual([
      expect.objectContaining({ source: "csv", path: path.resolve("/projects/p/nowhere/data.csv") }),
    ]);
    expect(await dispatch(handlers, browserContext(), "dataset.inspect", { params: { source: "mnist" } })).toEqual(
      error("UNSUPPORTED"),
    );
  });
});

describe("dataset.inspect in a real engine process", { timeout: 60_000 }, () => {
  let training: TrainingService | undefined;
  afterEach(() => training?.dispose());

  it("reads a CSV's shape, names a file it cannot read, and refuses a named pipe at once", async () => {
    training = createTrainingService((onEvent) => createTrainingHost(onEvent));
    const ctx = browserContext({ training });
    const fixtures = new URL("../../../fixtures/data/", import.meta.url).pathname;
    const ok = await dispatch(handlers, ctx, "dataset.inspect", {
      params: { source: "csv", path: "linear.csv", labelColumn: "y", labels: "value" },
      baseDir: fixtures,
    });
    expect(ok).toEqual({ ok: true, value: { xShape: [1], yShape: [1], trainSamples: 100, testSamples: 0 } });
    const missing = await dispatch(handlers, ctx, "dataset.inspect", {
      params: { source: "csv", path: "no-such.csv" },
      baseDir: fixtures,
    });
    expect(missing).toEqual(error("IO"));
    if (missing.ok) throw new Error("accepted");
    expect(missing.error.message).toMatch(/no-such\.csv: no such file/);
    const bad = await dispatch(handlers, ctx, "dataset.inspect", { params: { source: "csv", limit: -1 } });
    expect(bad).toEqual(error("BAD_REQUEST"));
    if (process.platform === "win32") return;
    const pipe = fifo(tempDir(), "pipe.csv");
    for (const params of [
      { source: "csv", path: pipe },
      { source: "idx", path: pipe, labelsPath: pipe },
    ]) {
      const piped = await dispatch(handlers, ctx, "dataset.inspect", { params });
      expect(piped).toEqual(error("IO"));
      if (piped.ok) throw new Error("accepted");
      expect(piped.error.message).toContain(`${pipe}: it is a named pipe (FIFO), not a regular file`);
    }
  });

  it("keeps the contents of a file that is not data out of its error", async () => {
    training = createTrainingService((onEvent) => createTrainingHost(onEvent));
    const ctx = browserContext({ training });
    const passwd = path.join(tempDir(), "passwd");
    writeFileSync(passwd, "root:x:0:0:root:/root:/bin/bash\nuser,1,2\n");
    const idx = path.join(tempDir(), "secret-idx");
    writeFileSync(idx, Buffer.from([0x53, 0x45, 0x43, 0x52, 0x45, 0x54]));
    for (const params of [
      { source: "csv", path: passwd, labelColumn: "label" },
      { source: "csv", path: passwd, labelColumn: "root:x:0:0:root:/root:/bin/bash" },
      { source: "idx", path: idx, labelsPath: idx },
    ]) {
      const reply = await dispatch(handlers, ctx, "dataset.inspect", { params });
      expect(reply).toEqual(error("IO"));
      const text = JSON.stringify(reply);
      expect(text).not.toMatch(/\/bin\/bash|user|0x53|0x45|SECRET/);
    }
  });
});
