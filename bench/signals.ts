/**
 * What live signals cost: MNIST-preset training with signals off and on, in alternating passes
 * over the same samples in one process, with the engine's own loop. Prints one JSON line per pass
 * and a summary with the median samples/s of each and their ratio, by the wall clock and per
 * second of the process's CPU time (steadier where other work shares the cores).
 *
 * Usage: tsx bench/signals.ts [--backend wasm] [--samples 9600] [--rounds 4]
 */
import { parseArgs } from "node:util";
import { SignalSampler } from "../main/engine/signals/sampler";
import type { BackendName } from "../shared/run";
import { mnistSetup, trainPass } from "./mnistSetup";

const { values } = parseArgs({
  options: {
    backend: { type: "string", default: "wasm" },
    samples: { type: "string", default: "9600" },
    rounds: { type: "string", default: "4" },
  },
});
const backend = values.backend as BackendName;
const samples = Number(values.samples);
const print = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);

const setup = await mnistSetup("signals", backend, samples);
const { choice, compiled, rows } = setup;

/** One pass over `trainRows`, signals on or off; returns wall and CPU seconds and the batches sampled. */
async function pass(signals: boolean, trainRows: Int32Array) {
  let sampled = 0;
  const sampler = new SignalSampler(compiled.steps, compiled.loss.name, () => signals);
  const time = await trainPass(setup, trainRows, compiled.dataPlan.batchSize, { signals: sampler }, (e) => {
    if (e.type === "signals") sampled++;
  });
  return { ...time, sampled };
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? Number.NaN;
await pass(false, rows.subarray(0, 32 * 20));
await pass(true, rows.subarray(0, 32 * 20));
const speeds: Record<"off" | "on", number[]> = { off: [], on: [] };
const cpuSpeeds: Record<"off" | "on", number[]> = { off: [], on: [] };
for (let round = 1; round <= Number(values.rounds); round++) {
  // Alternating which goes first keeps a slow stretch of a shared machine from favouring either.
  for (const signals of round % 2 ? [false, true] : [true, false]) {
    const { seconds, cpuSeconds: cpu, sampled } = await pass(signals, rows);
    const samplesPerSec = samples / seconds;
    const samplesPerCpuSec = samples / cpu;
    speeds[signals ? "on" : "off"].push(samplesPerSec);
    cpuSpeeds[signals ? "on" : "off"].push(samplesPerCpuSec);
    const perSec = { samplesPerSec: Math.round(samplesPerSec), samplesPerCpuSec: Math.round(samplesPerCpuSec) };
    print({ bench: "signals", backend, round, signals, sampled, ...perSec });
  }
}
const off = median(speeds.off);
const on = median(speeds.on);
const cpuOff = median(cpuSpeeds.off);
const cpuOn = median(cpuSpeeds.on);
print({
  bench: "signals-summary",
  backend,
  detail: choice.detail,
  samples,
  batchSize: compiled.dataPlan.batchSize,
  samplesPerSecOff: Math.round(off),
  samplesPerSecOn: Math.round(on),
  onOverOff: Number((on / off).toFixed(4)),
  samplesPerCpuSecOff: Math.round(cpuOff),
  samplesPerCpuSecOn: Math.round(cpuOn),
  cpuOnOverOff: Number((cpuOn / cpuOff).toFixed(4)),
});
process.exit(0);
