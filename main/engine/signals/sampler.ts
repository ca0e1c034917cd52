import type { LossName } from "../../../shared/catalog";
import type { ModelStep } from "../../../shared/compile";
import { type NodeSignal, SIGNAL_INTERVAL_MS, SIGNAL_MIN_BATCHES } from "../../../shared/signals";
import { disposePass, tracePass } from "../backprop/trace";
import { weightOwners } from "../backprop/weights";
import { batchOf } from "../batches";
import type { FitSetup } from "../epochs";
import { countCorrectRows } from "../metrics";
import type { Tensor } from "../tf";
import { packSignals, unpackSignals } from "./stats";

/** What a sampled batch reports: its node signals. */
export interface SampledSignals {
  nodes: NodeSignal[];
}

/**
 * Live signals of a run: which batches to sample (while `on` says they are wanted, at most one
 * per {@link SIGNAL_INTERVAL_MS} and never two within {@link SIGNAL_MIN_BATCHES} batches), and
 * what the graph's model looks like to take them.
 */
export class SignalSampler {
  private lastAt = Number.NEGATIVE_INFINITY;
  private since = Number.POSITIVE_INFINITY;

  constructor(
    readonly steps: readonly ModelStep[],
    readonly loss: LossName,
    private readonly on: () => boolean,
  ) {}

  /** Whether the coming batch, at time `now` (ms), is sampled. */
  due(now: number): boolean {
    this.since++;
    if (!this.on() || this.since < SIGNAL_MIN_BATCHES || now - this.lastAt < SIGNAL_INTERVAL_MS) return false;
    this.lastAt = now;
    this.since = 0;
    return true;
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
): Promise<{ result: [number, number, boolean]; signals: SampledSignals }> {
  const { tf, model } = s;
  const { xs, ys, yValues } = batchOf(tf, s.samples, rows);
  const { steps, loss } = sampler;
  const pass = tracePass({ tf, model, steps, loss, xs, ys, training: true, inputGrad: false });
  const preds = pass.outputs[pass.outputs.length - 1] as Tensor;
  let all: Tensor | undefined;
  try {
    all = tf.tidy(() => tf.concat([tf.reshape(pass.loss, [1]), tf.reshape(preds, [-1]), packSignals(tf, steps, pass)]));
    s.optimizer.applyGradients(
      Object.fromEntries(pass.variables.map((v, i) => [v.name, pass.weightGrads[i] as Tensor])),
    );
    const values = (await all.data()) as Float32Array;
    const outputs = values.subarray(1, 1 + preds.size);
    let finite = true;
    for (let i = 0; i < outputs.length && finite; i++) finite = Number.isFinite(outputs[i]);
    const hits = countCorrectRows(s.metric, yValues, outputs, outputs.length / rows.length) ?? 0;
    const owners = weightOwners(model, steps);
    const nodes = unpackSignals(steps, rows.length, owners, s.learningRate, values.subarray(1 + preds.size));
    return { result: [values[0] ?? Number.NaN, hits, finite], signals: { nodes } };
  } finally {
    tf.dispose([xs, ys, ...(all ? [all] : [])]);
    disposePass(tf, pass);
  }
}
