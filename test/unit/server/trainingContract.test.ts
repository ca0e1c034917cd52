import { describe, expect, it } from "vitest";
import { dispatch } from "../../../main/server/dispatch";
import { handlers } from "../../../main/server/handlers";
import { createTrainingService } from "../../../main/server/training";
import { loadPreset } from "../../../shared/presets";
import { browserContext } from "./helpers";

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
      predict: refuse("predict"),
      testExamples: refuse("testExamples"),
      weights: refuse("weights"),
      evaluate: refuse("evaluate"),
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
    ] as const) {
      expect(await dispatch(handlers, ctx, channel, payload)).toEqual(error("NOT_FOUND"));
    }
    expect(calls).toEqual([]);
  });

  it("says so where the host has no training engine", async () => {
    const reply = await dispatch(handlers, browserContext(), "training.start", { doc });
    expect(reply).toEqual(error("UNSUPPORTED"));
  });

  it("reads a CSV dataset's shape for the editor, and names the file it cannot read", async () => {
    const ctx = browserContext();
    const fixtures = new URL("../../fixtures/data/", import.meta.url).pathname;
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
    expect(missing.error.message).toMatch(/no-such\.csv/);
    const bad = await dispatch(handlers, ctx, "dataset.inspect", { params: { source: "csv", limit: -1 } });
    expect(bad).toEqual(error("BAD_REQUEST"));
  });
});
