/**
 * What live signals cost: one MNIST-preset training run with the engine's own loop, its batches
 * in blocks with signals off and on, so both see the same machine at nearly the same moment (other
 * work on a shared machine drifts slowly). The first block warms up and is not counted; the others
 * go off, on, on, off, off, on..., so a run that speeds up or slows down favours neither. Prints each block pair and a summary: the
 * samples/s of all off and all on blocks, by the wall clock and per second of the process's CPU,
 * the median of the pairs' on/off ratios, and the CPU time of a plain and of a sampled batch
 * (medians), from which the share signals add at the rate they were sampled follows.
 *
 * Usage: tsx bench/signals.ts [--backend wasm] [--samples 9600] [--epochs 6] [--block 120]
 */
import { parseArgs } from "node:util";
import { SignalSampler } from "../main/engine/signals/sampler";
import type { BackendName } from "../shared/run";
import { cpuSeconds, mnistSetup, trainPass } from "./mnistSetup";

const { values } = parseArgs({
  options: {
    backend: { type: "string", default: "wasm" },
    samples: { type: "string", default: "9600" },
    epochs: { type: "string", default: "6" },
    block: { type: "string", default: "120" },
  },
});
const backend = values.backend as BackendName;
const samples = Number(values.samples);
const block = Number(values.block);
const print = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);

const setup = await mnistSetup("signals", backend, samples);
const { choice, compiled, rows } = setup;
const batchSize = compiled.dataPlan.batchSize;

interface Block {
  on: boolean;
  seconds: number;
  cpu: number;
  sampled: number;
}
const blocks: Block[] = [];
/** CPU seconds of each counted batch, whether signals were on for it, and whether it was sampled. */
const batchCpu: { cpu: number; on: boolean; sampled: boolean }[] = [];
/** Whether each block after the warm-up has signals on: off, on, on, off, repeated. */
const ORDER = [false, true, true, false];

/** The engine's sampler, recording each batch's CPU time and whether it was sampled. */
class TimedSampler extends SignalSampler {
  private last: { cpu: number; on: boolean; sampled: boolean; counted: boolean } | null = null;
  override due(now: number): boolean {
    const cpu = cpuSeconds();
    if (this.last?.counted) batchCpu.push({ ...this.last, cpu: cpu - this.last.cpu });
    const sampled = super.due(now);
    this.last = { cpu, on, sampled, counted: index > 0 };
    return sampled;
  }
}
let batches = 0;
/** The block the coming batch is in; 0 warms up. */
let index = 0;
let on = false;
let sampled = 0;
let mark = { wall: performance.now(), cpu: cpuSeconds() };

/** Ends the current block of batches. */
function closeBlock(): void {
  const now = { wall: performance.now(), cpu: cpuSeconds() };
  if (index > 0) blocks.push({ on, seconds: (now.wall - mark.wall) / 1000, cpu: now.cpu - mark.cpu, sampled });
  mark = now;
  sampled = 0;
}

/** Called once a batch by the sampler: closes a block every `block` batches and sets the next one's signals. */
function signalsWanted(): boolean {
  // The first block starts at the first batch, after the model is built.
  if (batches === 0) mark = { wall: performance.now(), cpu: cpuSeconds() };
  if (batches > 0 && batches % block === 0) {
    closeBlock();
    index++;
    on = ORDER[(index - 1) % ORDER.length] as boolean;
  }
  batches++;
  return on;
}

/** Samples every fourth batch: the warm-up builds the kernels of both kinds of step. */
class WarmUpSampler extends SignalSampler {
  private n = 0;
  override due(): boolean {
    return this.n++ % 4 === 0;
  }
}
await trainPass(setup, rows.subarray(0, batchSize * 40), batchSize, {
  signals: new WarmUpSampler(compiled.steps, compiled.loss.name, () => true),
});
batches = 0;
await trainPass(
  setup,
  rows,
  batchSize,
  { epochs: Number(values.epochs), signals: new TimedSampler(compiled.steps, compiled.loss.name, signalsWanted) },
  (e) => {
    if (e.type === "signals") sampled++;
  },
);
if (batches % block === 0) closeBlock();

const perBlock = block * batchSize;
const ratios: number[] = [];
for (let i = 0; i + 1 < blocks.length; i += 2) {
  const pair = [blocks[i], blocks[i + 1]] as [Block, Block];
  const [off, with_] = pair[0].on ? [pair[1], pair[0]] : pair;
  ratios.push(off.seconds / with_.seconds);
  print({
    bench: "signals",
    pair: i / 2 + 1,
    offPerSec: Math.round(perBlock / off.seconds),
    onPerSec: Math.round(perBlock / with_.seconds),
    offPerCpuSec: Math.round(perBlock / off.cpu),
    onPerCpuSec: Math.round(perBlock / with_.cpu),
    sampledOn: with_.sampled,
  });
}
const total = (want: boolean, of: "seconds" | "cpu") =>
  blocks.filter((b) => b.on === want).reduce((s, b) => s + b[of], 0);
const count = (want: boolean) => blocks.filter((b) => b.on === want).length * perBlock;
const middle = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? Number.NaN;
const median = middle(ratios);
const plainCpu = middle(batchCpu.filter((b) => !b.sampled).map((b) => b.cpu));
const sampledCpu = middle(batchCpu.filter((b) => b.sampled).map((b) => b.cpu));
const sampledShare = batchCpu.filter((b) => b.sampled).length / Math.max(1, batchCpu.filter((b) => b.on).length);
const rate = (want: boolean, of: "seconds" | "cpu") => count(want) / total(want, of);
print({
  bench: "signals-summary",
  backend,
  detail: choice.detail,
  batchSize,
  blockBatches: block,
  pairs: ratios.length,
  sampledBatches: blocks.filter((b) => b.on).reduce((s, b) => s + b.sampled, 0),
  samplesPerSecOff: Math.round(rate(false, "seconds")),
  samplesPerSecOn: Math.round(rate(true, "seconds")),
  onOverOff: Number((rate(true, "seconds") / rate(false, "seconds")).toFixed(4)),
  samplesPerCpuSecOff: Math.round(rate(false, "cpu")),
  samplesPerCpuSecOn: Math.round(rate(true, "cpu")),
  cpuOnOverOff: Number((rate(true, "cpu") / rate(false, "cpu")).toFixed(4)),
  medianPairOnOverOff: Number(median.toFixed(4)),
  plainBatchCpuMs: Number((plainCpu * 1000).toFixed(2)),
  sampledBatchCpuMs: Number((sampledCpu * 1000).toFixed(2)),
  // Of the batches trained with signals on, this share was sampled; each cost the extra CPU above.
  sampledShareWhileOn: Number(sampledShare.toFixed(4)),
  cpuAddedWhileOn: Number((((sampledCpu - plainCpu) * sampledShare) / plainCpu).toFixed(4)),
});
process.exit(0);
