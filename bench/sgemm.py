"""Measures this machine's single-thread float32 matrix product (sgemm) in numpy and in PyTorch,
and names the BLAS library each one loaded. Prints one JSON line.

The MNIST preset's training is matrix products, so one-thread sgemm bounds what any framework
can reach on one core; PyTorch's own figure shows whether the baseline runs on an optimized BLAS
(OpenBLAS, tens of GFLOP/s) or on the reference BLAS (a few GFLOP/s).

Usage: python3 sgemm.py [--size 1024]
"""
import argparse
import json
import os
import sys
import time

# BLAS libraries read their thread count when they load, so this comes before any import of them.
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[var] = "1"


def gflops(matmul, a, b, n):
    """Best rate of several timed runs of about 0.2 s each, in CPU time of the one thread, which
    other work on the machine disturbs less than wall-clock time."""
    matmul(a, b)
    start = time.process_time()
    matmul(a, b)
    reps = max(1, int(0.2 / max(1e-6, time.process_time() - start)))
    best = 0.0
    for _ in range(3):
        start = time.process_time()
        for _ in range(reps):
            matmul(a, b)
        best = max(best, 2 * n**3 * reps / max(1e-6, time.process_time() - start) / 1e9)
    return round(best, 1)


def blas_libraries():
    """The BLAS shared objects mapped into this process (Linux), by file name."""
    try:
        with open("/proc/self/maps") as f:
            paths = {line.split()[-1] for line in f if ".so" in line}
    except OSError:
        return []
    names = ("blas", "mkl", "blis", "atlas", "accelerate")
    return sorted(p for p in paths if any(n in os.path.basename(p).lower() for n in names))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--size", type=int, default=1024)
    n = p.parse_args().size
    out = {"bench": "sgemm", "size": n, "threads": 1}
    try:
        import numpy as np
    except ImportError as err:
        print(json.dumps({**out, "skipped": f"numpy is not installed ({err})"}))
        return 0
    rng = np.random.default_rng(0)
    a = rng.random((n, n), dtype=np.float32)
    b = rng.random((n, n), dtype=np.float32)
    out["numpyGflops"] = gflops(np.dot, a, b, n)
    try:
        import torch
    except ImportError:
        out["torchGflops"] = None
    else:
        torch.set_num_threads(1)
        out["torchGflops"] = gflops(torch.mm, torch.from_numpy(a), torch.from_numpy(b), n)
        out["torch"] = torch.__version__
    out["blas"] = blas_libraries()
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
