import type { Optimizer, Scalar, Variable } from "@tensorflow/tfjs";
import type { TrainingEvent } from "../../shared/run";
import { seededRandom, shuffleInPlace } from "../data/random";
import { type BatchScratch, batchOf, batchScratch, type HostSamples } from "./batches";
import type { RunControl } from "./control";
import { evaluate } from "./evaluate";
import { countCorrectRows, type MetricKind } from "./metrics";
import { setLearningRate } from "./model";
import { type SignalSampler, sampledStep } from "./signals/sampler";
import { LossSmoother, smoothingBatches } from "./smoothing";
import type { LayersModel, Tensor, Tf } from "./tf";

/** At most one `batch` event per this many milliseconds (about 20 per second). */
export const BATCH_EVENT_MS = 50;

/** Everything the epoch loop needs, prepared by {@link runTraining}. */
export interface FitSetup {
  tf: Tf;
  runId: string;
  model: LayersModel;
  optimizer: Optimizer;
  loss: (yTrue: Tensor, yPred: Tensor) => Scalar;
  metric: MetricKind;
  /** Every sample of the training file; batches are cut from it by row. */
  samples: HostSamples;
  trainRows: Int32Array;
  validationRows: Int32Array;
  epochs: number;
  batchSize: number;
  shuffle: boolean;
  seed: number;
  learningRate: number;
  /** The learning rate's factor after each epoch (1: constant); see OptimizerSpec. */
  lrDecay?: number;
  optimizerNodeId: string;
  /** Samples a batch now and then for live signals (`signals` events); none when the backend cannot. */
  signals?: SignalSampler;
  /** Milliseconds; tests pass a fake clock to check the throttling. */
  clock?: () => number;
}

/**
 * How the loop ended: all epochs done (with the seconds it spent paused), stopped by a command,
 * diverged (loss not finite), or failed.
 */
export type FitEnd =
  | { end: "done"; pausedSeconds: number }
  | { end: "stopped" }
  | { end: "diverged" }
  /** A trainer in another process failed; its `error` event is out already. */
  | { end: "failed" };

/**
 * Trains for the planned epochs, emitting throttled `batch` and every `epoch` event. Both carry
 * what is computed over every batch, not over the events sent: the smoothed loss and the speed
 * (training samples per second of the epoch so far, paused time and validation left out), so the
 * curve and the status line agree with the epoch table however few events a fast run sends.
 */
export async function trainEpochs(s: FitSetup, emit: (e: TrainingEvent) => void, control: RunControl): Promise<FitEnd> {
  const { runId } = s;
  const vars = s.model.trainableWeights.map((w) => w.read() as Variable);
  const random = seededRandom(s.seed);
  const order = Int32Array.from(s.trainRows);
  const batches = Math.ceil(order.length / s.batchSize);
  const scratch = batchScratch(s.samples, s.batchSize);
  const clock = s.clock ?? (() => performance.now());
  let pausedAt = 0;
  let pausedMs = 0;
  const now = () => clock() - pausedMs;
  let first = true;
  const smoother = new LossSmoother(smoothingBatches(batches));
  for (let epoch = 1; epoch <= s.epochs; epoch++) {
    if (s.shuffle) shuffleInPlace(order, random);
    if (s.lrDecay !== undefined && s.lrDecay !== 1)
      setLearningRate(s.optimizer, s.learningRate * s.lrDecay ** (epoch - 1));
    const epochStart = now();
    const cpuStart = process.cpuUsage();
    let lastEmit = epochStart;
    let trained = epochStart;
    let lossSum = 0;
    let correct = 0;
    let seen = 0;
    for (let batch = 0; batch < batches; batch++) {
      const proceed = await control.checkpoint(
        () => {
          pausedAt = clock();
          emit({ type: "paused", runId, epoch, batch });
        },
        () => {
          pausedMs += clock() - pausedAt;
          emit({ type: "resumed", runId });
        },
      );
      if (!proceed) {
        emit({ type: "stopped", runId, epoch, batch });
        return { end: "stopped" };
      }
      const rows = order.subarray(batch * s.batchSize, Math.min(order.length, (batch + 1) * s.batchSize));
      // The previous batch ended when this one starts (paused time is left out of both).
      const stepStart = trained;
      const sampled = s.signals?.due(stepStart) ? await sampledStep(s, s.signals, rows, scratch) : null;
      const [loss, hits, finiteOutputs] = sampled?.result ?? (await trainStep(s, vars, rows, scratch));
      // Cross-entropy clips predictions, so on some backends NaN outputs give a finite loss:
      // the outputs are checked too.
      if (!Number.isFinite(loss) || !finiteOutputs) {
        emit(divergedEvent(s, epoch, batch + 1, Number.isFinite(loss) ? "outputs" : loss));
        return { end: "diverged" };
      }
      if (sampled) emit({ type: "signals", runId, epoch, batch: batch + 1, ...sampled.signals });
      lossSum += loss * rows.length;
      correct += hits;
      seen += rows.length;
      const smoothLoss = smoother.add(loss);
      trained = now();
      s.signals?.took(trained - stepStart, sampled !== null);
      if (first || trained - lastEmit >= BATCH_EVENT_MS) {
        const samplesPerSec = speed(seen, trained - epochStart);
        const accuracy = s.metric ? correct / seen : null;
        emit({ type: "batch", runId, epoch, batch: batch + 1, loss, smoothLoss, accuracy, samplesPerSec });
        lastEmit = trained;
        first = false;
      }
    }
    const cpuTrained = process.cpuUsage();
    const val = validate(s);
    emit({
      type: "epoch",
      runId,
      epoch,
      loss: lossSum / Math.max(1, seen),
      accuracy: s.metric ? correct / Math.max(1, seen) : null,
      valLoss: val?.loss ?? null,
      valAccuracy: val?.accuracy ?? null,
      seconds: (now() - epochStart) / 1000,
      smoothLoss: smoother.value,
      samplesPerSec: speed(seen, trained - epochStart),
      cpuSeconds: cpuSecondsBetween(cpuStart, cpuTrained),
    });
  }
  return { end: "done", pausedSeconds: pausedMs / 1000 };
}

/** CPU seconds (user and system, all threads) from one `process.cpuUsage()` reading to a later one. */
function cpuSecondsBetween(from: NodeJS.CpuUsage, to: NodeJS.CpuUsage): number {
  return (to.user - from.user + to.system - from.system) / 1e6;
}

/** Samples per second over `ms` milliseconds. */
function speed(samples: number, ms: number): number {
  return samples / Math.max(1e-6, ms / 1000);
}

/**
 * The `error` that ends a diverged run, on the Optimizer node: the loss that became NaN or
 * Infinity (or null when unknown), or "outputs" when the model's outputs did and the loss hid it.
 */
export function divergedEvent(
  s: Pick<FitSetup, "runId" | "optimizerNodeId" | "learningRate">,
  epoch: number,
  batch: number,
  what: number | null | "outputs",
): TrainingEvent {
  const how =
    what === "outputs"
      ? "the model's outputs became NaN or Infinity"
      : what === null
        ? "the loss became NaN or Infinity"
        : `the loss became ${what}`;
  return {
    type: "error",
    runId: s.runId,
    nodeId: s.optimizerNodeId,
    epoch,
    batch,
    message: `${how} at epoch ${epoch}, batch ${batch}: training diverged. Lower the learning rate (now ${s.learningRate}) and train again`,
  };
}

/**
 * One optimizer step on the rows given; returns the batch loss, its correct predictions, and
 * whether every output was finite. The outputs come back to JavaScript with the loss, so the
 * accuracy and the NaN check cost no kernels (each one a dispatch through TF.js's engine).
 */
async function trainStep(
  s: FitSetup,
  vars: Variable[],
  rows: Int32Array,
  scratch: BatchScratch,
): Promise<[number, number, boolean]> {
  const { tf } = s;
  const { xs, ys, yValues } = batchOf(tf, s.samples, rows, scratch);
  const kept: { preds?: Tensor; cost?: Scalar | null } = {};
  try {
    kept.cost = s.optimizer.minimize(
      () => {
        kept.preds = tf.keep(s.model.apply(xs, { training: true }) as Tensor);
        return s.loss(ys, kept.preds);
      },
      true,
      vars,
    );
    const [loss, outputs] = await Promise.all([kept.cost?.data(), kept.preds?.data()]);
    if (!loss || !outputs) throw new Error("the optimizer returned no loss");
    const values = outputs as Float32Array;
    let finite = true;
    for (let i = 0; i < values.length && finite; i++) finite = Number.isFinite(values[i]);
    const hits = countCorrectRows(s.metric, yValues, values, values.length / rows.length) ?? 0;
    return [loss[0] as number, hits, finite];
  } finally {
    tf.dispose([xs, ys, ...[kept.cost, kept.preds].filter((t): t is Tensor => !!t)]);
  }
}

function validate(s: FitSetup) {
  const rows = s.validationRows;
  if (rows.length === 0) return null;
  return evaluate(s.tf, s.model, s.loss, s.metric, rows.length, (start, end) =>
    batchOf(s.tf, s.samples, rows.subarray(start, end)),
  );
}
