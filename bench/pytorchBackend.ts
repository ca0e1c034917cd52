/**
 * Measures the pytorch backend on the MNIST preset as NetLoom runs it: the engine prepares the
 * samples, the driver trains the exported module and streams metrics (batch events at ~20/s).
 * Prints one JSON line per batch size with the training samples/s of its fastest epoch after the
 * first (which warms up), as the run's own epoch events report them: steps only, metrics
 * streaming on; plain PyTorch's figure is likewise its fastest pass. Per CPU second: the Python
 * process's CPU time of the epoch's steps (all its threads, as the epoch event reports it) plus
 * what this process, the engine relaying the events, spent from one epoch event to the next.
 *
 * Usage: tsx bench/pytorchBackend.ts --batches 32,64 --samples 12800 [--passes 3]
 */
import { parseArgs } from "node:util";
import { selectBackend } from "../main/engine/backend";
import { buildModel } from "../main/engine/model";
import { runTraining } from "../main/engine/train";
import { compileGraph } from "../shared/compile";
import { loadPreset } from "../shared/presets";
import type { TrainingEvent } from "../shared/run";
import { cpuSeconds, trainingFlopsPerSample } from "./mnistSetup";

const { values } = parseArgs({
  options: {
    batches: { type: "string", default: "32,64" },
    samples: { type: "string", default: "12800" },
    passes: { type: "string", default: "3" },
  },
});
const samples = Number(values.samples);
const print = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);

const choice = await selectBackend({ force: "pytorch" }).catch((err: Error) => err);
if (choice instanceof Error) {
  print({ bench: "mnist-training", backend: "pytorch", skipped: choice.message });
  process.exit(0);
}

const flopsPerSample = await presetFlops();

/** The MNIST preset's matrix FLOPs per training sample, counted on a model built by TF.js's cpu backend. */
async function presetFlops(): Promise<number> {
  const { tf } = await selectBackend({ force: "cpu" });
  const compiled = compileGraph(loadPreset("mnist"));
  if (!compiled.ok) throw new Error("the MNIST preset must compile");
  const model = await buildModel(tf, compiled.model, 42);
  const flops = trainingFlopsPerSample(model);
  model.dispose();
  return flops;
}

for (const batchSize of values.batches.split(",").map(Number)) {
  // All samples train (no validation split), as the plain PyTorch baseline trains on all of them.
  const doc = loadPreset("mnist");
  for (const node of doc.nodes) {
    if (node.kind === "DataLoader") node.params = { ...node.params, batchSize };
    if (node.kind === "Dataset") node.params = { ...node.params, validationSplit: 0 };
  }
  const events: TrainingEvent[] = [];
  const epochs = 1 + Number(values.passes);
  /** This process's CPU seconds from one epoch event to the next, by epoch. */
  const engineCpu = new Map<number, number>();
  let cpuMark = cpuSeconds();
  await runTraining({ runId: "bench", doc, options: { backend: "pytorch", limit: samples, epochs } }, (e) => {
    if (e.type === "epoch") {
      const now = cpuSeconds();
      engineCpu.set(e.epoch, now - cpuMark);
      cpuMark = now;
    }
    if (e.type !== "batch") events.push(e);
  });
  const started = events.find((e) => e.type === "started");
  const timed = events.flatMap((e) => (e.type === "epoch" && e.epoch > 1 && e.samplesPerSec ? [e] : []));
  const passes = timed.map((e) => e.samplesPerSec ?? 0);
  const perCpuSecond = timed.flatMap((e) =>
    e.cpuSeconds === undefined ? [] : [samples / (e.cpuSeconds + (engineCpu.get(e.epoch) ?? 0))],
  );
  if (started?.type !== "started" || passes.length === 0) {
    const error = events.find((e) => e.type === "error");
    print({ bench: "mnist-training", backend: "pytorch", error: error?.type === "error" ? error.message : "no epoch" });
    continue;
  }
  const fastest = Math.max(...passes);
  print({
    bench: "mnist-training",
    backend: "pytorch",
    detail: started.backendDetail,
    batchSize,
    samples,
    passes: passes.length,
    seconds: Number((samples / fastest).toFixed(3)),
    samplesPerSec: Math.round(fastest),
    samplesPerCpuSec: perCpuSecond.length ? Math.round(Math.max(...perCpuSecond)) : null,
    flopsPerSample,
  });
}
process.exit(0);
