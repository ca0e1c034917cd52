import { prepareData } from "../main/data";
import { type BackendChoice, selectBackend } from "../main/engine/backend";
import type { HostSamples } from "../main/engine/batches";
import { RunControl } from "../main/engine/control";
import { type FitSetup, trainEpochs } from "../main/engine/epochs";
import { lossFunction } from "../main/engine/metrics";
import { buildModel, makeOptimizer } from "../main/engine/model";
import type { LayersModel } from "../main/engine/tf";
import { type CompileSuccess, compileGraph } from "../shared/compile";
import { loadPreset } from "../shared/presets";
import type { BackendName, TrainingEvent } from "../shared/run";

/** The MNIST preset ready to train in a bench: backend, compiled graph, the first `samples` on the backend. */
export interface MnistSetup {
  choice: BackendChoice;
  compiled: CompileSuccess;
  samples: HostSamples;
  rows: Int32Array;
  loss: ReturnType<typeof lossFunction>;
}

/**
 * Loads `backend` and the first `samples` of MNIST as the preset transforms them; prints a
 * `skipped` line for `bench` and exits when the backend does not load here.
 */
export async function mnistSetup(bench: string, backend: BackendName, samples: number): Promise<MnistSetup> {
  const choice = await selectBackend({ force: backend }).catch((err: Error) => err);
  if (choice instanceof Error) {
    process.stdout.write(`${JSON.stringify({ bench, backend, skipped: choice.message })}\n`);
    process.exit(0);
  }
  const { tf } = choice;
  const result = compileGraph(loadPreset("mnist"));
  if (!result.ok) throw new Error("the MNIST preset must compile");
  const compiled: CompileSuccess = result;
  const data = prepareData({ ...compiled.dataPlan, dataset: { ...compiled.dataPlan.dataset, limit: samples } }, 42);
  return {
    choice,
    compiled,
    samples: { x: data.all.x, y: data.all.y, xShape: data.xShape, yShape: data.yShape },
    rows: Int32Array.from({ length: samples }, (_, i) => i),
    loss: lossFunction(tf, compiled.loss.name),
  };
}

/** Seconds of CPU this process has used: on a shared machine, steadier than the wall clock. */
export function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/**
 * Trains a fresh model one pass over `trainRows` with the engine's own loop (`extra` adds to its
 * setup); returns the wall-clock and CPU seconds of the pass, model building left out.
 */
export async function trainPass(
  s: MnistSetup,
  trainRows: Int32Array,
  batchSize: number,
  extra: Partial<FitSetup> = {},
  onEvent: (e: TrainingEvent) => void = () => {},
): Promise<{ seconds: number; cpuSeconds: number }> {
  const { tf } = s.choice;
  const model = await buildModel(tf, s.compiled.model, 42);
  const optimizer = makeOptimizer(tf, s.compiled.optimizer);
  const start = performance.now();
  const cpuStart = cpuSeconds();
  await trainEpochs(
    {
      tf,
      runId: "bench",
      model,
      optimizer,
      loss: s.loss,
      metric: "argmax",
      samples: s.samples,
      trainRows,
      validationRows: new Int32Array(0),
      epochs: 1,
      batchSize,
      shuffle: true,
      seed: 42,
      learningRate: s.compiled.optimizer.learningRate,
      optimizerNodeId: "optimizer",
      ...extra,
    },
    onEvent,
    new RunControl(),
  );
  const seconds = (performance.now() - start) / 1000;
  const cpu = cpuSeconds() - cpuStart;
  model.dispose();
  optimizer.dispose();
  return { seconds, cpuSeconds: cpu };
}

/**
 * Multiply-add FLOPs of one sample's training step: each Dense layer's forward product, its weight
 * gradient, and its input gradient unless its input is the model's input (nothing needs that one).
 */
export function trainingFlopsPerSample(model: LayersModel): number {
  let flops = 0;
  for (const layer of model.layers) {
    if (layer.getClassName() !== "Dense") continue;
    const [inputs, units] = layer.getWeights()[0]?.shape ?? [0, 0];
    const fromInput = layer.inboundNodes.every((n) => n.inboundLayers.every((l) => l.getClassName() === "InputLayer"));
    flops += (fromInput ? 4 : 6) * (inputs ?? 0) * (units ?? 0);
  }
  return flops;
}
