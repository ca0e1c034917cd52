import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createTrainingHost } from "../../../../main/engine/host";
import { dispatch } from "../../../../main/handlers/dispatch";
import { createTrainingService, type TrainingService } from "../../../../main/handlers/runService";
import { handlers } from "../../../../main/handlers/table";
import type { ReplyEnvelope } from "../../../../shared/api";
import { loadPreset } from "../../../../shared/presets";
import { KEPT_MODELS, type TrainingEvent } from "../../../../shared/run";
import { GRAPH_FIXTURES, readGraphFixture } from "../../../helpers/fixtures";
import { browserContext, tempDir } from "../../../helpers/handlerContext";

let service: TrainingService | undefined;
afterEach(() => service?.dispose());

async function call<T>(ctx: Parameters<typeof dispatch>[1], channel: string, payload: unknown): Promise<T> {
  const reply: ReplyEnvelope = await dispatch(handlers, ctx, channel, payload);
  if (!reply.ok) throw Object.assign(new Error(reply.error.message), { code: reply.error.code });
  return reply.value as T;
}

/** A browser context whose pushed training events can be awaited. */
function engineContext() {
  let pid: () => number | undefined = () => undefined;
  service = createTrainingService((onEvent) => {
    const host = createTrainingHost(onEvent);
    pid = () => host.pid;
    return host;
  });
  const ctx = browserContext({ training: service });
  const events = () =>
    ctx.events
      .filter((e) => (e as { event: string }).event === "training.event")
      .map((e) => (e as { payload: TrainingEvent }).payload);
  const until = async (test: (e: TrainingEvent) => boolean): Promise<TrainingEvent> => {
    for (;;) {
      const hit = events().find(test);
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { ctx, events, until, pid: () => pid() };
}

describe("training through the handler table, in a real engine process", { timeout: 180_000 }, () => {
  it("trains, refuses a second run meanwhile, then predicts, evaluates and exports the model", async () => {
    const { ctx, until } = engineContext();
    const doc = loadPreset("mnist");
    const { runId } = await call<{ runId: string }>(ctx, "training.start", {
      doc,
      options: { epochs: 1, limit: 2000 },
    });
    await expect(call(ctx, "training.start", { doc })).rejects.toMatchObject({ code: "BUSY" });
    const end = await until((e) => e.runId === runId && ["done", "error"].includes(e.type));
    expect(end).toMatchObject({ type: "done", evaluatedOn: "test" });

    const examples = await call<{ input: number[]; predicted: number; label: number }[]>(ctx, "training.examples", {
      runId,
      count: 5,
    });
    expect(examples).toHaveLength(5);
    expect(examples[0]?.input).toHaveLength(784);
    const { outputs } = await call<{ outputs: number[][] }>(ctx, "training.predict", {
      runId,
      inputs: examples.map((e) => e.input),
    });
    for (const row of outputs) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    await expect(call(ctx, "training.predict", { runId, inputs: [[1, 2, 3]] })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/784/),
    });
    const evaluation = await call<{ testAccuracy: number; confusionMatrix: number[][] }>(ctx, "training.evaluate", {
      runId,
    });
    expect(evaluation.testAccuracy).toBe((end as { testAccuracy: number }).testAccuracy);

    const dir = tempDir();
    const tfjs = await call<{ files: string[] }>(ctx, "training.export", {
      runId,
      format: "tfjs",
      path: path.join(dir, "model"),
    });
    const modelJson = JSON.parse(readFileSync(path.join(dir, "model", "model.json"), "utf8"));
    expect(modelJson.userDefinedMetadata.netloom.graph.meta.name).toBe("MNIST MLP");
    const started = await until((e) => e.runId === runId && e.type === "started");
    const backend = (started as { backend: string }).backend;
    expect(modelJson.userDefinedMetadata.netloom.training).toMatchObject({ backend, epochs: 1 });
    expect(tfjs.files.every((f) => existsSync(f))).toBe(true);
    const single = await call<{ files: string[] }>(ctx, "training.export", {
      runId,
      format: "json",
      path: path.join(dir, "model.json"),
    });
    expect(JSON.parse(readFileSync(single.files[0] as string, "utf8")).format).toBe("netloom.model");
    const script = await call<{ files: string[] }>(ctx, "training.export", {
      runId,
      format: "pytorch",
      path: path.join(dir, "train.py"),
    });
    expect(readFileSync(path.join(dir, "train.py"), "utf8")).toMatch(/import torch/);
    expect(script.files).toContain(path.join(dir, "train.weights", "model.json"));
    await expect(
      call(ctx, "training.export", { runId, format: "json", path: path.join(dir, "model.txt") }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });

    // A download is the same files, sent instead of written; its weights are found beside the script.
    const sent = await call<{ files: { path: string; base64: string }[] }>(ctx, "training.download", {
      runId,
      format: "pytorch",
      name: "train.py",
    });
    expect(sent.files.map((f) => f.path)).toEqual([
      "train.py",
      "train.weights/model.json",
      "train.weights/weights.bin",
    ]);
    for (const f of sent.files.slice(1)) {
      expect(Buffer.from(f.base64, "base64")).toEqual(readFileSync(path.join(dir, ...f.path.split("/"))));
    }
    expect(Buffer.from(sent.files[0]?.base64 ?? "", "base64").toString()).toContain(
      'WEIGHTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "train.weights", "model.json")',
    );
    for (const name of ["../escape.py", "a/b.py", ".."]) {
      await expect(call(ctx, "training.download", { runId, format: "pytorch", name })).rejects.toMatchObject({
        code: "BAD_REQUEST",
      });
    }
  });

  it("opens an exported model and loads its weights: the trained run's results, again exportable", async () => {
    const { ctx, until } = engineContext();
    const doc = loadPreset("mnist");
    const trained = await call<{ runId: string }>(ctx, "training.start", { doc, options: { epochs: 1, limit: 1500 } });
    const done = await until((e) => e.runId === trained.runId && ["done", "error"].includes(e.type));
    const dir = tempDir();
    await call(ctx, "training.export", { runId: trained.runId, format: "tfjs", path: path.join(dir, "model") });
    const modelFile = path.join(dir, "model", "model.json");
    const opened = await call<{ doc: unknown; model: unknown }>(ctx, "file.open", { path: modelFile });
    expect(opened).toMatchObject({ doc, model: { source: "netloom", tensors: 4 } });
    const { runId } = await call<{ runId: string }>(ctx, "training.load", { path: modelFile, doc: opened.doc });
    const loaded = await until((e) => e.runId === runId && ["done", "error"].includes(e.type));
    expect(loaded).toMatchObject({ type: "done", testAccuracy: (done as { testAccuracy: number }).testAccuracy });
    const inputs = [new Array(784).fill(0).map((_, i) => (i * 37) % 256)];
    const mine = await call<{ outputs: number[][] }>(ctx, "training.predict", { runId, inputs });
    expect(mine).toEqual(await call(ctx, "training.predict", { runId: trained.runId, inputs }));
    await call(ctx, "training.export", { runId, format: "json", path: path.join(dir, "again.json") });
    const again = JSON.parse(readFileSync(path.join(dir, "again.json"), "utf8"));
    expect(again.training).toMatchObject({
      epochs: 1,
      seed: 42,
      limit: 1500,
      testAccuracy: loaded.type === "done" && loaded.testAccuracy,
    });
  });

  it(`keeps the models of the last ${KEPT_MODELS} runs and says so, NOT_FOUND, when asked about an older one`, async () => {
    const { ctx, until } = engineContext();
    const doc = readGraphFixture("e2e-xor.json");
    const runIds: string[] = [];
    for (let i = 0; i <= KEPT_MODELS; i++) {
      const { runId } = await call<{ runId: string }>(ctx, "training.start", {
        doc,
        options: { epochs: 2 },
        baseDir: GRAPH_FIXTURES,
      });
      await until((e) => e.runId === runId && ["done", "error"].includes(e.type));
      runIds.push(runId);
    }
    const inputs = [[1, 0]];
    await expect(call(ctx, "training.predict", { runId: runIds[0], inputs })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: expect.stringContaining(`the last ${KEPT_MODELS} runs`),
    });
    const kept = await call<{ outputs: number[][] }>(ctx, "training.predict", { runId: runIds[1], inputs });
    expect(kept.outputs).toHaveLength(1);
  });

  it("reports an engine crash as an error event of the run, and trains again afterwards", async () => {
    const { ctx, until, pid } = engineContext();
    const doc = loadPreset("mnist");
    const first = await call<{ runId: string }>(ctx, "training.start", { doc, options: { epochs: 50, limit: 2000 } });
    await until((e) => e.runId === first.runId && e.type === "batch");
    process.kill(pid() as number, "SIGKILL");
    const crash = await until((e) => e.runId === first.runId && e.type === "error");
    expect(crash).toMatchObject({ message: expect.stringMatching(/stopped unexpectedly.*graph is unchanged/) });
    const again = await call<{ runId: string }>(ctx, "training.start", { doc, options: { epochs: 1, limit: 1000 } });
    expect(await until((e) => e.runId === again.runId && e.type === "started")).toMatchObject({ type: "started" });
    await call(ctx, "training.control", { runId: again.runId, command: "stop" });
    await until((e) => e.runId === again.runId && ["done", "stopped"].includes(e.type));
  });
});
