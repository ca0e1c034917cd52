// The training part of `npm run bench`'s output: the sgemm figure, the bound it puts on training,
// each contender's samples/s, and each NetLoom backend's ratio to plain PyTorch.

/** An optimized BLAS does tens of GFLOP/s on one core; the reference BLAS does a few. */
export const MIN_BLAS_GFLOPS = 15;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const round2 = (x) => (Number.isFinite(x) ? Number(x.toFixed(2)) : null);

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

/** The median of each round's sgemm figures (rounds that measured nothing are left out). */
export function medianSgemm(lines) {
  const ok = lines.filter((l) => typeof l?.numpyGflops === "number");
  if (ok.length === 0) return lines[0] ?? { skipped: "not measured" };
  const torch = ok.map((l) => l.torchGflops).filter((g) => typeof g === "number");
  return {
    ...ok[0],
    numpyGflops: median(ok.map((l) => l.numpyGflops)),
    torchGflops: torch.length === ok.length ? median(torch) : null,
    rounds: ok.map((l) => [l.numpyGflops, l.torchGflops]),
  };
}

/**
 * The median over rounds of `a / b` in `field`, each round's pair measured a minute or two apart:
 * other processes on the machine slow a round's contenders alike, so a paired ratio is steadier
 * than a ratio of medians.
 */
function pairedRatio(a, b, field) {
  const ratios = a.flatMap((x) => {
    const y = b?.find((l) => l.round === x.round);
    return y?.[field] && x[field] ? [x[field] / y[field]] : [];
  });
  return ratios.length ? round2(median(ratios)) : null;
}

/**
 * Prints the sgemm line, the bound, one line per contender and batch size (median samples/s and
 * its fraction of the bound), then the ratios to PyTorch, or why they are refused.
 * `measured` maps "who|variant|batch" to that contender's lines, one per round (`round` set).
 */
export function reportTraining(measured, sgemmLines, noTorch, print) {
  const sgemm = medianSgemm(sgemmLines);
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
  for (const [key, lines] of measured) {
    const [who, variant, batch] = key.split("|");
    const line = lines[0];
    const sps = median(lines.map((l) => l.samplesPerSec));
    const perCpuSec = median(lines.map((l) => l.samplesPerCpuSec));
    print({
      bench: "mnist-training",
      ...(who === "pytorch"
        ? { framework: "pytorch", torch: line.torch, threads: variant === "1-thread" ? 1 : line.threads }
        : { framework: "netloom", backend: line.backend, detail: line.detail, ...(variant ? { variant } : {}) }),
      batchSize: Number(batch),
      samples: line.samples,
      samplesPerSec: sps,
      samplesPerCpuSec: perCpuSec,
      ofBound: bound ? round2(perCpuSec / bound) : null,
      rounds: lines.map((l) => [l.samplesPerSec, l.samplesPerCpuSec]),
    });
  }
  const problem = noTorch ?? blasProblem(sgemm);
  if (problem) return print({ bench: "ratio", refused: problem });
  for (const [key, lines] of measured) {
    const [who, variant, batch] = key.split("|");
    if (who === "pytorch") continue;
    print({
      bench: "ratio",
      netloom: `${who}${variant ? ` ${variant}` : ""}`,
      batchSize: Number(batch),
      vsPytorch1Thread: pairedRatio(lines, measured.get(`pytorch|1-thread|${batch}`), "samplesPerSec"),
      vsPytorch1ThreadCpuTime: pairedRatio(lines, measured.get(`pytorch|1-thread|${batch}`), "samplesPerCpuSec"),
      vsPytorchDefaultThreads: pairedRatio(lines, measured.get(`pytorch|default-threads|${batch}`), "samplesPerSec"),
      ...(who === "wasm" && !variant ? { goal: "wasm >= 0.3x PyTorch single-thread" } : {}),
    });
  }
}
