import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TrainingHost } from "../../../../main/engine/host";
import type { ModelWeightsData } from "../../../../main/engine/protocol";
import { toSingleJson } from "../../../../main/export/singleJson";
import { bundleFromModel, type TrainingSummary, writeTfjsModel } from "../../../../main/export/tfjsModel";
import type { HandlerContext } from "../../../../main/handlers/context";
import { dispatch } from "../../../../main/handlers/dispatch";
import { createTrainingService } from "../../../../main/handlers/runService";
import { handlers } from "../../../../main/handlers/table";
import type { OpenResult } from "../../../../shared/api";
import { compileGraph } from "../../../../shared/compile";
import { loadPreset } from "../../../../shared/presets";
import { browserContext, fifo } from "../../../helpers/handlerContext";

const graph = loadPreset("mnist");
const summary: TrainingSummary = {
  backend: "wasm",
  epochs: 2,
  seed: 7,
  limit: 500,
  testAccuracy: 0.9,
  testLoss: 0.3,
  finishedAt: "2026-01-01T00:00:00Z",
};

async function call<T>(ctx: HandlerContext, channel: string, payload: unknown): Promise<T> {
  const reply = await dispatch(handlers, ctx, channel, payload);
  if (!reply.ok) throw Object.assign(new Error(reply.error.message), { code: reply.error.code });
  return reply.value as T;
}

/** A training service whose engine records what it is asked to load, and refuses while "busy". */
function loadingContext(busy = false) {
  const loads: { doc: unknown; weights: ModelWeightsData; options: unknown }[] = [];
  const training = createTrainingService(
    () =>
      ({
        load: async (doc, weights, options, runId) => {
          if (busy) throw new Error("run r0 is still training; stop it first");
          loads.push({ doc, weights, options });
          return runId ?? "no id given";
        },
        dispose: () => {},
      }) as Partial<TrainingHost> as TrainingHost,
    () => `run-${loads.length + 1}`,
  );
  return { ctx: browserContext({ training }), training, loads };
}

let dir: string;
let netloomModel: string;
let foreignModel: string;
let convModel: string;
/** A model folder whose weights.bin is gone. */
let noWeights: string;
/** The MNIST preset reading a CSV next to its model file. */
const csvGraph = {
  ...graph,
  nodes: graph.nodes.map((n) =>
    n.kind === "Dataset" ? { ...n, params: { ...n.params, source: "csv", path: "data/train.csv" } } : n,
  ),
};
let csvModel: string;

beforeAll(async () => {
  await tf.setBackend("cpu");
  dir = mkdtempSync(path.join(os.tmpdir(), "netloom-models-"));
  const compiled = compileGraph(graph);
  if (!compiled.ok) throw new Error("the MNIST preset must compile");
  const preset = await tf.models.modelFromJSON(compiled.model as never);
  const bundle = await bundleFromModel(tf, preset, graph, summary);
  netloomModel = await writeTfjsModel(path.join(dir, "mnist-tfjs"), bundle);
  writeFileSync(path.join(dir, "digits.model.json"), toSingleJson(bundle));
  const foreign = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [784], units: 16, activation: "relu", name: "hidden" }),
      tf.layers.dense({ units: 10, activation: "softmax", name: "probs" }),
    ],
  });
  foreignModel = await writeTfjsModel(path.join(dir, "foreign"), await bundleFromModel(tf, foreign));
  const conv = tf.sequential({
    layers: [
      tf.layers.conv1d({ inputShape: [28, 28], filters: 2, kernelSize: 3, name: "edges" }),
      tf.layers.flatten({ name: "flat" }),
      tf.layers.dense({ units: 10, activation: "softmax", name: "probs" }),
    ],
  });
  convModel = await writeTfjsModel(path.join(dir, "conv"), await bundleFromModel(tf, conv));
  noWeights = await writeTfjsModel(path.join(dir, "no-weights"), await bundleFromModel(tf, foreign));
  rmSync(path.join(dir, "no-weights", "weights.bin"));
  mkdirSync(path.join(dir, "csv"));
  csvModel = path.join(dir, "csv", "digits.model.json");
  writeFileSync(csvModel, toSingleJson({ ...bundle, graph: csvGraph }));
});

/** A copy of the foreign model's folder whose model.json is changed by `edit`. */
function foreignCopy(name: string, edit: (json: { weightsManifest: Array<{ weights: object[] }> }) => void): string {
  const folder = path.join(dir, name);
  mkdirSync(folder);
  const json = JSON.parse(readFileSync(foreignModel, "utf8"));
  edit(json);
  writeFileSync(path.join(folder, "model.json"), JSON.stringify(json));
  writeFileSync(path.join(folder, "weights.bin"), readFileSync(path.join(path.dirname(foreignModel), "weights.bin")));
  return path.join(folder, "model.json");
}

const dataPath = (doc: { nodes: Array<{ kind: string; params: Record<string, unknown> }> }) =>
  doc.nodes.find((n) => n.kind === "Dataset")?.params.path;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("opening a trained model as a graph", () => {
  it("opens a NetLoom TF.js model as the graph saved in it, and remembers the file", async () => {
    const ctx = browserContext();
    const opened = await call<OpenResult>(ctx, "file.open", { path: netloomModel });
    expect(opened).toEqual({
      ok: true,
      path: netloomModel,
      name: "model.json",
      doc: graph,
      migrations: [],
      model: { source: "netloom", tensors: 4 },
    });
    expect(await call(ctx, "recent.list", {})).toMatchObject([{ path: netloomModel }]);
    const folder = await call<OpenResult>(ctx, "file.open", { path: path.dirname(netloomModel) });
    expect(folder).toMatchObject({ ok: true, path: netloomModel, doc: graph });
    const single = await call<OpenResult>(ctx, "file.open", { path: path.join(dir, "digits.model.json") });
    expect(single).toMatchObject({ ok: true, doc: graph, model: { source: "netloom", tensors: 4 } });
  });

  it("rebuilds a foreign model's graph from its layers, titled after the model's folder", async () => {
    const opened = await call<OpenResult>(browserContext(), "file.open", { path: foreignModel });
    if (!opened.ok) throw new Error(opened.errors.join("\n"));
    expect(opened.model).toEqual({ source: "layers", tensors: 4 });
    expect(opened.doc.meta.name).toBe("foreign");
    expect(opened.doc.nodes.map((n) => n.kind)).toContain("Linear");
  });

  it("opens a model file larger than any graph may be (over 64 MB), as its start shows it is a model", async () => {
    const padding = " ".repeat(65 * 2 ** 20);
    const single = path.join(dir, "padded.model.json");
    writeFileSync(single, readFileSync(path.join(dir, "digits.model.json"), "utf8") + padding);
    const tfjs = foreignCopy("padded-tfjs", () => {});
    writeFileSync(tfjs, readFileSync(tfjs, "utf8") + padding);
    try {
      const ctx = browserContext();
      expect(await call<OpenResult>(ctx, "file.open", { path: single })).toMatchObject({
        ok: true,
        doc: graph,
        model: { source: "netloom", tensors: 4 },
      });
      expect(await call<OpenResult>(ctx, "file.open", { path: tfjs })).toMatchObject({
        ok: true,
        model: { source: "layers", tensors: 4 },
      });
    } finally {
      rmSync(single);
      rmSync(path.dirname(tfjs), { recursive: true });
    }
  });

  it("names an unknown layer, or missing weights, and leaves the recent files alone", async () => {
    const ctx = browserContext();
    const conv = await call<OpenResult>(ctx, "file.open", { path: convModel });
    expect(conv).toMatchObject({ ok: false, reason: "model", name: "model.json" });
    expect(!conv.ok && conv.errors.join("\n")).toMatch(/layer "edges" is a Conv1D, which NetLoom cannot import/);
    const missing = await call<OpenResult>(ctx, "file.open", { path: noWeights });
    expect(!missing.ok && missing.errors.join("\n")).toMatch(/cannot read the weights file weights\.bin/);
    expect(await call(ctx, "recent.list", {})).toEqual([]);
  });
});

describe("model files that cannot be opened say why, and nothing hangs or leaks", () => {
  const errorsOf = async (file: string) => {
    const opened = await call<OpenResult>(browserContext(), "file.open", { path: file });
    if (opened.ok) throw new Error("opened");
    expect(opened.reason).toBe("model");
    return opened.errors.join("\n");
  };

  it("says quantized weights are not supported, instead of counting bytes", async () => {
    const quantized = foreignCopy("quantized", (json) => {
      for (const w of json.weightsManifest[0]?.weights ?? [])
        Object.assign(w, { quantization: { dtype: "uint8", min: -1, scale: 0.01 } });
    });
    const errors = await errorsOf(quantized);
    expect(errors).toMatch(/holds quantized weights \(uint8\); quantized models are not supported/);
    expect(errors).not.toMatch(/bytes/);
  });

  it.runIf(process.platform !== "win32")(
    "refuses a weights file that is a named pipe, and one over the model-file limit",
    async () => {
      const piped = foreignCopy("piped", () => {});
      rmSync(path.join(path.dirname(piped), "weights.bin"));
      fifo(path.dirname(piped), "weights.bin");
      expect(await errorsOf(piped)).toMatch(
        /cannot read the weights file weights\.bin: it is a named pipe \(FIFO\), not a regular file/,
      );
      const huge = foreignCopy("huge", () => {});
      truncateSync(path.join(path.dirname(huge), "weights.bin"), 300 * 2 ** 20);
      expect(await errorsOf(huge)).toBe("weights.bin is 300 MB; model files are at most 256 MB");
    },
  );

  it("says where a model file stops being JSON without quoting it", async () => {
    const { ctx } = loadingContext();
    const broken = path.join(dir, "broken.model.json");
    writeFileSync(broken, '{"format": "netloom.model", "version": 1, "token": s3cr3t}');
    const tfjs = foreignCopy("broken-tfjs", () => {});
    writeFileSync(tfjs, '{"modelTopology": {}, "weightsManifest": [PRIVATE KEY]}');
    for (const [file, column] of [
      [broken, 52],
      [tfjs, 43],
    ] as const) {
      const where = `not valid JSON: an unexpected character where a value should be at line 1, column ${column}`;
      const opened = await call<OpenResult>(ctx, "file.open", { path: file });
      expect(opened).toMatchObject({ ok: false, reason: "json", errors: [where] });
      const loading = call(ctx, "training.load", { path: file, doc: graph });
      await expect(loading).rejects.toMatchObject({ code: "IO", message: expect.stringContaining(where) });
      await expect(loading).rejects.not.toMatchObject({ message: expect.stringMatching(/s3cr3t|PRIVATE/) });
    }
  });

  it("reads the relative data paths of a model's graph from the model's folder", async () => {
    const { ctx, loads } = loadingContext();
    const opened = await call<OpenResult>(ctx, "file.open", { path: csvModel });
    if (!opened.ok) throw new Error(opened.errors.join("\n"));
    expect(dataPath(opened.doc)).toBe(path.join(dir, "csv", "data", "train.csv"));
    await call(ctx, "training.load", { path: csvModel, doc: csvGraph });
    expect(dataPath(loads[0]?.doc as typeof csvGraph)).toBe(path.join(dir, "csv", "data", "train.csv"));
  });
});

describe("training.load: a model file's weights into the engine", () => {
  it("loads a NetLoom model with the seed and sample limit it was trained with", async () => {
    const { ctx, training, loads } = loadingContext();
    const { runId } = await call<{ runId: string }>(ctx, "training.load", { path: netloomModel, doc: graph });
    expect(runId).toBe("run-1");
    expect(loads[0]?.options).toEqual({ seed: 7, limit: 500 });
    expect(loads[0]?.weights.weightSpecs.map((s) => s.name)).toEqual([
      "linear1/kernel",
      "linear1/bias",
      "linear2/kernel",
      "linear2/bias",
    ]);
    expect(loads[0]?.weights.weightData.byteLength).toBe(238_510 * 4);
    expect(training.run(runId)).toMatchObject({
      epochs: 2,
      options: { seed: 7, limit: 500 },
      loaded: { training: summary },
    });
  });

  it("renames a foreign model's weights to the layers of the graph it opened as", async () => {
    const { ctx, loads } = loadingContext();
    const opened = await call<OpenResult>(ctx, "file.open", { path: foreignModel });
    if (!opened.ok) throw new Error("the foreign model must open");
    await call(ctx, "training.load", { path: foreignModel, doc: opened.doc });
    const compiled = compileGraph(opened.doc);
    if (!compiled.ok) throw new Error("an MNIST-shaped foreign model must compile");
    const layers = compiled.steps.flatMap((s) => s.layers);
    const names = loads[0]?.weights.weightSpecs.map((s) => s.name.split("/")[0]) ?? [];
    expect(names).toHaveLength(4);
    for (const name of names) expect(layers).toContain(name);
    expect(loads[0]?.options).toEqual({});
  });

  it("refuses files it cannot load with an error naming why, before the engine is asked", async () => {
    const { ctx, loads } = loadingContext();
    await expect(call(ctx, "training.load", { path: path.join(dir, "none.json"), doc: graph })).rejects.toMatchObject({
      code: "IO",
      message: expect.stringMatching(/cannot read .*none\.json/),
    });
    await expect(call(ctx, "training.load", { path: noWeights, doc: graph })).rejects.toMatchObject({
      code: "IO",
      message: expect.stringContaining("cannot read the weights file weights.bin"),
    });
    await expect(call(ctx, "training.load", { path: convModel, doc: graph })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/layer "edges" is a Conv1D/),
    });
    const notModel = path.join(dir, "graph.json");
    writeFileSync(notModel, JSON.stringify(graph));
    await expect(call(ctx, "training.load", { path: notModel, doc: graph })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("graph.json: no model topology found"),
    });
    expect(loads).toEqual([]);
    const busy = loadingContext(true);
    await expect(call(busy.ctx, "training.load", { path: netloomModel, doc: graph })).rejects.toMatchObject({
      code: "BUSY",
    });
    await expect(call(browserContext(), "training.load", { path: netloomModel, doc: graph })).rejects.toMatchObject({
      code: "UNSUPPORTED",
    });
  });
});
