import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, afterEach, beforeAll, describe, expect, it, type MockInstance, vi } from "vitest";
import { EXPORT_FORMATS, EXPORTERS, runExport } from "../../../../main/commands/export";
import { buildModel } from "../../../../main/engine/model";
import { parseSingleJson } from "../../../../main/export/singleJson";
import { loadBundle, readTfjsModelFiles } from "../../../../main/export/tfjsModel";
import { serializeGraph } from "../../../../shared/graph";
import { loadPreset } from "../../../../shared/presets";
import { chainGraph, compileOk } from "../../../helpers/chainGraph";
import { referenceModel, saveModel } from "../../../helpers/tfjsReference";

describe("netloom export", () => {
  let dir: string;
  let errors: MockInstance;
  let logs: MockInstance;
  const printed = (spy: MockInstance) => spy.mock.calls.map((c) => c.join(" ")).join("\n");

  beforeAll(async () => {
    await tf.setBackend("cpu");
    dir = await mkdtemp(join(tmpdir(), "netloom-export-cli-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  const quiet = () => {
    errors = vi.spyOn(console, "error").mockImplementation(() => {});
    logs = vi.spyOn(console, "log").mockImplementation(() => {});
  };

  it("writes train.py into the folder --out names", async () => {
    quiet();
    const out = join(dir, "preset");
    await mkdir(out);
    expect(await runExport(undefined, { preset: "mnist", format: "pytorch", out })).toBe(0);
    const script = await readFile(join(out, "train.py"), "utf8");
    expect(script).toContain("class Net(nn.Module):");
    expect(script).toContain("(preset mnist)");
    expect(printed(logs)).toBe(`wrote ${join(out, "train.py")}`);
  });

  it("exports a graph file to the file --out names", async () => {
    quiet();
    const doc = chainGraph({ name: "Tiny", layers: [["Linear", { units: 10 }], ["Softmax"]] });
    const file = join(dir, "tiny.netloom.json");
    await writeFile(file, serializeGraph(doc));
    const out = join(dir, "tiny.py");
    expect(await runExport(file, { format: "pytorch", out })).toBe(0);
    expect(await readFile(out, "utf8")).toContain(`Exported by NetLoom from the graph "Tiny" (${file}).`);
  });

  it("lists the graph's errors, by node, instead of writing a script", async () => {
    quiet();
    const broken = chainGraph({ y: [], layers: [["Linear", { units: 10 }], ["Softmax"]] });
    const file = join(dir, "broken.netloom.json");
    await writeFile(file, serializeGraph(broken));
    expect(await runExport(file, { format: "pytorch", out: join(dir, "broken.py") })).toBe(1);
    expect(printed(errors)).toMatch(/the graph has 1 error\(s\):\n {2}node loss: target shape \[1\] does not match/);
  });

  it("exits 2, as validate does, for a file that is not a graph", async () => {
    quiet();
    const file = join(dir, "list.json");
    await writeFile(file, "[]");
    expect(await runExport(file, { format: "pytorch", out: join(dir, "list.py") })).toBe(2);
    expect(await runExport(join(dir, "nothing.json"), { format: "pytorch", out: join(dir, "n.py") })).toBe(2);
    expect(printed(errors)).toMatch(/cannot read .*nothing\.json: no such file/);
  });

  it("writes train.py into a folder --out names with a trailing slash, making the folder", async () => {
    quiet();
    const out = join(dir, "made", "here");
    expect(await runExport(undefined, { preset: "mnist", format: "pytorch", out: `${out}/` })).toBe(0);
    expect(await readFile(join(out, "train.py"), "utf8")).toContain("class Net(nn.Module):");
  });

  it("refuses a file and a preset together, and an unknown preset", async () => {
    quiet();
    expect(await runExport("x.json", { preset: "mnist", format: "pytorch", out: dir })).toBe(1);
    expect(await runExport(undefined, { preset: "cifar", format: "pytorch", out: dir })).toBe(1);
    expect(printed(errors)).toContain("give a graph file or --preset, not both");
    expect(printed(errors)).toContain('unknown preset "cifar"');
  });

  it("writes every format it lists", () => {
    for (const format of EXPORT_FORMATS) expect(EXPORTERS[format], format).toBeDefined();
  });

  it("writes a TF.js model folder with the graph inside, saying when the weights are untrained", async () => {
    quiet();
    const out = join(dir, "tfjs");
    expect(await runExport(undefined, { preset: "mnist", format: "tfjs", out })).toBe(0);
    expect(printed(errors)).toContain("initial (untrained, seed 42) weights");
    const files = await readTfjsModelFiles(join(out, "model.json"));
    expect(
      (files.modelJson as { userDefinedMetadata: { netloom: { graph: unknown } } }).userDefinedMetadata.netloom.graph,
    ).toEqual(loadPreset("mnist"));
    const compiled = compileOk(loadPreset("mnist"));
    const loaded = await loadBundle(tf, {
      modelTopology: compiled.model as never,
      weightSpecs: files.weightSpecs,
      weightData: files.weightData,
    });
    const fresh = await buildModel(tf, compiled.model, 42);
    const x = tf.randomUniform([3, 784], 0, 1, "float32", 5);
    const [a, b] = [loaded, fresh].map((m) => (m.predict(x) as tf.Tensor).arraySync() as number[][]);
    expect(a).toEqual(b);
  });

  it("writes one self-contained JSON file carrying the weights --weights gives", async () => {
    quiet();
    const preset = chainGraph({
      layers: [["Linear", { units: 300 }, "linear1"], ["ReLU"], ["Linear", { units: 10 }, "linear2"], ["Softmax"]],
    });
    await saveModel(await referenceModel(compileOk(preset), 3), join(dir, "trained"));
    const out = join(dir, "one", "model.netloom-model.json");
    expect(await runExport(undefined, { preset: "mnist", format: "json", out, weights: join(dir, "trained") })).toBe(0);
    expect(printed(errors)).not.toContain("untrained");
    const bundle = parseSingleJson(await readFile(out, "utf8"));
    const bin = await readFile(join(dir, "trained", "weights.bin"));
    expect(Buffer.from(bundle.weightData).equals(bin)).toBe(true);
    expect(bundle.graph).toEqual(loadPreset("mnist"));
  });

  it("bakes trained weights in, and refuses weights of another model", async () => {
    quiet();
    const preset = chainGraph({
      layers: [["Linear", { units: 300 }, "linear1"], ["ReLU"], ["Linear", { units: 10 }, "linear2"], ["Softmax"]],
    });
    const good = await saveModel(await referenceModel(compileOk(preset), 1), join(dir, "good"));
    const out = join(dir, "weighted.py");
    expect(await runExport(undefined, { preset: "mnist", format: "pytorch", out, weights: join(dir, "good") })).toBe(0);
    expect(await readFile(out, "utf8")).toContain(`WEIGHTS = "${good}"`);

    const other = chainGraph({
      layers: [["Linear", { units: 100 }, "linear1"], ["ReLU"], ["Linear", { units: 10 }, "linear2"], ["Softmax"]],
    });
    await saveModel(await referenceModel(compileOk(other), 1), join(dir, "other"));
    const refused = join(dir, "refused.py");
    expect(
      await runExport(undefined, {
        preset: "mnist",
        format: "pytorch",
        out: refused,
        weights: join(dir, "other", "model.json"),
      }),
    ).toBe(1);
    expect(printed(errors)).toContain("linear1/kernel is [784, 100] but the graph needs [784, 300]");
  });

  it("refuses weights with tensors the graph has no layer for, which TF.js would not load", async () => {
    quiet();
    const bigger = chainGraph({
      layers: [
        ["Linear", { units: 300 }, "linear1"],
        ["ReLU"],
        ["Linear", { units: 10 }, "linear2"],
        ["Linear", { units: 10 }, "linear3"],
        ["Softmax"],
      ],
    });
    await saveModel(await referenceModel(compileOk(bigger), 1), join(dir, "bigger"));
    const out = join(dir, "refused-tfjs");
    expect(await runExport(undefined, { preset: "mnist", format: "tfjs", out, weights: join(dir, "bigger") })).toBe(1);
    expect(printed(errors)).toContain("linear3/kernel belongs to no layer of this graph");
  });
});
