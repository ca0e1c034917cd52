/**
 * Measures the engine's training loop on the MNIST preset: prints one JSON line per
 * (backend, batch size, kernel variant) with samples/s over a fixed slice of MNIST, and the
 * matrix-product FLOPs one training sample costs (what bounds samples/s at a given sgemm rate).
 *
 * Usage: tsx bench/trainingSpeed.ts --backend wasm --batches 32,64 --samples 12800 [--stock-matmul both]
 */
import { parseArgs } from "node:util";
import { prepareData } from "../main/data";
import { selectBackend } from "../main/engine/backend";
import { RunControl } from "../main/engine/control";
import { trainEpochs } from "../main/engine/epochs";
import { lossFunction } from "../main/engine/metrics";
import { buildModel, makeOptimizer } from "../main/engine/model";
import { setXnnpackMatMul } from "../main/engine/wasmMatMul";
import { type CompileSuccess, compileGraph } from "../shared/compile";
import { loadPreset } from "../shared/presets";
import type { BackendName } from "../shared/run";
import { trainingFlopsPerSample } from "./mnistSetup";

const { values } = parseArgs({
  options: {
    backend: { type: "string", default: "wasm" },
    batches: { type: "string", default: "32,64" },
    samples: { type: "string", default: "12800" },
    "stock-matmul": { type: "string", default: "no" },
  },
});
const backend = values.backend as BackendName;
const samples = Number(values.samples);
const print = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);

const choice = await selectBackend({ force: backend }).catch((err: Error) => err);
if (choice instanceof Error) {
  print({ bench: "mnist-training", backend, skipped: choice.message });
  process.exit(0);
}
const { tf } = choice;
const result = compileGraph(loadPreset("mnist"));
if (!result.ok) throw new Error("the MNIST preset must compile");
const compiled: CompileSuccess = result;
const data = prepareData({ ...compiled.dataPlan, dataset: { ...compiled.dataPlan.dataset, limit: samples } }, 42);
const rows = Int32Array.from({ length: samples }, (_, i) => i);
const sampleData = { x: data.all.x, y: data.all.y, xShape: data.xShape, yShape: data.yShape };
const loss = lossFunction(tf, compiled.loss.name);
const counted = await buildModel(tf, compiled.model, 42);
const flopsPerSample = trainingFlopsPerSample(counted);
counted.dispose();

/**
 * Trains one pass over `trainRows` with the engine's own loop; returns its wall-clock seconds and
 * the CPU seconds of the process (all threads), which other work on the machine disturbs less.
 */
async function pass(batchSize: number, trainRows: Int32Array): Promise<{ seconds: number; cpuSeconds: number }> {
  const model = await buildModel(tf, compiled.model, 42);
  const optimizer = makeOptimizer(tf, compiled.optimizer);
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  await trainEpochs(
    {
      tf,
      runId: "bench",
      model,
      optimizer,
      loss,
      metric: "argmax",
      samples: sampleData,
      trainRows,
      validationRows: new Int32Array(0),
      epochs: 1,
      batchSize,
      shuffle: true,
      seed: 42,
      learningRate: compiled.optimizer.learningRate,
      optimizerNodeId: "optimizer",
    },
    () => {},
    new RunControl(),
  );
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  model.dispose();
  optimizer.dispose();
  return { seconds, cpuSeconds };
}

const variants = backend !== "wasm" ? [null] : values["stock-matmul"] === "both" ? [true, false] : [true];
for (const batchSize of values.batches.split(",").map(Number)) {
  for (const ours of variants) {
    if (ours !== null) setXnnpackMatMul(tf, ours);
    await pass(batchSize, rows.subarray(0, batchSize * 20)); // warm-up: kernels, XNNPACK operators
    const { seconds, cpuSeconds } = await pass(batchSize, rows);
    print({
      bench: "mnist-training",
      backend,
      detail: choice.detail,
      ...(ours === null ? {} : { matmul: ours ? "netloom" : "stock" }),
      batchSize,
      samples,
      seconds: Number(seconds.toFixed(3)),
      samplesPerSec: Math.round(samples / seconds),
      samplesPerCpuSec: Math.round(samples / cpuSeconds),
      flopsPerSample,
    });
  }
}
process.exit(0);
