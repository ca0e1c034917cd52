import { mkdtemp, readFile, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { runExport } from "../../../../main/commands/export";
import { runImport, weightsFolderFor } from "../../../../main/commands/import";
import { bundleFromModel, readTfjsModelFiles, writeTfjsModel } from "../../../../main/export/tfjsModel";
import { parseGraphText } from "../../../../shared/graph";
import { loadPreset } from "../../../../shared/presets";

describe("netloom import", () => {
  let dir: string;
  const said = (spy: ReturnType<typeof vi.spyOn>) => spy.mock.calls.flat().join("\n");
  beforeAll(async () => {
    await tf.setBackend("cpu");
    dir = await mkdtemp(join(tmpdir(), "netloom-import-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("writes the graph of a foreign Sequential model, and weights that export --weights takes", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    vi.spyOn(console, "error").mockImplementation(() => {});
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [784], units: 32, activation: "relu", name: "1hidden" }),
        tf.layers.dense({ units: 10, activation: "softmax", name: "probs" }),
      ],
    });
    const source = join(dir, "foreign");
    await writeTfjsModel(source, await bundleFromModel(tf, model));
    const out = join(dir, "new", "imported.netloom.json");
    expect(await runImport(source, out)).toBe(0);
    expect(said(log)).toContain("from its layers");
    expect(said(log)).toContain(`${join(dir, "new", "imported.weights", "model.json")} (4 weight tensors`);
    const parsed = parseGraphText(await readFile(out, "utf8"));
    expect(parsed.ok && parsed.doc.nodes.map((n) => n.kind)).toEqual([
      "Dataset",
      "Normalize",
      "Flatten",
      "DataLoader",
      "OneHot",
      "Linear",
      "ReLU",
      "Linear",
      "Softmax",
      "Loss",
      "Optimizer",
    ]);
    // The renamed weights carry the original values into an export of the imported graph.
    const exported = join(dir, "exported");
    expect(await runExport(out, { format: "tfjs", out: exported, weights: weightsFolderFor(out) })).toBe(0);
    const original = await readTfjsModelFiles(join(source, "model.json"));
    const again = await readTfjsModelFiles(join(exported, "model.json"));
    expect(Buffer.from(again.weightData).equals(Buffer.from(original.weightData))).toBe(true);
  });

  it("reopens NetLoom's one-file JSON as its own graph", async () => {
    vi.spyOn(console, "log").mockImplementation(() => {});
    vi.spyOn(console, "error").mockImplementation(() => {});
    const single = join(dir, "single.json");
    expect(await runExport(undefined, { preset: "mnist", format: "json", out: single })).toBe(0);
    const out = join(dir, "from-single.netloom.json");
    expect(await runImport(single, out)).toBe(0);
    const parsed = parseGraphText(await readFile(out, "utf8"));
    expect(parsed.ok && parsed.doc).toEqual(loadPreset("mnist"));
  });

  it("exits 1 naming a layer it cannot import, and 2 for a file it cannot read", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const rnn = tf.sequential({ layers: [tf.layers.simpleRNN({ inputShape: [5, 3], units: 4, name: "memory" })] });
    await writeFile(join(dir, "rnn.json"), JSON.stringify({ modelTopology: rnn.toJSON(null, false) }));
    expect(await runImport(join(dir, "rnn.json"), join(dir, "rnn.netloom.json"))).toBe(1);
    expect(said(error)).toMatch(/layer "memory" is a SimpleRNN, which NetLoom cannot import/);
    expect(await runImport(join(dir, "missing.json"), join(dir, "x.json"))).toBe(2);
    expect(said(error)).toMatch(/cannot read .*missing\.json: no such file/);
  });

  it("refuses weights cut short instead of writing a model that will not load", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 2, name: "d" })] });
    const folder = join(dir, "cut");
    await writeTfjsModel(folder, await bundleFromModel(tf, model));
    await truncate(join(folder, "weights.bin"), 10);
    expect(await runImport(folder, join(dir, "cut.netloom.json"))).toBe(2);
    expect(said(error)).toMatch(/hold 10 bytes but its manifest describes 40 \(a file may be truncated/);
  });
});
