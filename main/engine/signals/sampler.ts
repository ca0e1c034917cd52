import type { LossName } from "../../../shared/catalog";
import type { ModelStep } from "../../../shared/compile";
import { type NodeSignal, SIGNAL_BUDGET, SIGNAL_INTERVAL_MS, SIGNAL_MIN_BATCHES } from "../../../shared/signals";
import { disposePass, tracePass } from "../backprop/trace";
import { weightOwners } from "../backprop/weights";
import { type BatchScratch, batchOf } from "../batches";
import type { FitSetup } from "../epochs";
import { countCorrectRows } from "../metrics";
import type { Tensor } from "../tf";
import { packSignals, unpackSignals } from "./stats";

/** What a sampled batch reports: its node signals. */
export interface SampledSignals {
  nodes: NodeSignal[];
}

/**
 * Live signals of a run: which batches to sample while `on` says they are wanted. The first batch
 * is sampled, then at most one per {@link SIGNAL_INTERVAL_MS}, never two within
 * {@link SIGNAL_MIN_BATCHES} batches, and never sooner than the extra time the last sampled batch
 * took over a plain one, divided by {@link SIGNAL_BUDGET}: on a slow backend, or a busy machine,
 * samples come less often, so signals cost training the same small share of its time everywhere.
 */
export class SignalSampler {
  private lastAt = Number.NEGATIVE_INFINITY;
  private since = Number.POSITIVE_INFINITY;
  /** Milliseconds of a plain batch (a moving average), null until one is timed. */
  private plainMs: number | null = null;
  /** Milliseconds a sampled batch takes beyond a plain one. */
  private extraMs = 0;

  constructor(
    readonly steps: readonly ModelStep[],
    readonly loss: LossName,
    private readonly on: () => boolean,
  ) {}

  /** Whether the coming batch, at time `now` (ms), is sampled. */
  due(now: number): boolean {
    this.since++;
    if (!this.on() || this.since < SIGNAL_MIN_BATCHES) return false;
    if (now - this.lastAt < Math.max(SIGNAL_INTERVAL_MS, this.extraMs / SIGNAL_BUDGET)) return false;
    this.lastAt = now;
    this.since = 0;
    return true;
  }

  /** Tells how long a batch's step took (ms) and whether it was sampled. */
  took(ms: number, sampled: boolean): void {
    const plain = this.plainMs;
    if (!sampled) {
      // A moving average of the last few dozen batches; a stall (a collection, another process) counts as at most 3 batches.
      this.plainMs = plain === null ? ms : plain + 0.05 * (Math.min(ms, 3 * plain) - plain);
      return;
    }
    // The run's first batch also builds the kernels: it says nothing of what sampling costs.
    if (plain === null) return;
    // A sampled step does a plain step's work and a few reductions more: beyond twice a plain
    // step's time, the extra is a stall (a collection, another process), not what sampling costs.
    const extra = Math.min(Math.max(0, ms - plain), 2 * plain);
    this.extraMs = this.extraMs === 0 ? extra : (this.extraMs + extra) / 2;
  }
}

/**
 * One training step on `rows` that also measures its signals: the same update a plain step makes
 * (one traced forward and backward pass, then the optimizer), with the signals reduced on the
 * backend and downloaded with the loss in one read. Returns what a plain step returns, and the signals.
 */
export async function sampledStep(
  s: FitSetup,
  sampler: SignalSampler,
  rows: Int32Array,
  scratch?: BatchScratch,
): Promise<{ result: [number, number, boolean]; signals: SampledSignals }> {
  const { tf, model } = s;
  const { xs, ys, yValues } = batchOf(tf, s.samples, rows, scratch);
  const { steps, loss } = sampler;
  const pass = tracePass({ tf, model, steps, loss, xs, ys, training: true, inputGrad: false });
  const preds = pass.outputs[pass.outputs.length - 1] as Tensor;
  let all: Tensor | undefined;
  // Clones share the weights' data: the optimizer gives each variable new data, the clones keep the old.
  const before = pass.variables.map((v) => tf.clone(v));
  try {
    s.optimizer.applyGradients(
      Object.fromEntries(pass.variables.map((v, i) => [v.name, pass.weightGrads[i] as Tensor])),
    );
    all = tf.tidy(() =>
      tf.concat([
        tf.reshape(pass.loss, [1]),
        tf.reshape(preds, [-1]),
        packSignals(tf, steps, pass, before, pass.variables),
      ]),
    );
    const values = (await all.data()) as Float32Array;
    const outputs = values.subarray(1, 1 + preds.size);
    let finite = true;
    for (let i = 0; i < outputs.length && finite; i++) finite = Number.isFinite(outputs[i]);
    const hits = countCorrectRows(s.metric, yValues, outputs, outputs.length / rows.length) ?? 0;
    const owners = weightOwners(model, steps);
    const nodes = unpackSignals(steps, rows.length, owners, values.subarray(1 + preds.size));
    return { result: [values[0] ?? Number.NaN, hits, finite], signals: { nodes } };
  } finally {
    tf.dispose([xs, ys, ...before, ...(all ? [all] : [])]);
    disposePass(tf, pass);
  }
}
