// The training part of `npm run bench`'s output: the sgemm figure, the bound it puts on training,
// each contender's samples/s, and each NetLoom backend's ratio to plain PyTorch.
//
// Every figure is the fastest of the rounds: other work on the machine only ever slows a run
// down, so the fastest round is the one it disturbed least, for NetLoom and PyTorch alike.
// Figures come in wall-clock time and in CPU time of the process, which other work disturbs less.

/** An optimized BLAS does tens of GFLOP/s on one core; the reference BLAS does a few. */
export const MIN_BLAS_GFLOPS = 15;

const best = (xs) => {
  const ok = xs.filter((x) => typeof x === "number" && Number.isFinite(x));
  return ok.length ? Math.max(...ok) : null;
};
const ratio = (a, b) => (a && b ? Number((a / b).toFixed(2)) : null);

/** Why PyTorch's figures cannot serve as the baseline, or null when they can. */
export function blasProblem(sgemm) {
  if (!sgemm || sgemm.error || sgemm.skipped || typeof sgemm.torchGflops !== "number") {
    return `PyTorch's matrix-product speed could not be measured (${sgemm?.error ?? sgemm?.skipped ?? "no result"})`;
  }
  if (sgemm.torchGflops >= MIN_BLAS_GFLOPS) return null;
  return (
    `PyTorch multiplies float32 matrices at ${sgemm.torchGflops} GFLOP/s on one thread ` +
    `(BLAS: ${sgemm.blas?.join(", ") || "unknown"}), under the ${MIN_BLAS_GFLOPS} any optimized BLAS reaches: ` +
    "it runs on the reference BLAS, not as PyTorch's users run it, and a ratio against it would flatter NetLoom. " +
    "Install an optimized BLAS (Debian: apt-get install libopenblas0-pthread) and run again"
  );
}

/** The fastest of each round's sgemm figures (rounds that measured nothing are left out). */
export function bestSgemm(lines) {
  const ok = lines.filter((l) => typeof l?.numpyGflops === "number");
  if (ok.length === 0) return lines[0] ?? { skipped: "not measured" };
  return {
    ...ok[0],
    numpyGflops: best(ok.map((l) => l.numpyGflops)),
    torchGflops: best(ok.map((l) => l.torchGflops)),
    rounds: ok.map((l) => [l.numpyGflops, l.torchGflops]),
  };
}

/**
 * Prints the sgemm line, the bound, one line per contender and batch size (samples/s and its
 * fraction of the bound), then the ratios to PyTorch, or why they are refused.
 * `measured` maps "who|variant|batch" to that contender's lines, one per round.
 */
export function reportTraining(measured, sgemmLines, noTorch, print) {
  // Plain PyTorch's lines name no backend; NetLoom's (its pytorch backend's too) do.
  const baseline = (lines) => lines?.[0]?.backend === undefined;
  const sgemm = bestSgemm(sgemmLines);
  print({ bench: "sgemm", ...sgemm });
  const flopsPerSample = [...measured.values()].flat().find((l) => l.flopsPerSample)?.flopsPerSample;
  const bound = sgemm.numpyGflops && flopsPerSample ? Math.round((sgemm.numpyGflops * 1e9) / flopsPerSample) : null;
  print({
    bench: "bound",
    what: "MNIST-preset samples per CPU second if every matrix product ran at this machine's one-thread sgemm speed",
    sgemmGflops1Thread: sgemm.numpyGflops ?? null,
    flopsPerSample: flopsPerSample ?? null,
    samplesPerCpuSec: bound,
    ...(sgemm.numpyGflops < MIN_BLAS_GFLOPS
      ? { note: "numpy runs on an unoptimized BLAS too, so this bound is far below the machine's" }
      : {}),
  });
  const fastest = new Map();
  for (const [key, lines] of measured) {
    const [, variant, batch] = key.split("|");
    const line = lines[0];
    const figures = {
      samplesPerSec: best(lines.map((l) => l.samplesPerSec)),
      samplesPerCpuSec: best(lines.map((l) => l.samplesPerCpuSec)),
    };
    fastest.set(key, figures);
    print({
      bench: "mnist-training",
      ...(baseline(lines)
        ? { framework: "pytorch", torch: line.torch, threads: variant === "1-thread" ? 1 : "default" }
        : { framework: "netloom", backend: line.backend, detail: line.detail, ...(variant ? { variant } : {}) }),
      batchSize: Number(batch),
      samples: line.samples,
      ...figures,
      ofBound: ratio(figures.samplesPerCpuSec, bound),
      rounds: lines.map((l) => [l.samplesPerSec, l.samplesPerCpuSec]),
    });
  }
  const problem = noTorch ?? blasProblem(sgemm);
  if (problem) return print({ bench: "ratio", refused: problem });
  for (const [key, ours] of fastest) {
    const [who, variant, batch] = key.split("|");
    if (baseline(measured.get(key))) continue;
    const torch1 = fastest.get(`plain-pytorch|1-thread|${batch}`);
    const torchN = fastest.get(`plain-pytorch|default-threads|${batch}`);
    print({
      bench: "ratio",
      netloom: `${who}${variant ? ` ${variant}` : ""}`,
      batchSize: Number(batch),
      vsPytorch1Thread: ratio(ours.samplesPerSec, torch1?.samplesPerSec),
      vsPytorch1ThreadCpuTime: ratio(ours.samplesPerCpuSec, torch1?.samplesPerCpuSec),
      vsPytorchDefaultThreads: ratio(ours.samplesPerSec, torchN?.samplesPerSec),
      vsPytorchDefaultThreadsCpuTime: ratio(ours.samplesPerCpuSec, torchN?.samplesPerCpuSec),
      ...(who === "wasm" && !variant ? { goal: "wasm >= 0.3x PyTorch single-thread" } : {}),
      // The backend runs PyTorch as plain PyTorch runs, threads and all: each variant against its like.
      ...(who === "pytorch"
        ? {
            goal: `pytorch backend >= 0.9x plain PyTorch, metrics streaming: read vs${variant ? "Pytorch1Thread" : "PytorchDefaultThreads"}`,
          }
        : {}),
    });
  }
}
