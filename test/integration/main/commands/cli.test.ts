import { rmSync, writeFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { resolveDataPaths } from "../../../../main/data";
import { loadBundle, readTfjsModelFiles } from "../../../../main/export/tfjsModel";
import { parseGraphText } from "../../../../shared/graph";
import { BACKENDS, type TrainingEvent, zTrainingEvent } from "../../../../shared/run";
import { graphPath, netloom } from "../../../helpers/cli";
import { TRAIN_TIMEOUT } from "../engine/helpers";

/** Parses stdout of `--json`: every line must be one training event. */
function events(stdout: string): TrainingEvent[] {
  return stdout
    .trim()
    .split("\n")
    .map((line) => zTrainingEvent.parse(JSON.parse(line)));
}

describe("netloom train", { timeout: TRAIN_TIMEOUT }, () => {
  it("--json prints one parseable event per line and nothing else on stdout", async () => {
    const r = await netloom(["train", graphPath("engine-binary.json"), "--epochs", "1", "--backend", "cpu", "--json"]);
    expect(r.code).toBe(0);
    const list = events(r.stdout);
    expect(list[0]).toMatchObject({ type: "started", backend: "cpu", samples: { train: 320, validation: 80 } });
    expect(list.at(-1)?.type).toBe("done");
    expect(list.filter((e) => e.type === "epoch")).toHaveLength(1);
    expect(new Set(list.map((e) => e.runId)).size).toBe(1);
    // tfjs greets cpu-backend users on Node; that must reach neither stream.
    expect(r.stderr).not.toMatch(/looks like you are running TensorFlow.js in Node/);
  });

  it("--save writes the trained model as TF.js files carrying the graph and what the run reached", async () => {
    const dir = await mkdtemp(join(tmpdir(), "netloom-save-"));
    try {
      const file = graphPath("engine-binary.json");
      const r = await netloom(["train", file, "--epochs", "2", "--backend", "cpu", "--json", "--save", dir]);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain(`saved the trained model to ${join(dir, "model.json")}`);
      const done = events(r.stdout).find((e) => e.type === "done");
      const files = await readTfjsModelFiles(join(dir, "model.json"));
      const meta = (files.modelJson as { userDefinedMetadata: { netloom: { graph: unknown; training: unknown } } })
        .userDefinedMetadata.netloom;
      const source = parseGraphText(await readFile(file, "utf8"));
      // Saved beside the model, not the graph, so its data paths are made absolute.
      expect(source.ok && meta.graph).toEqual(source.ok && resolveDataPaths(source.doc, dirname(file)));
      expect(meta.training).toMatchObject({
        backend: "cpu",
        epochs: 2,
        testAccuracy: done?.type === "done" && done.testAccuracy,
      });
      await tf.setBackend("cpu");
      const model = await loadBundle(tf, {
        modelTopology: (files.modelJson as { modelTopology: Record<string, unknown> }).modelTopology,
        weightSpecs: files.weightSpecs,
        weightData: files.weightData,
      });
      expect(model.countParams()).toBeGreaterThan(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("--save refuses, before training, a folder it cannot write to", async () => {
    const dir = await mkdtemp(join(tmpdir(), "netloom-save-"));
    try {
      const file = join(dir, "a-file");
      await writeFile(file, "");
      const r = await netloom([
        "train",
        graphPath("engine-binary.json"),
        "--backend",
        "cpu",
        "--save",
        join(file, "out"),
      ]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trim()).toBe(`netloom: --save ${join(file, "out")}: part of the path is a file, not a folder`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("--save keeps the trained model in a fallback folder, and says where, when its folder fails at the end", async () => {
    const dir = await mkdtemp(join(tmpdir(), "netloom-save-"));
    const save = join(dir, "model");
    const data = join(dir, "data");
    const before = process.env.NETLOOM_DATA_DIR;
    process.env.NETLOOM_DATA_DIR = data;
    try {
      let swapped = false;
      const r = await netloom(
        ["train", graphPath("engine-binary.json"), "--epochs", "1", "--backend", "cpu", "--json", "--save", save],
        (stdout) => {
          if (swapped || !stdout.includes('"type":"started"')) return;
          swapped = true;
          // The folder, checked writable before training, is a file by the time the model is written.
          rmSync(save, { recursive: true, force: true });
          writeFileSync(save, "in the way");
        },
      );
      expect(swapped).toBe(true);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`could not write the model to ${save}`);
      const kept = r.stderr.match(/kept the trained model in (\S+) instead/)?.[1] ?? "";
      expect(kept.startsWith(join(data, "unsaved-models"))).toBe(true);
      const files = await readTfjsModelFiles(join(kept, "model.json"));
      expect(files.weightSpecs.length).toBeGreaterThan(0);
      expect(await readFile(save, "utf8")).toBe("in the way");
    } finally {
      if (before === undefined) delete process.env.NETLOOM_DATA_DIR;
      else process.env.NETLOOM_DATA_DIR = before;
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("stops cleanly on Ctrl-C and prints what was reached", async () => {
    let sent = false;
    const r = await netloom(
      ["train", "--preset", "mnist", "--limit", "6000", "--epochs", "5", "--backend", "wasm", "--json"],
      (stdout, child) => {
        if (!sent && stdout.includes('"type":"batch"')) {
          sent = true;
          child.kill("SIGINT");
        }
      },
    );
    expect(sent).toBe(true);
    expect(r.code).toBe(130);
    const list = events(r.stdout);
    expect(list.at(-1)).toMatchObject({ type: "stopped", epoch: 1 });
    expect(r.stderr).toMatch(/stopping after this batch/);
  });

  it("prints epoch lines and the test accuracy without --json", async () => {
    const r = await netloom(["train", graphPath("engine-binary.json"), "--epochs", "3"]);
    expect(r.code).toBe(0);
    // Whichever backend loads on this machine is named first.
    expect(r.stdout).toMatch(new RegExp(`^backend (${BACKENDS.join("|")})\\b`, "m"));
    expect(r.stdout).toMatch(/^epoch 3\/3 {2}loss \d\.\d{4} {2}accuracy \d+\.\d\d% {2}val_loss/m);
    expect(r.stdout).toMatch(/^validation accuracy \d+\.\d\d% {2}validation loss \d\.\d{4}/m);
  });

  it("trains the mnist-cnn preset on wasm, where convolutions learn through NetLoom's gradient kernels", async () => {
    const args = ["train", "--preset", "mnist-cnn", "--limit", "1000", "--epochs", "1", "--backend", "wasm", "--json"];
    const r = await netloom(args);
    expect(r.code, r.stderr).toBe(0);
    const list = events(r.stdout);
    expect(list[0]).toMatchObject({ type: "started", backend: "wasm", params: 225_034, batchSize: 64 });
    const done = list.at(-1);
    if (done?.type !== "done") throw new Error(`the run ended with ${JSON.stringify(done)}`);
    // 900 samples, one epoch: far from 99%, but well above the 10% of guessing.
    expect(done.testAccuracy).toBeGreaterThan(0.5);
  });

  it("exits 1 with one line per graph error, before training", async () => {
    const r = await netloom(["train", graphPath("cli-invalid.json")]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toEqual([
      "node linear1: Linear takes a flat vector but receives [28, 28]; add a Flatten before it",
      "node loss: connect an Optimizer to this Loss's output",
    ]);
  });

  it("exits 2 when there is nothing to train", async () => {
    const r = await netloom(["train"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/give a graph file to train, or --preset mnist/);
    const both = await netloom(["train", graphPath("engine-binary.json"), "--preset", "mnist"]);
    expect(both.code).toBe(2);
  });
});
