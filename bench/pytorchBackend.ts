/**
 * Measures the pytorch backend on the MNIST preset as NetLoom runs it: the engine prepares the
 * samples, the driver trains the exported module and streams metrics (batch events at ~20/s).
 * Prints one JSON line per batch size with the training samples/s of the second epoch (the first
 * warms up), as the run's own epoch event reports it: steps only, metrics streaming on.
 *
 * Usage: tsx bench/pytorchBackend.ts --batches 32,64 --samples 12800
 */
import { parseArgs } from "node:util";
import { selectBackend } from "../main/engine/backend";
import { runTraining } from "../main/engine/train";
import { loadPreset } from "../shared/presets";
import type { TrainingEvent } from "../shared/run";

const { values } = parseArgs({
  options: {
    batches: { type: "string", default: "32,64" },
    samples: { type: "string", default: "12800" },
  },
});
const samples = Number(values.samples);
const print = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);

const choice = await selectBackend({ force: "pytorch" }).catch((err: Error) => err);
if (choice instanceof Error) {
  print({ bench: "mnist-training", backend: "pytorch", skipped: choice.message });
  process.exit(0);
}

for (const batchSize of values.batches.split(",").map(Number)) {
  // All samples train (no validation split), as the plain PyTorch baseline trains on all of them.
  const doc = loadPreset("mnist");
  for (const node of doc.nodes) {
    if (node.kind === "DataLoader") node.params = { ...node.params, batchSize };
    if (node.kind === "Dataset") node.params = { ...node.params, validationSplit: 0 };
  }
  const events: TrainingEvent[] = [];
  await runTraining({ runId: "bench", doc, options: { backend: "pytorch", limit: samples, epochs: 2 } }, (e) => {
    if (e.type !== "batch") events.push(e);
  });
  const started = events.find((e) => e.type === "started");
  const second = events.find((e) => e.type === "epoch" && e.epoch === 2);
  if (started?.type !== "started" || second?.type !== "epoch" || !second.samplesPerSec) {
    const error = events.find((e) => e.type === "error");
    print({
      bench: "mnist-training",
      backend: "pytorch",
      error: error?.type === "error" ? error.message : "no epoch 2",
    });
    continue;
  }
  print({
    bench: "mnist-training",
    backend: "pytorch",
    detail: started.backendDetail,
    batchSize,
    samples,
    seconds: Number((samples / second.samplesPerSec).toFixed(3)),
    samplesPerSec: Math.round(second.samplesPerSec),
  });
}
process.exit(0);
