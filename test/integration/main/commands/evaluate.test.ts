import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TrainingEvent, type TrainingEventOf, zTrainingEvent } from "../../../../shared/run";
import { graphPath, netloom } from "../../../helpers/cli";
import { TRAIN_TIMEOUT } from "../engine/helpers";

function events(stdout: string): TrainingEvent[] {
  return stdout
    .trim()
    .split("\n")
    .map((line) => zTrainingEvent.parse(JSON.parse(line)));
}

function doneOf(list: TrainingEvent[]): TrainingEventOf<"done"> {
  const done = list.at(-1);
  if (done?.type !== "done") throw new Error(`the run ended with ${JSON.stringify(done)}`);
  return done;
}

describe("netloom evaluate", { timeout: TRAIN_TIMEOUT }, () => {
  const graph = graphPath("engine-binary.json");
  let dir = "";
  let trained: TrainingEventOf<"done">;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "netloom-evaluate-"));
    const r = await netloom([
      "train",
      graph,
      "--epochs",
      "2",
      "--seed",
      "7",
      "--backend",
      "cpu",
      "--json",
      "--save",
      dir,
    ]);
    expect(r.code, r.stderr).toBe(0);
    trained = doneOf(events(r.stdout));
  }, TRAIN_TIMEOUT);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("scores a saved model as its training run did, on the same split, without training", async () => {
    const r = await netloom(["evaluate", dir, "--backend", "cpu", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const list = events(r.stdout);
    expect(list.map((e) => e.type)).toEqual(["loaded", "done"]);
    const done = doneOf(list);
    expect(done.testLoss).toBeCloseTo(trained.testLoss, 5);
    expect(done.testAccuracy).toBe(trained.testAccuracy);
    expect(done.confusionMatrix).toEqual(trained.confusionMatrix);
  });

  it("takes a graph file with --weights and prints loss, accuracy and the confusion matrix", async () => {
    const r = await netloom(["evaluate", graph, "--weights", join(dir, "model.json"), "--backend", "cpu"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^backend cpu\b/m);
    expect(r.stdout).toMatch(/^loaded trained weights, [\d,]+ parameters/m);
    const accuracy = ((trained.testAccuracy ?? 0) * 100).toFixed(2);
    expect(r.stdout).toContain(`validation accuracy ${accuracy}%`);
    expect(r.stdout).toContain("confusion matrix (rows: true class, columns: predicted)");
    expect(r.stdout).not.toMatch(/^epoch /m);
  });

  it("exits 2 for a graph or preset without weights, and 1 naming the node whose weights do not fit", async () => {
    const bare = await netloom(["evaluate", graph]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain("engine-binary.json is a graph without trained weights: give --weights DIR");
    const preset = await netloom(["evaluate", "--preset", "mnist"]);
    expect(preset.code).toBe(2);
    expect(preset.stderr).toContain("a preset has no trained weights: give --weights DIR");
    const misfit = await netloom(["evaluate", "--preset", "mnist", "--weights", dir, "--backend", "cpu"]);
    expect(misfit.code).toBe(1);
    expect(misfit.stderr).toMatch(/error: node \w+: .*do not fit the graph/);
  });
});
