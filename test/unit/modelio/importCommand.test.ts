import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runImport } from "../../../main/commands/import";
import { bundleFromModel, writeTfjsModel } from "../../../main/export/tfjsModel";
import { parseGraphText } from "../../../shared/graph";

describe("netloom import", () => {
  let dir: string;
  beforeAll(async () => {
    await tf.setBackend("cpu");
    dir = await mkdtemp(join(tmpdir(), "netloom-import-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes the graph of a Sequential TF.js model folder", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [784], units: 32, activation: "relu", name: "hidden" }),
        tf.layers.dense({ units: 10, activation: "softmax", name: "probs" }),
      ],
    });
    await writeTfjsModel(dir, await bundleFromModel(tf, model));
    const out = join(dir, "imported.netloom.json");
    expect(await runImport(dir, out)).toBe(0);
    expect(log.mock.calls.flat().join(" ")).toContain("from its layers; 4 weight tensors");
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
    vi.restoreAllMocks();
  });

  it("exits 1 naming a layer it cannot import, and 2 for a file it cannot read", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const rnn = tf.sequential({ layers: [tf.layers.simpleRNN({ inputShape: [5, 3], units: 4, name: "memory" })] });
    await writeFile(join(dir, "rnn.json"), JSON.stringify({ modelTopology: rnn.toJSON(null, false) }));
    expect(await runImport(join(dir, "rnn.json"), join(dir, "rnn.netloom.json"))).toBe(1);
    expect(error.mock.calls.flat().join(" ")).toMatch(/layer "memory" is a SimpleRNN, which NetLoom cannot import/);
    expect(await runImport(join(dir, "missing.json"), join(dir, "x.json"))).toBe(2);
    expect(error.mock.calls.flat().join(" ")).toMatch(/cannot read .*missing\.json/);
    vi.restoreAllMocks();
  });
});
