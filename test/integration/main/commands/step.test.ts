import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readTfjsModelFiles } from "../../../../main/export/tfjsModel";
import { zStepTrace } from "../../../../shared/step";
import { graphPath, netloom } from "../../../helpers/cli";
import { TRAIN_TIMEOUT } from "../engine/helpers";

describe("netloom step", { timeout: TRAIN_TIMEOUT }, () => {
  it("--json prints the whole step of the MNIST preset for the chosen test sample", async () => {
    const r = await netloom(["step", "--preset", "mnist", "--sample", "5", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const trace = zStepTrace.parse(JSON.parse(r.stdout));
    // The sixth test image of MNIST is a 1.
    expect(trace.sample).toMatchObject({ split: "test", index: 5, label: 1, rawShape: [28, 28] });
    expect(trace.nodes.map((n) => n.kind)).toEqual(["Linear", "ReLU", "Linear", "Softmax"]);
    const [linear1] = trace.nodes;
    expect(linear1?.weights.map((w) => [w.name, w.shape])).toEqual([
      ["weight", [300, 784]],
      ["bias", [300]],
    ]);
    expect(linear1?.weights[0]?.grad).toHaveLength(300 * 784);
    const softmax = trace.nodes[3];
    expect(softmax?.output.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(trace.loss.sample).toBeCloseTo(-Math.log(softmax?.output[1] ?? 0), 4);
    expect(trace.optimizer).toMatchObject({ name: "sgd", learningRate: 0.02, momentum: 0.9, step: 1 });
    expect(r.stderr).not.toMatch(/looks like you are running TensorFlow.js in Node/);
  });

  it("starts from trained weights given with --weights, and reads forward then backward without --json", async () => {
    const dir = await mkdtemp(join(tmpdir(), "netloom-step-"));
    try {
      const file = graphPath("engine-binary.json");
      const trained = await netloom(["train", file, "--epochs", "2", "--backend", "cpu", "--json", "--save", dir]);
      expect(trained.code, trained.stderr).toBe(0);
      const r = await netloom(["step", file, "--weights", dir, "--sample", "2", "--batch", "4", "--json"]);
      expect(r.code, r.stderr).toBe(0);
      const trace = zStepTrace.parse(JSON.parse(r.stdout));
      expect(trace).toMatchObject({ batchSize: 4, sample: { split: "validation", index: 2 } });
      const saved = await readTfjsModelFiles(join(dir, "model.json"));
      const kernel = new Float32Array(saved.weightData, 0, 2 * 8);
      const weight = trace.nodes[0]?.weights[0];
      expect(weight?.shape).toEqual([8, 2]);
      // The shown weight is the saved [inputs, units] kernel transposed to [units, inputs].
      expect(weight?.value).toEqual(Array.from({ length: 16 }, (_, i) => kernel[(i % 2) * 8 + Math.floor(i / 2)]));

      const text = await netloom(["step", file, "--weights", dir]);
      expect(text.code, text.stderr).toBe(0);
      expect(text.stdout).toMatch(/^step 1 on validation sample 0 \(label \d\), batch of 1, backend \w+/);
      expect(text.stdout).toMatch(/^forward:\n {2}input \[2\]/m);
      expect(text.stdout).toMatch(/^backward \(dLoss\/d output\):\n {2}sigmoid \(Sigmoid\)/m);
      expect(text.stdout).toMatch(/^ {4}weight \[8, 2\] {2}\|grad\| \S+ {2}\|update\| \S+ {2}update\/weight \S+/m);
      expect(text.stderr).not.toMatch(/initial weights/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("says which samples exist when --sample is past the end", async () => {
    const r = await netloom(["step", graphPath("engine-binary.json"), "--sample", "5000"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/netloom step: sample 5000 does not exist: the validation split has samples 0 to \d+/);
  });

  it("exits 1 for a graph with errors and 2 for weights it cannot read", async () => {
    const invalid = await netloom(["step", graphPath("cli-invalid.json")]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/^node linear1: Linear takes a flat vector/m);
    const missing = await netloom(["step", graphPath("engine-binary.json"), "--weights", "/nonexistent/model"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^netloom step: .*\/nonexistent\/model/);
  });
});
