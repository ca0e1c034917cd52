import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSingleJson, toSingleJson } from "../../../../main/export/singleJson";
import {
  bundleFromModel,
  loadBundle,
  modelJsonFor,
  readTfjsModelFiles,
  writeTfjsModel,
} from "../../../../main/export/tfjsModel";
import { graphFromModelJson } from "../../../../main/import/model";
import { compileGraph } from "../../../../shared/compile";
import { loadPreset } from "../../../../shared/presets";

const graph = loadPreset("mnist");
const training = {
  backend: "cpu",
  epochs: 1,
  seed: 7,
  testAccuracy: 0.5,
  testLoss: 1.2,
  finishedAt: "2026-11-27T00:00:00Z",
};
let dir: string;
let server: Server;
let model: tf.LayersModel;
let inputs: tf.Tensor2D;
let expected: number[][];

async function predict(m: tf.LayersModel): Promise<number[][]> {
  return (await (m.predict(inputs) as tf.Tensor).array()) as number[][];
}

function expectClose(actual: number[][], want: number[][], tolerance = 1e-5): void {
  expect(actual.length).toBe(want.length);
  actual.forEach((row, i) => {
    row.forEach((v, j) => {
      expect(Math.abs(v - (want[i]?.[j] as number))).toBeLessThan(tolerance);
    });
  });
}

beforeAll(async () => {
  await tf.setBackend("cpu");
  const compiled = compileGraph(graph);
  if (!compiled.ok) throw new Error("the MNIST preset must compile");
  model = await tf.models.modelFromJSON(compiled.model as never);
  // A few real optimizer steps, so the weights are not just their initial values.
  model.compile({ optimizer: tf.train.sgd(0.1), loss: "categoricalCrossentropy" });
  const x = tf.randomUniform([64, 784], 0, 1, "float32", 1);
  const y = tf.oneHot(tf.randomUniform([64], 0, 10, "int32", 2), 10);
  await model.fit(x, y, { epochs: 2, batchSize: 32, verbose: 0, shuffle: false });
  inputs = tf.randomUniform([5, 784], 0, 1, "float32", 3) as tf.Tensor2D;
  expected = await predict(model);
  dir = await mkdtemp(join(tmpdir(), "netloom-export-"));
  // Written here, not in a test, so each test that reads the export also runs alone (-t).
  await writeTfjsModel(dir, await bundleFromModel(tf, model, graph, training));
  server = createServer(async (req, res) => {
    try {
      const body = await readFile(join(dir, (req.url ?? "/").split("?")[0] as string));
      res.writeHead(200, { "Access-Control-Allow-Origin": "*" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
});

afterAll(async () => {
  server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("TF.js Layers export", () => {
  it("writes model.json + weights.bin that tf.loadLayersModel reads over HTTP, predicting the same", async () => {
    const { port } = server.address() as AddressInfo;
    const loaded = await tf.loadLayersModel(`http://127.0.0.1:${port}/model.json`);
    expectClose(await predict(loaded), expected);
    const json = JSON.parse(await readFile(join(dir, "model.json"), "utf8"));
    expect(json.format).toBe("layers-model");
    expect(json.userDefinedMetadata.netloom.graph).toEqual(graph);
    expect(json.userDefinedMetadata.netloom.training).toEqual(training);
  });

  it("writes one self-contained JSON file that loads with the same predictions", async () => {
    const text = toSingleJson(await bundleFromModel(tf, model, graph, training));
    const bundle = parseSingleJson(text);
    expect(bundle.graph).toEqual(graph);
    expectClose(await predict(await loadBundle(tf, bundle)), expected);
  });

  it("refuses a one-file model whose weights do not match their specs", async () => {
    const json = JSON.parse(toSingleJson(await bundleFromModel(tf, model, graph)));
    json.weightData = Buffer.from([1, 2, 3, 4]).toString("base64");
    expect(() => parseSingleJson(JSON.stringify(json))).toThrow(
      /weightData holds 4 bytes but weightSpecs describe 954040/,
    );
    expect(() => parseSingleJson("{")).toThrow(/not valid JSON/);
  });
});

describe("TF.js model import", () => {
  it("reopens a NetLoom export as exactly its graph", async () => {
    const files = await readTfjsModelFiles(join(dir, "model.json"));
    const result = graphFromModelJson(files.modelJson, files.weightSpecs);
    expect(result.ok && result.source).toBe("netloom");
    expect(result.ok && result.doc).toEqual(graph);
  });

  it("rebuilds a graph from the layers of a model without NetLoom metadata, weights included", async () => {
    const files = await readTfjsModelFiles(join(dir, "model.json"));
    const foreign = { ...(files.modelJson as object), userDefinedMetadata: undefined };
    const result = graphFromModelJson(foreign, files.weightSpecs);
    if (!result.ok) throw new Error(result.errors.join("\n"));
    const compiled = compileGraph(result.doc);
    if (!compiled.ok) throw new Error(compiled.errors.map((e) => e.message).join("\n"));
    expect(compiled.dataPlan.dataset.source).toBe("mnist");
    expect(compiled.loss.name).toBe("categoricalCrossentropy");
    expect(compiled.steps.map((s) => s.kind)).toEqual(["Linear", "ReLU", "Linear", "Softmax"]);
    const rebuilt = await loadBundle(tf, {
      modelTopology: compiled.model as never,
      weightSpecs: result.weightSpecs,
      weightData: files.weightData,
    });
    expectClose(await predict(rebuilt), expected);
  });

  it("imports a Sequential model built with tfjs, with its loss and optimizer", async () => {
    const seq = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [4], units: 8, activation: "tanh", name: "hidden" }),
        tf.layers.dropout({ rate: 0.2 }),
        tf.layers.dense({ units: 1, activation: "sigmoid", name: "out" }),
      ],
    });
    seq.compile({ optimizer: tf.train.adam(0.003), loss: "binaryCrossentropy" });
    const bundle = await bundleFromModel(tf, seq);
    const modelJson = JSON.parse(modelJsonFor(bundle));
    const result = graphFromModelJson(modelJson, bundle.weightSpecs);
    if (!result.ok) throw new Error(result.errors.join("\n"));
    const kinds = result.doc.nodes.map((n) => n.kind);
    expect(kinds).toEqual([
      "Dataset",
      "DataLoader",
      "Linear",
      "Tanh",
      "Dropout",
      "Linear",
      "Sigmoid",
      "Loss",
      "Optimizer",
    ]);
    expect(result.doc.nodes.find((n) => n.kind === "Loss")?.params.loss).toBe("binaryCrossentropy");
    const optimizer = result.doc.nodes.find((n) => n.kind === "Optimizer")?.params;
    expect(optimizer).toMatchObject({ optimizer: "adam" });
    expect(optimizer?.learningRate).toBeCloseTo(0.003, 6);
    expect(result.weightSpecs.map((s) => s.name)).toEqual(["hidden/kernel", "hidden/bias", "out/kernel", "out/bias"]);
    const compiled = compileGraph(result.doc, {
      datasets: { dataset: { xShape: [4], yShape: [1], trainSamples: 100, testSamples: 10 } },
    });
    expect(compiled.ok).toBe(true);
  });

  it("renames weights to the compiler's layer names, even where ids clash with the input layer", async () => {
    const seq = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [784], units: 16, activation: "relu", name: "input" }),
        tf.layers.dense({ units: 10, activation: "softmax", name: "out" }),
      ],
    });
    const bundle = await bundleFromModel(tf, seq);
    const result = graphFromModelJson(JSON.parse(modelJsonFor(bundle)), bundle.weightSpecs);
    if (!result.ok) throw new Error(result.errors.join("\n"));
    const compiled = compileGraph(result.doc);
    if (!compiled.ok) throw new Error(compiled.errors.map((e) => e.message).join("\n"));
    const rebuilt = await loadBundle(tf, {
      ...bundle,
      modelTopology: compiled.model as never,
      weightSpecs: result.weightSpecs,
    });
    const x = tf.randomUniform([2, 784], 0, 1, "float32", 9);
    expect((rebuilt.predict(x) as tf.Tensor).arraySync()).toEqual((seq.predict(x) as tf.Tensor).arraySync());
  });

  it("names the layer it does not know", async () => {
    const path = join(dir, "conv.json");
    const conv = tf.sequential({
      layers: [
        tf.layers.conv1d({ inputShape: [8, 1], filters: 2, kernelSize: 3, name: "conv_a" }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 3, activation: "softmax" }),
      ],
    });
    await writeFile(path, JSON.stringify({ modelTopology: conv.toJSON(null, false) }));
    const files = await readTfjsModelFiles(path);
    const result = graphFromModelJson(files.modelJson);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.join("\n")).toMatch(/layer "conv_a" is a Conv1D, which NetLoom cannot import/);
  });

  it("cuts a layer name or class too long to quote whole", () => {
    const long = "n".repeat(5000);
    const topology = {
      class_name: "Sequential",
      config: {
        name: "s",
        layers: [{ class_name: "x".repeat(300), config: { name: long, batch_input_shape: [null, 4] } }],
      },
    };
    const result = graphFromModelJson({ modelTopology: topology });
    expect(result.ok).toBe(false);
    const said = !result.ok ? result.errors.join("\n") : "";
    expect(said).toContain(`layer "${"n".repeat(60)}… (5,000 characters)" is a "${"x".repeat(60)}… (300 characters)"`);
    expect(said.length).toBeLessThan(400);
  });

  it("refuses files that are not models, with the reason", async () => {
    expect(graphFromModelJson([])).toEqual({ ok: false, errors: ["model.json must hold a JSON object"] });
    expect(graphFromModelJson({ modelTopology: { config: {} } }).ok).toBe(false);
    await writeFile(join(dir, "broken.json"), "{ not json");
    await expect(readTfjsModelFiles(join(dir, "broken.json"))).rejects.toThrow(/is not valid JSON/);
    await writeFile(
      join(dir, "escape.json"),
      JSON.stringify({ weightsManifest: [{ paths: ["../x.bin"], weights: [] }] }),
    );
    await expect(readTfjsModelFiles(join(dir, "escape.json"))).rejects.toThrow(/must be a file next to model.json/);
  });
});
